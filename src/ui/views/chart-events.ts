/**
 * What happens in a scenario, as marks on the charts' time axis: producers leaving, a spike, bursts,
 * a consumer stall, producers connecting over time, and every timed parameter change. One pure
 * function of the scenario, so the charts, their text alternative and the tests agree.
 */
import { fieldInfo, templatePath } from '../../engine/scenario/index.ts';
import type { Scenario } from '../../engine/scenario/index.ts';
import type { ScenarioChange } from '../../engine/scenario/index.ts';
import { formatDecimal, formatInt, formatSeconds } from '../format.ts';

export type ChartEventKind = 'leave' | 'spike' | 'burst' | 'stall' | 'connect' | 'change';

export interface ChartEvent {
  readonly kind: ChartEventKind;
  /** simulated milliseconds */
  readonly atMs: number;
  /** a span (a burst's on-phase, a stall) ends here; absent for an instant */
  readonly untilMs?: number;
  /** the short text on the chart ('' for the repeats of a pattern that is labelled once) */
  readonly label: string;
}

/** A timed parameter change (the live knobs): from `atMs` on, the field at `path` has `value`. */
export type TimedChange = Pick<ScenarioChange, 'atMs' | 'path' | 'value'>;

/** Beyond this many on-phases the bursts are a texture, not marks: the rest are left out. */
export const MAX_BURST_MARKS = 200;

const plural = (n: number, one: string, many: string) => `${formatInt(n)} ${n === 1 ? one : many}`;

/** The chart label of a change: "rate per producer → 10 msg/s", "permits (3) → 512". */
export function changeLabel(c: TimedChange): string {
  const info = fieldInfo(templatePath(c.path));
  const strategy = /^strategies\.(\d+)\./.exec(c.path);
  const name = `${info?.label ?? c.path}${strategy === null ? '' : ` (${Number(strategy[1]) + 1})`}`;
  const value =
    typeof c.value === 'number'
      ? `${formatDecimal(c.value)}${info?.unit === undefined ? '' : ` ${info.unit}`}`
      : String(c.value);
  return `${name} → ${value}`;
}

/**
 * The scenario's timed changes, read defensively (the store holds the worker's validated scenario,
 * but a scenario from an older link may lack the field).
 */
export function changesOf(scenario: Scenario): readonly TimedChange[] {
  const raw: unknown = (scenario as { changes?: unknown }).changes;
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (c): c is TimedChange =>
      typeof c === 'object' &&
      c !== null &&
      typeof (c as TimedChange).atMs === 'number' &&
      Number.isFinite((c as TimedChange).atMs) &&
      typeof (c as TimedChange).path === 'string' &&
      ['number', 'string', 'boolean'].includes(typeof (c as TimedChange).value),
  );
}

/** Every event within [0, duration], in time order (ties keep the order above). */
export function chartEvents(scenario: Scenario): ChartEvent[] {
  const durationMs = scenario.durationSeconds * 1000;
  const p = scenario.producers;
  const c = scenario.consumers;
  const out: ChartEvent[] = [];
  // not an engine scenario (a test double, a stale object): nothing to mark rather than a broken view
  if (typeof p !== 'object' || p === null || typeof c !== 'object' || c === null) return out;
  const within = (t: number) => t >= 0 && t <= durationMs;

  if (p.count > 0 && p.connectOverMs > 0) {
    out.push({
      kind: 'connect',
      atMs: 0,
      untilMs: Math.min(p.connectOverMs, durationMs),
      label: `${plural(p.count, 'producer connects', 'producers connect')} over ${formatSeconds(p.connectOverMs)}`,
    });
  }
  if (p.count > 0 && p.arrival === 'bursts' && p.burstOnMs > 0 && p.burstOffMs > 0) {
    const period = p.burstOnMs + p.burstOffMs;
    for (let k = 0; k < MAX_BURST_MARKS && k * period < durationMs; k++) {
      out.push({
        kind: 'burst',
        atMs: k * period,
        untilMs: Math.min(k * period + p.burstOnMs, durationMs),
        label: k === 0 ? `bursts: ${formatSeconds(p.burstOnMs)} on, ${formatSeconds(p.burstOffMs)} off` : '',
      });
    }
  }
  if (p.arrival === 'spike' && p.spikeMessages > 0 && within(p.spikeAtMs)) {
    out.push({ kind: 'spike', atMs: p.spikeAtMs, label: `spike: +${formatInt(p.spikeMessages)} msg` });
  }
  const leaving = Math.min(p.disconnectCount, p.count);
  if (leaving > 0 && within(p.disconnectAtMs)) {
    out.push({
      kind: 'leave',
      atMs: p.disconnectAtMs,
      label: `${plural(leaving, 'producer leaves', 'producers leave')}`,
    });
  }
  if (c.count > 0 && c.stallForMs > 0 && c.stallAtMs < durationMs) {
    out.push({
      kind: 'stall',
      atMs: c.stallAtMs,
      untilMs: Math.min(c.stallAtMs + c.stallForMs, durationMs),
      label: `consumers stall ${formatSeconds(c.stallForMs)}`,
    });
  }
  for (const change of changesOf(scenario)) {
    if (within(change.atMs)) out.push({ kind: 'change', atMs: change.atMs, label: changeLabel(change) });
  }
  // a stable sort: events at the same time keep the order above
  return out.sort((a, b) => a.atMs - b.atMs);
}
