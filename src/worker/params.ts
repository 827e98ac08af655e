/**
 * The app's controls and where each one lives in a scenario. One key per control ("capacity"), read
 * by the UI (`valuesOf`) and written by the worker (`applyChanges`), so the two never disagree. A
 * control can touch several places: "Capacity" sets the capacity of every bounded strategy.
 */
import { crateByKey, crateOfImpl, type ImplName } from '../engine/channels/index.ts';
import type { Scenario, StrategySpec } from '../engine/scenario/index.ts';
import { LIVE_FIELDS, strategyImpl, templatePath, withChange } from '../engine/scenario/index.ts';
import type { ParamChanges, ParamValue } from './protocol.ts';

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

/**
 * The implementation a strategy of `kind` uses with the crate `crateKey` (its descriptor's flavors
 * say which it has): the semaphore gate stays tokio's unbounded channel where the crate has none.
 */
export function implFor(crateKey: string, kind: StrategySpec['kind']): ImplName | null {
  const c = crateByKey(crateKey);
  if (c === undefined) return null;
  const want = kind === 'bounded' ? 'bounded' : kind === 'semaphore-producer' ? 'semaphore' : 'unbounded';
  const flavor = c.flavors.find((f) => f.kind === want) ?? c.flavors.find((f) => f.kind === 'unbounded');
  return flavor?.impl ?? null;
}

/** The scenario as its timed changes leave it at the end of the run (the values the controls show). */
export function latest(s: Scenario): Scenario {
  return (s.changes ?? []).reduce<Scenario>((x, c) => withChange(x, c), s);
}

/** Control values of a validated scenario, after its timed changes (a live change moves the control). */
export function valuesOf(scenario: Scenario): Record<ParamKey, ParamValue> {
  const s = latest(scenario);
  const bounded = s.strategies.find((x) => x.kind === 'bounded');
  const gated = s.strategies.find((x) => x.kind.startsWith('semaphore'));
  const crates = new Set(s.strategies.map((x) => crateOfImpl(strategyImpl(x)).key));
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
    const impl = crate === undefined ? null : implFor(crate, kind);
    if (impl !== null) {
      st.impl = impl;
      delete st.label;
    }
    return st;
  });
  return { ...s, message, producers, consumers, channels, strategies };
}

/** Leaf paths where two JSON values differ (`producers.count`, `strategies.1.capacity`). */
function differingPaths(a: unknown, b: unknown, prefix = ''): string[] {
  if (a === b) return [];
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return [prefix];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const k of keys) {
    if (prefix === '' && k === 'changes') continue;
    const path = prefix === '' ? k : `${prefix}.${k}`;
    out.push(...differingPaths((a as Json)[k], (b as Json)[k], path));
  }
  return out;
}
type Json = Record<string, unknown>;

const valueAt = (s: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => (o as Json | undefined)?.[k], s);

/**
 * Control changes made at simulated time `atMs` during a run, as timed changes: the scenario (JSON)
 * whose `changes` keep those up to `atMs` (later ones are dropped: the run goes on from here) and
 * gain one change per field the controls moved. Null when a moved field cannot change during a run
 * (the caller then changes the scenario itself, and the run is recomputed).
 *
 * `mergeAtMs`: a slider being dragged sends many values; when the previous live change was at
 * `mergeAtMs` on the same fields, the new values replace it there instead of piling up changes.
 */
export function timedChanges(
  s: Scenario,
  changes: ParamChanges,
  atMs: number,
  mergeAtMs: number | null = null,
): { scenario: Record<string, unknown>; atMs: number } | null {
  let kept = s.changes.filter((c) => c.atMs <= atMs);
  const now = kept.reduce<Scenario>((x, c) => withChange(x, c), s);
  const moved = differingPaths(now, applyChanges(now, changes));
  if (moved.length === 0) return { scenario: { ...s, changes: kept }, atMs };
  if (moved.some((p) => LIVE_FIELDS[templatePath(p)] === undefined)) return null;
  let at = atMs;
  const last = kept[kept.length - 1];
  if (mergeAtMs !== null && last?.atMs === mergeAtMs) {
    const atLast = kept.filter((c) => c.atMs === mergeAtMs).map((c) => c.path);
    if (moved.every((p) => atLast.includes(p))) {
      at = mergeAtMs;
      kept = kept.filter((c) => !(c.atMs === mergeAtMs && moved.includes(c.path)));
    }
  }
  const next = applyChanges(now, changes);
  const added = moved.map((path) => ({ atMs: at, path, value: valueAt(next, path) as ParamValue }));
  return { scenario: { ...s, changes: [...kept, ...added] }, atMs: at };
}
