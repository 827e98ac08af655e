/**
 * The engineer's calculator: for N channels of message type T at capacity C, what each crate allocates
 * at creation, when holding C messages, and after draining them, side by side. Every figure comes from
 * running the crate models themselves; the formula text (each crate's descriptor) only explains them,
 * and a test checks that its numbers are the models' figures.
 */
import { Heap } from './heap.ts';
import { payloadBlocks, type MessageType } from './layout.ts';
import { allocPayloads, freePayloads, payloadAllocs } from './payload.ts';
import {
  channelParams,
  createChannel,
  flavorOf,
  implNames,
  type CrateRefusal,
  type ImplName,
} from './channels/index.ts';

export interface CalculatorInput {
  readonly message: MessageType;
  /** capacity of bounded kinds, permits of the semaphore gate, and the number of messages sent to every kind */
  readonly capacity: number;
  /** number of identical channels */
  readonly channels: number;
  readonly impls?: readonly ImplName[];
}

export interface CalculatorRow {
  readonly impl: ImplName;
  /** bytes of one channel right after creation */
  readonly create: number;
  /** bytes of one channel holding the messages it accepted (at most C), message payloads included */
  readonly full: number;
  /** messages the channel accepted out of C */
  readonly accepted: number;
  /** bytes of one channel after receiving every message */
  readonly drained: number;
  readonly allocsToFill: number;
  /** totals for N channels */
  readonly totalCreate: number;
  readonly totalFull: number;
  readonly totalDrained: number;
  readonly formula: string;
  readonly refusal: CrateRefusal | null;
}

/** Rows for every implementation (or the chosen ones). A crate that panics on the input gets its refusal. */
export function calculate(input: CalculatorInput): CalculatorRow[] {
  return (input.impls ?? implNames()).map((impl) => row(impl, input));
}

function row(impl: ImplName, { message, capacity, channels }: CalculatorInput): CalculatorRow {
  const heap = new Heap();
  const r = createChannel(impl, heap, channelParams(impl, message, { capacity, permits: capacity }));
  const formula = formulaFor(impl, message, capacity);
  if (!r.ok) {
    return {
      impl,
      create: 0,
      full: 0,
      accepted: 0,
      drained: 0,
      allocsToFill: 0,
      totalCreate: 0,
      totalFull: 0,
      totalDrained: 0,
      formula,
      refusal: r.refusal,
    };
  }
  const ch = r.channel;
  const create = heap.liveBytes;
  const allocsBefore = heap.allocs;
  const blocks = payloadBlocks(message);
  allocPayloads(heap, blocks, capacity);
  const sent = ch.sendMany(0, capacity);
  freePayloads(heap, blocks, sent.full + sent.closed);
  const full = heap.liveBytes;
  // the channel's own allocations: the messages' heap parts are not the channel's doing
  const allocsToFill = heap.allocs - allocsBefore - payloadAllocs(blocks) * capacity;
  const got = ch.recvMany(sent.sent);
  freePayloads(heap, blocks, got);
  const drained = heap.liveBytes;
  return {
    impl,
    create,
    full,
    accepted: sent.sent,
    drained,
    allocsToFill,
    totalCreate: create * channels,
    totalFull: full * channels,
    totalDrained: drained * channels,
    formula,
    refusal: null,
  };
}

/** A one-line explanation of where the creation bytes come from, with this T's numbers filled in. */
export function formulaFor(impl: ImplName, message: MessageType, capacity: number): string {
  return flavorOf(impl).formula(message, capacity);
}
