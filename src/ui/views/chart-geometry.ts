/**
 * Where the comparison charts' live marks go, in CSS pixels: the lines, the heap's band, and the
 * labels at the lines' ends. The charts draw these on a canvas (chart-paint.ts) over their axes' SVG
 * (ChartAxes.tsx), so a new series costs one canvas redraw instead of a React render; pure functions
 * of the series and the plot area, so the tests check what is drawn without a browser.
 *
 * The mapping is the axes': time from 0 to the run's duration across the plot, values from the first
 * to the last y tick up it (logarithmically on a log axis), the same mapping the axes' SVG uses.
 */
import type { ChartSeries } from '../../worker/frame.ts';
import type { ChartField } from '../../worker/protocol.ts';
import { byteTicks, niceTicks } from '../format.ts';
import { logByteAxis, placeEndLabel, spreadLabels } from './chart-scale.ts';

/** The plot inside the chart (ChartAxes.tsx `plotArea`): left, top, width, height in CSS px. */
export interface PlotArea {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One strategy's line: its values and, for the heap, the band's lower edge. */
export interface LineSource {
  readonly hi: ArrayLike<number>;
  readonly lo: ArrayLike<number> | null;
}

/**
 * The heap chart's lines: the heap's highest point in each sample interval, with a band down to its
 * lowest, so a recv_many batch freed between two samples, or a spike, never falls between the points.
 * `skip[k]`: strategy k draws nothing (the crate refuses it).
 */
export function heapSources(series: ChartSeries, skip: readonly boolean[]): (LineSource | null)[] {
  return series.values.map((v, k) =>
    skip[k] === true ? null : { hi: v.heapMaxBytes ?? v.heapBytes, lo: v.heapMinBytes ?? v.heapBytes },
  );
}

/** A metric chart's lines: one field, no band. */
export function metricSources(
  series: ChartSeries,
  field: ChartField,
  skip: readonly boolean[],
): (LineSource | null)[] {
  return series.values.map((v, k) => (skip[k] === true ? null : { hi: v[field], lo: null }));
}

/** The largest value drawn (for a linear axis) and the smallest positive one (for a log axis). */
export function extent(sources: readonly (LineSource | null)[]): { max: number; minPositive: number } {
  let max = 0;
  let minPositive = Infinity;
  for (const s of sources) {
    if (s === null) continue;
    for (let i = 0; i < s.hi.length; i++) {
      const hi = s.hi[i] ?? NaN;
      const lo = s.lo === null ? hi : (s.lo[i] ?? NaN);
      if (!Number.isFinite(hi) || !Number.isFinite(lo)) continue;
      if (hi > max) max = hi;
      if (lo > 0 && lo < minPositive) minPositive = lo;
      if (hi > 0 && hi < minPositive) minPositive = hi;
    }
  }
  return { max, minPositive };
}

/** A value axis: its ticks (the first and last are the domain) and whether it is logarithmic. */
export interface ValueAxis {
  readonly ticks: readonly number[];
  readonly log: boolean;
}

/** The heap axis: binary steps from 0 B, or powers of two from the smallest positive value on a log axis. */
export function heapAxis(sources: readonly (LineSource | null)[], log: boolean): ValueAxis {
  const e = extent(sources);
  return log ? { ticks: logByteAxis(e.minPositive, e.max).ticks, log } : { ticks: byteTicks(e.max), log };
}

/** A metric axis: round steps from 0. */
export function metricAxis(sources: readonly (LineSource | null)[]): ValueAxis {
  return { ticks: niceTicks(extent(sources).max), log: false };
}

export function sameAxis(a: ValueAxis, b: ValueAxis): boolean {
  return a.log === b.log && a.ticks.length === b.ticks.length && a.ticks.every((t, i) => t === b.ticks[i]);
}

/** The axis's domain, never empty (byteTicks(0) is a single tick) and positive on a log axis. */
export function axisDomain(axis: ValueAxis): [number, number] {
  const lo = axis.ticks[0] ?? 0;
  const hi = axis.ticks[axis.ticks.length - 1] ?? 1;
  if (axis.log) {
    const l = lo > 0 ? lo : 1;
    return [l, hi > l ? hi : l * 2];
  }
  return [lo, hi > lo ? hi : lo + 1];
}

/** Time (ms) to x: 0 at the plot's left edge, the run's end at its right. */
export function timeToX(area: PlotArea, durationMs: number): (t: number) => number {
  const span = Math.max(1, durationMs);
  return (t) => area.x + (t / span) * area.width;
}

/** A value to y on the axis: the domain's bottom at the plot's bottom; a log axis raises what lies under it. */
export function valueToY(area: PlotArea, axis: ValueAxis): (v: number) => number {
  const [d0, d1] = axisDomain(axis);
  const bottom = area.y + area.height;
  if (axis.log) {
    const l0 = Math.log(d0);
    const span = Math.log(d1) - l0;
    return (v) => bottom - ((Math.log(Math.max(v, d0)) - l0) / span) * area.height;
  }
  return (v) => bottom - ((v - d0) / (d1 - d0)) * area.height;
}

export interface DrawnLine {
  /** the strategy's index (its colour and dashes) */
  readonly k: number;
  /** the line as a polyline: x0, y0, x1, y1, … (CSS px) */
  readonly line: readonly number[];
  /** the band as a closed polygon (the upper edge, then the lower edge back), or null */
  readonly band: readonly number[] | null;
  /** the last point drawn: its time and value, and where it is */
  readonly end: { readonly t: number; readonly value: number; readonly x: number; readonly y: number } | null;
}

/**
 * Appends points (x, y) to `out`; as steps, a value holds from the previous sample's time up to its
 * own (the interval it describes) and then the line jumps, so a burst is a vertical edge, not a ramp.
 */
function pushPoint(out: number[], x: number, y: number, step: boolean): void {
  const n = out.length;
  if (step && n >= 2) out.push(out[n - 2] ?? x, y);
  out.push(x, y);
}

/**
 * Every line (and band) of a chart in pixels. Points whose value is not a number are left out and
 * their neighbours joined; `step` draws steps (the heap) rather than straight segments.
 */
export function layoutLines(
  timeMs: ArrayLike<number>,
  sources: readonly (LineSource | null)[],
  x: (t: number) => number,
  y: (v: number) => number,
  step: boolean,
): DrawnLine[] {
  const out: DrawnLine[] = [];
  sources.forEach((s, k) => {
    if (s === null) return;
    const line: number[] = [];
    const upper: number[] = [];
    const lower: number[] = [];
    let end: DrawnLine['end'] = null;
    for (let i = 0; i < timeMs.length; i++) {
      const t = timeMs[i] ?? NaN;
      const hi = s.hi[i] ?? NaN;
      if (!Number.isFinite(t) || !Number.isFinite(hi)) continue;
      const px = x(t);
      const py = y(hi);
      pushPoint(line, px, py, step);
      end = { t, value: hi, x: px, y: py };
      if (s.lo !== null) {
        const lo = s.lo[i] ?? NaN;
        pushPoint(upper, px, py, step);
        pushPoint(lower, px, y(Number.isFinite(lo) ? lo : hi), step);
      }
    }
    let band: number[] | null = null;
    if (s.lo !== null && upper.length >= 4) {
      band = upper;
      for (let j = lower.length - 2; j >= 0; j -= 2) band.push(lower[j] ?? 0, lower[j + 1] ?? 0);
    }
    out.push({ k, line, band, end });
  });
  return out;
}

/** Average glyph width of the UI font as a share of its size: enough to keep labels apart. */
export const GLYPH = 0.58;

export interface EndLabelText {
  readonly k: number;
  readonly name: string;
  /** the current value as read (for the heap: the heap now, not the interval's highest) */
  readonly value: string;
}

export interface PlacedEndLabel {
  readonly k: number;
  /** the name as drawn: shortened with "…", or '' when only the value fits */
  readonly name: string;
  readonly value: string;
  /** the text's anchor point (baseline) and alignment */
  readonly x: number;
  readonly y: number;
  readonly anchor: 'start' | 'end';
}

/**
 * Where each line's end label goes: after the end when it fits, else before it (lifted above the
 * line), level with the line's end, then moved apart so no two overlap and the lowest one's
 * descenders clear the time axis.
 */
export function layoutEndLabels(
  lines: readonly DrawnLine[],
  texts: readonly EndLabelText[],
  area: PlotArea,
  fontSize: number,
): PlacedEndLabel[] {
  const bottom = area.y + area.height;
  const items = texts.flatMap((t) => {
    const end = lines.find((l) => l.k === t.k)?.end ?? null;
    if (end === null) return [];
    const place = placeEndLabel({
      endX: end.x,
      left: area.x + 2,
      right: area.x + area.width,
      name: t.name,
      value: t.value,
      charWidth: fontSize * GLYPH,
    });
    // level with the line's end (baseline a third of the text below it), or just above it
    const want = place.above ? end.y - fontSize * 0.45 : end.y + fontSize * 0.35;
    return [{ t, place, want }];
  });
  const ys = spreadLabels(
    items.map((i) => i.want),
    fontSize + 3,
    area.y + fontSize,
    bottom - fontSize * 0.3,
  );
  return items.map(({ t, place }, i) => ({
    k: t.k,
    name: place.name,
    value: t.value,
    x: place.x,
    y: ys[i] ?? 0,
    anchor: place.anchor,
  }));
}

/** The sample nearest to time `t` (binary search over the ascending times), or -1 when there is none. */
export function nearestSample(timeMs: ArrayLike<number>, t: number): number {
  const n = timeMs.length;
  if (n === 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((timeMs[mid] ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs((timeMs[lo - 1] ?? 0) - t) <= Math.abs((timeMs[lo] ?? 0) - t)) return lo - 1;
  return lo;
}
