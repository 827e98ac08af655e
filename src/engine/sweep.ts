/**
 * Capacity planning: one scenario run once per value of one numeric parameter, summarised per
 * strategy (peak heap, heap at the end, heap kept after the queue drained, p99 latency, rejects,
 * timeouts). Pure and deterministic: the CLI (`npm run sweep`) and the sweep worker share it, so the
 * browser and the terminal print the same numbers for the same sweep.
 *
 * A parameter is a dotted scenario path (`producers.count`, `strategies.1.capacity`). For strategy
 * fields `strategies.*.capacity` means "every strategy": the field only matters to the strategies it
 * applies to (capacity to bounded ones), so the others draw a flat line, which is the point of them.
 */
import { expectation, fieldInfo } from './scenario/fields.ts';
import { parseScenario } from './scenario/parse.ts';
import { strategyId } from './scenario/derive.ts';
import type { Scenario } from './scenario/schema.ts';
import { createSimulation } from './sim/engine.ts';
import type { Simulation, StrategySnapshot } from './sim/types.ts';

/** The parameters the lab offers to sweep, in the order its picker lists them. */
export const SWEEP_PARAMS = [
  { path: 'strategies.*.capacity', label: 'capacity (every bounded strategy)' },
  { path: 'strategies.*.permits', label: 'permits (every semaphore-gated strategy)' },
  { path: 'producers.count', label: 'producers' },
  { path: 'producers.ratePerSec', label: 'rate per producer' },
  { path: 'message.bytes', label: 'message size' },
  { path: 'channels.count', label: 'channels' },
] as const;

/** Values a sweep may have: enough for a smooth curve, few enough to stay interactive. */
export const MAX_SWEEP_VALUES = 64;

export interface SweepPoint {
  readonly value: number;
  readonly peak_heap_bytes: number;
  readonly final_heap_bytes: number;
  /** null: the queue never drained in this run */
  readonly retained_after_drain_bytes: number | null;
  readonly p99_latency_ms: number;
  readonly rejected: number;
  readonly timeouts: number;
}

export interface SweepResult {
  readonly param: string;
  readonly values: readonly number[];
  readonly strategies: readonly { readonly name: string; readonly points: readonly SweepPoint[] }[];
}

export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** `strategies.1.capacity` and `strategies.*.capacity` → the field's schema info, checked numeric. */
export function checkSweepParam(path: string, scenario: Scenario): Checked<string> {
  const m = /^strategies\.(\d+|\*)\.(.+)$/.exec(path);
  const info = fieldInfo(m === null ? path : `strategies.N.${m[2]}`);
  if (info === undefined || (info.kind !== 'integer' && info.kind !== 'number')) {
    return { ok: false, message: `--param: ${JSON.stringify(path)} is not a numeric scenario field` };
  }
  if (path === 'seed') return { ok: false, message: '--param: the seed is not a quantity to sweep' };
  if (m !== null && m[1] !== '*' && Number(m[1]) >= scenario.strategies.length) {
    return {
      ok: false,
      message: `--param: ${path}: the scenario has ${scenario.strategies.length} strategies (0 to ${scenario.strategies.length - 1})`,
    };
  }
  return { ok: true, value: path };
}

/**
 * The values of a range: `steps` values from `from` to `to` inclusive, evenly spaced or (log)
 * geometrically; integers for integer fields, duplicates (after rounding) dropped.
 */
export function rangeValues(
  param: string,
  from: number,
  to: number,
  steps: number,
  log: boolean,
): Checked<number[]> {
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_SWEEP_VALUES) {
    return { ok: false, message: `--steps: expected an integer from 1 to ${MAX_SWEEP_VALUES}, got ${steps}` };
  }
  if (log && (from <= 0 || to <= 0)) {
    return { ok: false, message: `--log: needs --from and --to above 0, got ${from} and ${to}` };
  }
  const integer = fieldOfParam(param)?.kind === 'integer';
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const f = steps === 1 ? 0 : i / (steps - 1);
    const raw = log ? from * Math.pow(to / from, f) : from + (to - from) * f;
    const v = integer ? Math.round(raw) : Number(raw.toPrecision(12));
    if (!out.includes(v)) out.push(v);
  }
  return { ok: true, value: out };
}

function fieldOfParam(param: string) {
  return fieldInfo(param.replace(/^strategies\.(\d+|\*)\./, 'strategies.N.'));
}

/** Every value in the field's range (a message naming the parameter and the value otherwise). */
export function checkValues(param: string, values: readonly number[]): Checked<number[]> {
  const f = fieldOfParam(param);
  if (values.length === 0 || values.length > MAX_SWEEP_VALUES) {
    return { ok: false, message: `--values: expected 1 to ${MAX_SWEEP_VALUES} values, got ${values.length}` };
  }
  for (const v of values) {
    const bad =
      !Number.isFinite(v) ||
      (f?.kind === 'integer' && !Number.isInteger(v)) ||
      (f?.min !== undefined && v < f.min) ||
      (f?.max !== undefined && v > f.max);
    if (bad) {
      const accepts = f === undefined ? 'a number' : expectation(f);
      return { ok: false, message: `--values: ${param} accepts ${accepts}, got ${v}` };
    }
  }
  return { ok: true, value: [...values] };
}

/** The scenario with `param` set to `value` (as JSON, validated by the caller). */
export function withValue(scenario: Scenario, param: string, value: number): Record<string, unknown> {
  // a scenario is plain JSON data
  const s = JSON.parse(JSON.stringify(scenario)) as Record<string, Record<string, unknown>> & {
    strategies: Record<string, unknown>[];
  };
  const m = /^strategies\.(\d+|\*)\.(.+)$/.exec(param);
  if (m !== null) {
    const key = m[2] as string;
    s.strategies.forEach((st, i) => {
      if (m[1] === '*' || Number(m[1]) === i) st[key] = value;
    });
    return s;
  }
  const [group, key] = param.split('.') as [string, string | undefined];
  if (key === undefined) (s as Record<string, unknown>)[group] = value;
  else {
    const obj = s[group] as Record<string, unknown>;
    obj[key] = value;
    // keep the relations the schema checks: never more busy channels or leavers than there are
    if (param === 'channels.count') obj.active = Math.min(Number(obj.active), value);
    if (param === 'producers.count') obj.disconnectCount = Math.min(Number(obj.disconnectCount), value);
  }
  return s;
}

function pointOf(value: number, s: StrategySnapshot): SweepPoint {
  return {
    value,
    peak_heap_bytes: s.peakHeapBytes,
    final_heap_bytes: s.heapBytes,
    retained_after_drain_bytes: s.keptAfterDrainBytes ?? null,
    p99_latency_ms: s.latencyMs.p99,
    rejected: s.rejected,
    timeouts: s.timedOut,
  };
}

/**
 * A sweep that advances in slices, so the worker can report progress and stop between two slices.
 * `advance(us)` runs at most `us` of simulated time of the current value's run.
 */
export class SweepRun {
  readonly param: string;
  readonly values: readonly number[];
  readonly names: readonly string[];
  private readonly base: Scenario;
  private readonly points: SweepPoint[][];
  private index = 0;
  private sim: Simulation | null = null;
  private endUs = 0;

  constructor(base: Scenario, param: string, values: readonly number[]) {
    this.base = base;
    this.param = param;
    this.values = values;
    // names from the scenario as given: an id that includes the swept bound would change per value
    this.names = base.strategies.map((_, i) => strategyId(base.strategies, i));
    this.points = base.strategies.map(() => []);
  }

  get done(): boolean {
    return this.index >= this.values.length;
  }

  /** 0 … 1, counting finished values and the simulated time of the current one. */
  get progress(): number {
    if (this.done) return 1;
    const within = this.sim === null || this.endUs === 0 ? 0 : Math.min(1, this.sim.now / this.endUs);
    return (this.index + within) / this.values.length;
  }

  /** the value running now (or the last one) */
  get currentValue(): number {
    return this.values[Math.min(this.index, this.values.length - 1)] ?? 0;
  }

  /** Runs up to `sliceUs` of simulated time; throws a message naming the value if it is refused. */
  advance(sliceUs: number = Infinity): void {
    if (this.done) return;
    if (this.sim === null) {
      const value = this.values[this.index] as number;
      const parsed = parseScenario(withValue(this.base, this.param, value));
      if (!parsed.ok) throw new Error(`${this.param} = ${value}: ${parsed.errors.join('; ')}`);
      this.sim = createSimulation(parsed.scenario);
      this.endUs = Math.round(parsed.scenario.durationSeconds * 1e6);
    }
    const sim = this.sim;
    sim.runUntil(Number.isFinite(sliceUs) ? Math.min(this.endUs, sim.now + sliceUs) : this.endUs);
    if (sim.done || sim.now >= this.endUs) {
      const value = this.values[this.index] as number;
      sim.snapshot().strategies.forEach((s, i) => this.points[i]?.push(pointOf(value, s)));
      this.sim = null;
      this.index++;
    }
  }

  /** The points so far (every value once `done`). */
  result(): SweepResult {
    return {
      param: this.param,
      values: this.values.slice(0, this.index),
      strategies: this.names.map((name, i) => ({ name, points: [...(this.points[i] ?? [])] })),
    };
  }
}

/** Runs a whole sweep at once (the CLI, tests). */
export function runSweep(base: Scenario, param: string, values: readonly number[]): SweepResult {
  const run = new SweepRun(base, param, values);
  while (!run.done) run.advance();
  return run.result();
}

const CSV_FIELDS = [
  'peak_heap_bytes',
  'final_heap_bytes',
  'retained_after_drain_bytes',
  'p99_latency_ms',
  'rejected',
  'timeouts',
] as const;

/** One row per value: the parameter, then `<strategy>.<field>` columns (empty where there is none). */
export function sweepCsv(r: SweepResult): string {
  const header = [r.param];
  for (const s of r.strategies) for (const f of CSV_FIELDS) header.push(`${s.name}.${f}`);
  const rows = r.values.map((v, k) => {
    const row = [String(v)];
    for (const s of r.strategies) {
      const p = s.points[k];
      for (const f of CSV_FIELDS) row.push(p === undefined || p[f] === null ? '' : String(p[f]));
    }
    return row.join(',');
  });
  return `${[header.join(','), ...rows].join('\n')}\n`;
}
