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

export function crateOf(impl: ImplName): Crate {
  const c = impl.split('-')[0];
  return (CRATES as readonly string[]).includes(c ?? '') ? (c as Crate) : 'tokio';
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

const num = (v: ParamValue | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: ParamValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * A copy of the scenario (as JSON) with the changes applied. Values are not checked here: the
 * engine's schema validates the result and names the field when a value is out of range.
 */
export function applyChanges(s: Scenario, changes: ParamChanges): Record<string, unknown> {
  const next = structuredClone(s) as unknown as {
    message: Record<string, unknown>;
    producers: Record<string, unknown>;
    consumers: Record<string, unknown>;
    channels: Record<string, unknown>;
    strategies: Record<string, unknown>[];
  } & Record<string, unknown>;
  applyPaths(next, changes);
  const c = changes as Partial<Record<ParamKey, ParamValue>>;
  if (c.payload !== undefined) next.message.type = c.payload;
  if (c.messageSize !== undefined) next.message.bytes = c.messageSize;
  if (c.producers !== undefined) {
    next.producers.count = c.producers;
    // fewer producers than leavers would be refused; keep the leavers within the new count
    if (
      typeof c.producers === 'number' &&
      (num(next.producers.disconnectCount as ParamValue) ?? 0) > c.producers
    ) {
      next.producers.disconnectCount = c.producers;
    }
  }
  if (c.leaving !== undefined) next.producers.disconnectCount = c.leaving;
  if (c.leaveAtMs !== undefined) next.producers.disconnectAtMs = c.leaveAtMs;
  if (c.rate !== undefined) next.producers.ratePerSec = c.rate;
  if (c.consumers !== undefined) next.consumers.count = c.consumers;
  if (c.serviceUs !== undefined) next.consumers.serviceUs = c.serviceUs;
  if (c.channels !== undefined) {
    next.channels.count = c.channels;
    // fewer channels than busy ones would be refused; keep the busy share within the new count
    if (typeof c.channels === 'number' && (num(next.channels.active as ParamValue) ?? 0) > c.channels) {
      next.channels.active = c.channels;
    }
  }
  if (c.busyChannels !== undefined) next.channels.active = c.busyChannels;
  for (const st of next.strategies) {
    const kind = st.kind as StrategySpec['kind'];
    if (kind === 'bounded') {
      if (c.capacity !== undefined) st.capacity = c.capacity;
      if (c.send !== undefined) st.send = c.send;
      if (c.timeoutMs !== undefined) st.timeoutMs = c.timeoutMs;
    }
    if (kind.startsWith('semaphore') && c.permits !== undefined) st.permits = c.permits;
    const crate = str(c.channel);
    if (crate !== undefined && (CRATES as readonly string[]).includes(crate)) {
      st.impl = implFor(crate as Crate, kind);
      delete st.label;
    }
  }
  return next;
}

/** The key of a whole strategy list (a JSON array), for adding, removing and reordering strategies. */
export const STRATEGIES_KEY = 'strategies';
/** The key of the per-channel allocations (a JSON array of `{site, bytes}`). */
export const EXTRAS_KEY = 'channels.extras';

type JsonObject = Record<string, unknown>;

/** Scenario fields outside any group: their path has no dot (the control keys above never clash). */
export const TOP_LEVEL_PATHS = ['name', 'seed', 'durationSeconds', 'sampleMs'] as const;

function parseJsonList(text: ParamValue | undefined): unknown[] | null {
  if (typeof text !== 'string') return null;
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/**
 * Changes keyed by schema path (`consumers.batch`, `strategies.2.impl`), which is how the panel
 * writes every field. The whole strategy list (`strategies`, JSON) goes first, so that a field of a
 * strategy sent in the same batch lands on the list it was meant for; a field of a strategy beyond
 * the list (removed meanwhile) is dropped. A list that is not JSON is left for the schema to refuse.
 */
function applyPaths(next: JsonObject & { strategies: JsonObject[] }, changes: ParamChanges): void {
  const list = parseJsonList(changes[STRATEGIES_KEY]);
  if (changes[STRATEGIES_KEY] !== undefined) {
    next.strategies = (list ?? changes[STRATEGIES_KEY]) as JsonObject[];
  }
  for (const [key, value] of Object.entries(changes)) {
    if ((TOP_LEVEL_PATHS as readonly string[]).includes(key)) next[key] = value;
    if (!key.includes('.')) continue;
    const m = /^strategies\.(\d+)\.(\w+)$/.exec(key);
    if (m !== null) {
      const st = Array.isArray(next.strategies) ? next.strategies[Number(m[1])] : undefined;
      if (st === undefined || typeof st !== 'object') continue;
      const field = m[2] as string;
      if (field === 'label' && value === '') delete st.label;
      else st[field] = value;
      // a new crate or kind makes the derived name right again, unless the user typed one
      if ((field === 'impl' || field === 'kind') && changes[`strategies.${m[1]}.label`] === undefined) {
        delete st.label;
      }
      continue;
    }
    const [group, field] = key.split('.') as [string, string];
    const obj = next[group];
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) continue;
    (obj as JsonObject)[field] = key === EXTRAS_KEY ? (parseJsonList(value) ?? value) : value;
  }
  // keep the relations the schema checks when a count goes down: never more busy channels or
  // leaving producers than there are (the user lowered the count; the share follows it)
  const ch = next.channels as JsonObject;
  if (changes['channels.count'] !== undefined && changes['channels.active'] === undefined) {
    if (Number(ch.active) > Number(ch.count)) ch.active = ch.count;
  }
  const pr = next.producers as JsonObject;
  if (changes['producers.count'] !== undefined && changes['producers.disconnectCount'] === undefined) {
    if (Number(pr.disconnectCount) > Number(pr.count)) pr.disconnectCount = pr.count;
  }
}
