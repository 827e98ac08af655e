/**
 * A finished (or paused) run as the headless commands print it: the JSON summary of `npm run sim
 * -- --json` and the CSV of `--csv` (one row per sample). Field names are snake_case.
 */
import type { Scenario } from '../scenario/schema.ts';
import { SERIES_FIELDS, type SeriesField, type SimSeries, type SimSnapshot } from './types.ts';

export interface StrategySummary {
  readonly name: string;
  readonly peak_heap_bytes: number;
  readonly final_heap_bytes: number;
  /** the channels' own bytes when their queue last became empty (null: it never drained) */
  readonly retained_after_drain_bytes: number | null;
  readonly sent: number;
  readonly received: number;
  readonly rejected: number;
  readonly timeouts: number;
  readonly dropped: number;
  readonly max_depth: number;
  readonly max_waiting_senders: number;
  readonly p50_latency_ms: number;
  readonly p99_latency_ms: number;
}

export interface RunReport {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly strategies: readonly StrategySummary[];
  readonly series: {
    readonly time_ms: readonly number[];
    readonly strategies: readonly ({ readonly name: string } & Record<string, readonly (number | null)[]>)[];
  };
}

export function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** JSON has no NaN: a missing value (available permits of an unbounded channel) becomes null. */
function jsonNumber(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

export function buildReport(scenario: Scenario, snapshot: SimSnapshot, series: SimSeries): RunReport {
  return {
    scenario,
    seed: scenario.seed,
    strategies: snapshot.strategies.map((s) => ({
      name: s.id,
      peak_heap_bytes: s.peakHeapBytes,
      final_heap_bytes: s.heapBytes,
      retained_after_drain_bytes: s.keptAfterDrainBytes ?? null,
      sent: s.sent,
      received: s.received,
      rejected: s.rejected,
      timeouts: s.timedOut,
      dropped: s.dropped,
      max_depth: s.maxDepth ?? s.depth,
      max_waiting_senders: s.maxWaitingSenders ?? s.waitingSenders,
      p50_latency_ms: s.latencyMs.p50,
      p99_latency_ms: s.latencyMs.p99,
    })),
    series: {
      time_ms: series.timeMs,
      strategies: series.strategies.map((s) => {
        const out: Record<string, readonly (number | null)[]> = {};
        for (const f of SERIES_FIELDS) out[snakeCase(f)] = s.columns[f].map(jsonNumber);
        return { name: s.id, ...out } as { readonly name: string } & Record<
          string,
          readonly (number | null)[]
        >;
      }),
    },
  };
}

/** One row per sample: `time_ms`, then `<strategy>.<field>` for every strategy and series field. */
export function seriesCsv(series: SimSeries): string {
  const header = ['time_ms'];
  for (const s of series.strategies) for (const f of SERIES_FIELDS) header.push(`${s.id}.${snakeCase(f)}`);
  const lines = [header.join(',')];
  for (let i = 0; i < series.timeMs.length; i++) {
    const row: (number | string)[] = [series.timeMs[i] as number];
    for (const s of series.strategies) {
      for (const f of SERIES_FIELDS) {
        const v = s.columns[f as SeriesField][i] as number;
        row.push(Number.isFinite(v) ? v : '');
      }
    }
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}
