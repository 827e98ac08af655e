/**
 * A sweep as the page and its address hold it: which parameter, which range, which metric is
 * charted. In the URL it is one key, `sweep=PARAM:FROM:TO:STEPS[:log]` (e.g.
 * `sweep=strategies.*.capacity:16:4096:9:log`), and `smetric=` for the charted metric. Decoding
 * never fails: a bad part is replaced by a default with a notice naming it.
 */
import { z } from 'zod';
import { MAX_SWEEP_VALUES, rangeValues, SWEEP_PARAMS } from '../../engine/sweep.ts';
import {
  describeValue,
  fieldInfo,
  queryInteger,
  queryNumber,
  readQueryValue,
} from '../../engine/scenario/index.ts';

export const SWEEP_METRICS = [
  { key: 'peak_heap_bytes', label: 'Peak heap', unit: 'bytes' },
  { key: 'retained_after_drain_bytes', label: 'Heap kept after the queue drained', unit: 'bytes' },
  { key: 'final_heap_bytes', label: 'Heap at the end', unit: 'bytes' },
  { key: 'p99_latency_ms', label: 'p99 latency', unit: 'ms' },
  { key: 'rejected', label: 'Rejected messages', unit: 'count' },
  { key: 'timeouts', label: 'Timed-out sends', unit: 'count' },
] as const;
export type SweepMetric = (typeof SWEEP_METRICS)[number]['key'];

export interface SweepSpec {
  readonly param: string;
  readonly from: number;
  readonly to: number;
  readonly steps: number;
  readonly log: boolean;
  readonly metric: SweepMetric;
}

export const DEFAULT_SWEEP: SweepSpec = {
  param: 'strategies.*.capacity',
  from: 16,
  to: 4096,
  steps: 9,
  log: true,
  metric: 'peak_heap_bytes',
};

/** The sweepable parameters: the lab's list, plus any numeric scenario path a link names. */
export function isSweepParam(param: string): boolean {
  if ((SWEEP_PARAMS as readonly { path: string }[]).some((p) => p.path === param)) return true;
  const info = fieldInfo(param.replace(/^strategies\.(\d|\*)\./, 'strategies.N.'));
  return (
    param !== 'seed' &&
    /^strategies\.(\d|\*)\.\w+$|^[a-zA-Z]+(\.[a-zA-Z]+)?$/.test(param) &&
    (info?.kind === 'integer' || info?.kind === 'number')
  );
}

export function sweepValues(
  spec: SweepSpec,
): { ok: true; values: number[] } | { ok: false; message: string } {
  const r = rangeValues(spec.param, spec.from, spec.to, spec.steps, spec.log);
  return r.ok
    ? { ok: true, values: r.value }
    : // the engine words it for the CLI's flags; the page's fields are called From, To and Steps
      {
        ok: false,
        message: r.message
          .replace(/^--\w+: /, '')
          .replace('--from', 'From')
          .replace('--to', 'To'),
      };
}

export function encodeSweep(spec: SweepSpec): { sweep: string; smetric: string | null } {
  const sweep = [spec.param, spec.from, spec.to, spec.steps, ...(spec.log ? ['log'] : [])].join(':');
  return { sweep, smetric: spec.metric === DEFAULT_SWEEP.metric ? null : spec.metric };
}

/** FROM:TO:STEPS[:log], the parts after the parameter: a log range stays above 0. */
const FROM_TO_STEPS = [
  queryNumber(z.number()),
  queryNumber(z.number()),
  queryInteger(1, MAX_SWEEP_VALUES),
] as const;
const RANGE = z
  .union([z.tuple(FROM_TO_STEPS), z.tuple([...FROM_TO_STEPS, z.literal('log')])])
  .refine((r) => r.length === 3 || (r[0] > 0 && r[1] > 0));

export interface SweepNotice {
  readonly field: string;
  readonly message: string;
}

/** `sweep=` and `smetric=` from a URL; null when there is no `sweep=`. */
export function decodeSweep(
  raw: string | undefined,
  metricRaw: string | undefined,
  notices: SweepNotice[],
): SweepSpec | null {
  if (raw === undefined) {
    if (metricRaw !== undefined)
      notices.push({ field: 'smetric', message: 'smetric: only used with sweep=…, ignored' });
    return null;
  }
  const bad = (what: string, got: string, used: string) =>
    notices.push({
      field: 'sweep',
      message: `sweep: expected ${what}, got ${describeValue(got)}; using ${used}`,
    });
  const parts = raw.split(':');
  const param = parts[0] ?? '';
  let spec: SweepSpec = { ...DEFAULT_SWEEP };
  if (isSweepParam(param)) spec = { ...spec, param };
  else bad('a numeric scenario field such as strategies.*.capacity', param, DEFAULT_SWEEP.param);
  const range = RANGE.safeParse(parts.slice(1));
  if (range.success) {
    const [from, to, steps] = range.data;
    spec = { ...spec, from, to, steps, log: range.data.length === 4 };
  } else
    bad(
      `PARAM:FROM:TO:STEPS[:log] with 1 to ${MAX_SWEEP_VALUES} steps`,
      raw,
      `${DEFAULT_SWEEP.from}:${DEFAULT_SWEEP.to}:${DEFAULT_SWEEP.steps}:log`,
    );
  const keys = SWEEP_METRICS.map((x) => x.key);
  const metric = readQueryValue(notices, 'smetric', metricRaw, {
    schema: z.enum(keys),
    expected: `one of ${keys.join(', ')}`,
    fallback: spec.metric,
  });
  return { ...spec, metric };
}
