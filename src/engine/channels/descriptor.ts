/**
 * What the rest of the app knows about a crate, in one place: each crate file ends with one
 * `CrateDescriptor` (names, labels, constructors, bound kinds, exactness, formula text, factory),
 * and the registry (index.ts) is what every consumer reads. See "Adding a crate" in ../README.md.
 */
import type { Heap } from '../heap.ts';
import type { MessageType } from '../layout.ts';
import type { ChannelParams, CreateResult, ImplName } from './types.ts';

/** What a constructor's number means: a capacity, semaphore permits, or nothing (unbounded). */
export type BoundKind = 'capacity' | 'permits' | 'none';

/** One way to build a channel of a crate (`bounded(C)`, `unbounded()`, …): one ImplName. */
export interface FlavorDescriptor {
  readonly impl: ImplName;
  /** the strategy kind that uses this flavor: a bounded channel, an unbounded one, or tokio's semaphore gate */
  readonly kind: 'bounded' | 'unbounded' | 'semaphore';
  readonly bound: BoundKind;
  /**
   * A full bounded channel holds exactly `capacity` messages (not futures-channel, which adds one
   * per sender): the steady-state fast path relies on it.
   */
  readonly exactCapacity: boolean;
  /** the constructor as a table writes it: `mpsc::channel(C)` */
  readonly call: string;
  /** the expression a reader writes, with the Rust type `t` and the bound `n` filled in */
  expression(t: string, n: string): string;
  /**
   * A one-line explanation of where the creation bytes come from, with this T's numbers filled in.
   * Every number in it is the model's own figure (test/unit/crate-descriptors.test.ts).
   */
  formula(message: MessageType, capacity: number): string;
}

export interface CrateDescriptor {
  /** the prefix of its ImplNames and the value of the app's Channel control: "tokio", "async" */
  readonly key: string;
  /** the package name: "tokio", "futures-channel", "async-channel" */
  readonly cargo: string;
  /** how strategy labels name it: "crossbeam unbounded" */
  readonly short: string;
  /** the Channel control's label: "tokio::sync::mpsc" */
  readonly label: string;
  /**
   * the release the model reproduces and the golden traces were measured with, as a figure's
   * attribution names it: "tokio 1.53.1" (shared/golden/README.md §1: rustc 1.95.0, x86_64)
   */
  readonly version: string;
  readonly flavors: readonly FlavorDescriptor[];
  /** builds a channel of one of its flavors, allocating what the real constructor allocates */
  create(impl: ImplName, heap: Heap, params: ChannelParams): CreateResult;
}

/** The numbers a strategy, a golden case or the calculator may give a constructor. */
export interface Bounds {
  readonly capacity?: number;
  readonly permits?: number;
}

/** The parameters a flavor's constructor takes, picked by its bound kind (NaN when missing: refused). */
export function paramsFor(bound: BoundKind, message: MessageType, b: Bounds): ChannelParams {
  if (bound === 'capacity') return { message, capacity: b.capacity ?? Number.NaN };
  if (bound === 'permits') return { message, permits: b.permits ?? Number.NaN };
  return { message };
}
