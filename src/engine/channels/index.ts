/**
 * The registry of crates: every consumer (the engine, the golden replay, the calculator, the worker's
 * controls, the UI) asks it, never a list of its own. Each crate file ends with its descriptor
 * (descriptor.ts says what one holds); adding a crate is adding its file to CRATES below and its
 * names to IMPL_NAMES (types.ts, the vocabulary of scenarios and golden files): see ../README.md.
 */
import type { Heap } from '../heap.ts';
import type { MessageType } from '../layout.ts';
import { asyncChannelCrate } from './async-channel.ts';
import { crossbeamCrate } from './crossbeam.ts';
import {
  paramsFor,
  type Bounds,
  type BoundKind,
  type CrateDescriptor,
  type FlavorDescriptor,
} from './descriptor.ts';
import { flumeCrate } from './flume.ts';
import { futuresCrate } from './futures.ts';
import { stdCrate } from './std.ts';
import { tokioCrate } from './tokio.ts';
import type { ChannelParams, CreateResult, ImplName } from './types.ts';

/** In the order the app lists them. */
const CRATES: CrateDescriptor[] = [
  tokioCrate,
  futuresCrate,
  crossbeamCrate,
  stdCrate,
  flumeCrate,
  asyncChannelCrate,
];

const byImpl = new Map<string, { crate: CrateDescriptor; flavor: FlavorDescriptor }>();
function index(c: CrateDescriptor): void {
  for (const flavor of c.flavors) {
    if (byImpl.has(flavor.impl)) throw new Error(`${flavor.impl} is registered twice`);
    byImpl.set(flavor.impl, { crate: c, flavor });
  }
}
CRATES.forEach(index);

/**
 * Adds a crate at run time (tests use it to prove that every consumer picks a new crate up). A
 * crate of the app itself is listed in CRATES instead.
 */
export function registerCrate(c: CrateDescriptor): () => void {
  if (CRATES.some((x) => x.key === c.key)) throw new Error(`crate ${c.key} is registered twice`);
  index(c);
  CRATES.push(c);
  return () => {
    CRATES.splice(CRATES.indexOf(c), 1);
    for (const f of c.flavors) byImpl.delete(f.impl);
  };
}

/** Every crate, in display order. */
export function crates(): readonly CrateDescriptor[] {
  return CRATES;
}

/** Every implementation of every crate, in display order. */
export function implNames(): ImplName[] {
  return CRATES.flatMap((c) => c.flavors.map((f) => f.impl));
}

function entry(impl: ImplName): { crate: CrateDescriptor; flavor: FlavorDescriptor } {
  const e = byImpl.get(impl);
  if (e === undefined) throw new Error(`no crate registered for ${impl}`);
  return e;
}

/** The crate an implementation belongs to. */
export function crateOfImpl(impl: ImplName): CrateDescriptor {
  return entry(impl).crate;
}

export function flavorOf(impl: ImplName): FlavorDescriptor {
  return entry(impl).flavor;
}

/** The crate with this key ("tokio", "async"), if any. */
export function crateByKey(key: string): CrateDescriptor | undefined {
  return CRATES.find((c) => c.key === key);
}

/** Whether the implementation takes a capacity (`capacity`) or permits (`permits`) or nothing. */
export function boundKind(impl: ImplName): BoundKind {
  return flavorOf(impl).bound;
}

/** The constructor's parameters for `impl`, taking from `bounds` what its bound kind needs. */
export function channelParams(impl: ImplName, message: MessageType, bounds: Bounds): ChannelParams {
  return paramsFor(boundKind(impl), message, bounds);
}

/** Creates a channel of `impl`, allocating what the real constructor allocates on `heap`. */
export function createChannel(impl: ImplName, heap: Heap, params: ChannelParams): CreateResult {
  return crateOfImpl(impl).create(impl, heap, params);
}

export { IMPL_NAMES, isImplName, HandleError } from './types.ts';
export type * from './structure.ts';
export { LISTED_MAX } from './structure.ts';
/** futures-channel's parked-queue entries (one node each): the readouts count parked Senders by it */
export { SITE_PARKED_NODE } from './futures.ts';
export type { BoundKind, Bounds, CrateDescriptor, FlavorDescriptor } from './descriptor.ts';
export type {
  ChannelModel,
  ChannelParams,
  CreateResult,
  ImplName,
  CrateRefusal,
  SendOutcome,
} from './types.ts';
