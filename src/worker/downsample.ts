/**
 * Min/max bucket downsampling for the charts: an hour of samples becomes a few hundred points without
 * losing a spike. The time axis is cut into buckets of consecutive samples; each bucket yields two
 * points (its first and last sample times), carrying every series' minimum and maximum in the order
 * they occurred. All series share the output time axis, so the chart can draw them as rows.
 *
 * A series with `reduce` is an extreme itself (the heap's lowest or highest point in each sample
 * interval): its bucket's minimum (or maximum) is written at both points, so the chart's envelope
 * covers everything that happened in the bucket.
 */

export interface DownsampleInput {
  readonly values: ArrayLike<number>;
  /** exact extremes between samples (e.g. heapMinBytes / heapMaxBytes); default: `values` */
  readonly lo?: ArrayLike<number>;
  readonly hi?: ArrayLike<number>;
  /** keep only the bucket's minimum or maximum (an envelope edge) */
  readonly reduce?: 'min' | 'max';
}

export interface Downsampled {
  readonly timeMs: Float64Array;
  readonly series: Float64Array[];
}

export function downsampleMinMax(
  timeMs: ArrayLike<number>,
  inputs: readonly DownsampleInput[],
  maxPoints: number,
): Downsampled {
  const n = timeMs.length;
  if (n <= maxPoints) {
    return {
      timeMs: Float64Array.from(timeMs),
      series: inputs.map((s) => Float64Array.from({ length: n }, (_, i) => at(s.values, i))),
    };
  }
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const outTime = new Float64Array(buckets * 2);
  const out = inputs.map(() => new Float64Array(buckets * 2));
  for (let b = 0; b < buckets; b++) {
    const first = Math.floor((b * n) / buckets);
    const last = Math.floor(((b + 1) * n) / buckets) - 1;
    outTime[2 * b] = at(timeMs, first);
    outTime[2 * b + 1] = at(timeMs, last);
    inputs.forEach((s, k) => {
      const lo = s.lo ?? s.values;
      const hi = s.hi ?? s.values;
      let minI = first;
      let maxI = first;
      for (let i = first + 1; i <= last; i++) {
        if (at(lo, i) < at(lo, minI)) minI = i;
        if (at(hi, i) > at(hi, maxI)) maxI = i;
      }
      const target = out[k] as Float64Array;
      if (s.reduce !== undefined) {
        const v = s.reduce === 'min' ? at(lo, minI) : at(hi, maxI);
        target[2 * b] = v;
        target[2 * b + 1] = v;
        return;
      }
      const minFirst = minI <= maxI;
      target[2 * b] = minFirst ? at(lo, minI) : at(hi, maxI);
      target[2 * b + 1] = minFirst ? at(hi, maxI) : at(lo, minI);
    });
  }
  return { timeMs: outTime, series: out };
}

function at(a: ArrayLike<number>, i: number): number {
  return a[i] ?? NaN;
}
