/**
 * The app's controls and where each one lives in a scenario. One key per control ("capacity"), read
 * by the UI (`valuesOf`) and written by the worker (`applyChanges`), so the two never disagree. A
 * control can touch several places: "Capacity" sets the capacity of every bounded strategy.
 */
import type { ImplName } from '../engine/channels/types.ts';
import type { Scenario, StrategySpec } from '../engine/scenario/index.ts';
import { strategyImpl } from '../engine/scenario/index.ts';
import type { ParamChanges, ParamValue } from './protocol.ts';

export const CRATES = ['tokio', 'futures', 'crossbeam', 'std', 'flume', 'async'] as const;
export type Crate = (typeof CRATES)[number];
export const CRATE_LABELS: Record<Crate, string> = {
  tokio: 'tokio::sync::mpsc',
  futures: 'futures-channel mpsc',
  crossbeam: 'crossbeam-channel',
  std: 'std::sync::mpsc',
  flume: 'flume',
  async: 'async-channel',
};
/** The "Channel" value when strategies use different crates (as some presets do). */
export const MIXED = 'mixed';

export const PARAM_KEYS = [
  'payload',
  'messageSize',
  'producers',
  'rate',
  'leaving',
  'leaveAtMs',
  'consumers',
  'serviceUs',
  'channel',
  'capacity',
  'permits',
  'send',
  'timeoutMs',
  'channels',
  'busyChannels',
] as const;
export type ParamKey = (typeof PARAM_KEYS)[number];

const isCrate = (x: string): x is Crate => (CRATES as readonly string[]).includes(x);

export function crateOf(impl: ImplName): Crate {
  const c = impl.split('-')[0] ?? '';
  return isCrate(c) ? c : 'tokio';
}

/** The implementation a strategy of `kind` uses with `crate`. */
export function implFor(crate: Crate, kind: StrategySpec['kind']): ImplName {
  if (kind === 'bounded') return crate === 'std' ? 'std-sync' : (`${crate}-bounded` as ImplName);
  if (kind === 'semaphore-producer' && crate === 'tokio') return 'tokio-semaphore';
  return `${crate}-unbounded` as ImplName;
}

/** Control values of a validated scenario. */
export function valuesOf(s: Scenario): Record<ParamKey, ParamValue> {
  const bounded = s.strategies.find((x) => x.kind === 'bounded');
  const gated = s.strategies.find((x) => x.kind.startsWith('semaphore'));
  const crates = new Set(s.strategies.map((x) => crateOf(strategyImpl(x))));
  return {
    payload: s.message.type,
    messageSize: s.message.bytes,
    producers: s.producers.count,
    rate: s.producers.ratePerSec,
    leaving: s.producers.disconnectCount,
    leaveAtMs: s.producers.disconnectAtMs,
    consumers: s.consumers.count,
    serviceUs: s.consumers.serviceUs,
    channel: crates.size === 1 ? ([...crates][0] ?? 'tokio') : MIXED,
    capacity: bounded?.capacity ?? 128,
    permits: gated?.permits ?? 1024,
    send: bounded?.send ?? 'await',
    timeoutMs: bounded?.timeoutMs ?? 100,
    channels: s.channels.count,
    busyChannels: s.channels.active,
  };
}

/** Which controls apply to a scenario (e.g. no "Capacity" when no strategy is bounded). */
export function applicable(s: Pick<Scenario, 'strategies'>): Record<ParamKey, boolean> {
  const has = (k: StrategySpec['kind'] | 'semaphore') =>
    s.strategies.some((x) => (k === 'semaphore' ? x.kind.startsWith('semaphore') : x.kind === k));
  const all = Object.fromEntries(PARAM_KEYS.map((k) => [k, true])) as Record<ParamKey, boolean>;
  return {
    ...all,
    capacity: has('bounded'),
    send: has('bounded'),
    timeoutMs: has('bounded'),
    permits: has('semaphore'),
  };
}

const str = (v: ParamValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * A copy of the scenario (as JSON) with the changes applied. Values are not checked here: the
 * engine's schema validates the result and names the field when a value is out of range.
 */
export function applyChanges(s: Scenario, changes: ParamChanges): Record<string, unknown> {
  // shallow copies of the parts a control writes; the schema builds the validated scenario anew
  const message: Record<string, unknown> = { ...s.message };
  const producers: Record<string, unknown> = { ...s.producers };
  const consumers: Record<string, unknown> = { ...s.consumers };
  const channels: Record<string, unknown> = { ...s.channels };
  const c = changes as Partial<Record<ParamKey, ParamValue>>;
  if (c.payload !== undefined) message.type = c.payload;
  if (c.messageSize !== undefined) message.bytes = c.messageSize;
  if (c.producers !== undefined) {
    producers.count = c.producers;
    // fewer producers than leavers would be refused; keep the leavers within the new count
    if (typeof c.producers === 'number' && s.producers.disconnectCount > c.producers) {
      producers.disconnectCount = c.producers;
    }
  }
  if (c.leaving !== undefined) producers.disconnectCount = c.leaving;
  if (c.leaveAtMs !== undefined) producers.disconnectAtMs = c.leaveAtMs;
  if (c.rate !== undefined) producers.ratePerSec = c.rate;
  if (c.consumers !== undefined) consumers.count = c.consumers;
  if (c.serviceUs !== undefined) consumers.serviceUs = c.serviceUs;
  if (c.channels !== undefined) {
    channels.count = c.channels;
    // fewer channels than busy ones would be refused; keep the busy share within the new count
    if (typeof c.channels === 'number' && s.channels.active > c.channels) channels.active = c.channels;
  }
  if (c.busyChannels !== undefined) channels.active = c.busyChannels;
  const crate = str(c.channel);
  const strategies = s.strategies.map((spec) => {
    const st: Record<string, unknown> = { ...spec };
    const kind = spec.kind;
    if (kind === 'bounded') {
      if (c.capacity !== undefined) st.capacity = c.capacity;
      if (c.send !== undefined) st.send = c.send;
      if (c.timeoutMs !== undefined) st.timeoutMs = c.timeoutMs;
    }
    if (kind.startsWith('semaphore') && c.permits !== undefined) st.permits = c.permits;
    if (crate !== undefined && isCrate(crate)) {
      st.impl = implFor(crate, kind);
      delete st.label;
    }
    return st;
  });
  return { ...s, message, producers, consumers, channels, strategies };
}
