/**
 * The arithmetic behind the comparison charts, kept out of the components so it can be tested: the
 * log axis for bytes, and where the labels go so they never sit on top of each other. Where the lines
 * go is chart-geometry.ts.
 */

export interface LogAxis {
  readonly domain: [number, number];
  readonly ticks: number[];
}

/**
 * A log axis for bytes from the smallest positive value to the largest, at powers of two spaced so
 * there are at most `maxTicks` of them (1 KiB, 4 KiB, 16 KiB … or 1 KiB, 32 KiB, 1 MiB …). Tick
 * exponents are multiples of the step, so the same bytes always get the same ticks.
 */
export function logByteAxis(minPositive: number, max: number, maxTicks = 7): LogAxis {
  const lo = Number.isFinite(minPositive) && minPositive > 0 ? minPositive : 1;
  const hi = Number.isFinite(max) && max > lo ? max : lo * 2;
  const e0 = Math.floor(Math.log2(lo));
  const e1 = Math.max(e0 + 1, Math.ceil(Math.log2(hi)));
  const step = [1, 2, 3, 4, 5, 10, 20].find((s) => (e1 - e0) / s + 1 <= maxTicks) ?? 20;
  const first = Math.floor(e0 / step) * step;
  const last = Math.ceil(e1 / step) * step;
  const ticks: number[] = [];
  for (let e = first; e <= last; e += step) ticks.push(2 ** e);
  return { domain: [2 ** first, 2 ** last], ticks };
}

/**
 * Vertical positions for labels that want to sit at `want` (pixels, top down), at least `gap` apart
 * and within [top, bottom]: the labels keep their order and move as little as they must.
 */
export function spreadLabels(want: readonly number[], gap: number, top: number, bottom: number): number[] {
  const order = want.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const ys = order.map((o) => o.y);
  for (let j = 0; j < ys.length; j++) {
    ys[j] = Math.max(ys[j] ?? 0, top, j > 0 ? (ys[j - 1] ?? 0) + gap : -Infinity);
  }
  for (let j = ys.length - 1; j >= 0; j--) {
    ys[j] = Math.min(ys[j] ?? 0, j < ys.length - 1 ? (ys[j + 1] ?? 0) - gap : bottom);
  }
  // too many labels for the height: the top one wins, the rest stack below it
  for (let j = 0; j < ys.length; j++) {
    if ((ys[j] ?? 0) < top) ys[j] = top + j * gap;
  }
  const out = new Array<number>(want.length);
  order.forEach((o, j) => (out[o.i] = ys[j] ?? o.y));
  return out;
}

/**
 * Rows for the events' labels along the top: each label takes the first row where it does not run
 * into the previous label, or `null` (drawn as a mark without text) when every row is taken.
 */
export function labelRows(
  spans: readonly { x: number; width: number }[],
  rows: number,
  pad = 6,
): (number | null)[] {
  const ends = new Array<number>(rows).fill(-Infinity);
  return spans.map((s) => {
    for (let r = 0; r < rows; r++) {
      if (s.x >= (ends[r] ?? 0) + pad) {
        ends[r] = s.x + s.width;
        return r;
      }
    }
    return null;
  });
}

export interface EndLabelPlace {
  /** the text's anchor point and alignment */
  readonly x: number;
  readonly anchor: 'start' | 'end';
  /** the strategy's name as drawn: shortened with "…" (or left out) when the plot is too narrow */
  readonly name: string;
  /** the label sits above its line's end rather than level with it (it is drawn over the line's past) */
  readonly above: boolean;
}

/**
 * Where a line's end label goes, horizontally: after the line's end when its name and value fit before
 * the plot's right edge; else before the end, right-aligned and lifted above its line (which it would
 * otherwise run along: bounded and gated lines lie flat at 0 B); else on the roomier side with the name
 * shortened, so no label leaves the plot (a phone's plot is ~240 px wide). Text width is estimated
 * from its length: `charWidth` px per character.
 */
export function placeEndLabel(o: {
  endX: number;
  left: number;
  right: number;
  name: string;
  value: string;
  charWidth: number;
  pad?: number;
}): EndLabelPlace {
  const pad = o.pad ?? 6;
  const after = o.right - (o.endX + pad);
  const before = o.endX - pad - o.left;
  const chars = o.name.length + 1 + o.value.length;
  if (chars * o.charWidth <= after) return { x: o.endX + pad, anchor: 'start', name: o.name, above: false };
  if (chars * o.charWidth <= before) return { x: o.endX - pad, anchor: 'end', name: o.name, above: true };
  const useAfter = after >= before;
  const room = Math.max(0, useAfter ? after : before);
  // characters left for the name once the value and a space are in
  const fit = Math.floor(room / o.charWidth) - o.value.length - 1;
  const name = fit >= 4 ? `${o.name.slice(0, fit - 1).trimEnd()}…` : '';
  return useAfter
    ? { x: o.endX + pad, anchor: 'start', name, above: false }
    : { x: o.endX - pad, anchor: 'end', name, above: true };
}
