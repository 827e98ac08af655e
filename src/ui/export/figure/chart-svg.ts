/**
 * A line chart drawn as SVG for publication: the same series the page charts, at a fixed width,
 * with text at a size that stays readable in a 700 px column. Drawn here rather than copied from
 * recharts' on-screen SVG, whose size follows the window and whose text comes from page CSS: a
 * figure must look the same whatever window it was exported from, and from the command line.
 */
import { byteTicks, formatSecondsAxis, niceTicks } from '../../format.ts';
import { esc, num, type FigureColors } from './svg-text.ts';

export interface ChartLine {
  readonly label: string;
  readonly color: string;
  /** SVG stroke-dasharray ('' is solid) */
  readonly dash: string;
  readonly values: ArrayLike<number>;
}

export interface ChartData {
  readonly timeMs: ArrayLike<number>;
  readonly lines: readonly ChartLine[];
  /** the y axis's unit: bytes get binary steps */
  readonly unit: 'bytes' | 'count' | 'ms';
  readonly yFormat: (v: number) => string;
  /** the chart's own heading, e.g. "Simulated heap" */
  readonly label: string;
}

const FONT = 13;
const LEGEND_ROW = 20;

function finiteMax(lines: readonly ChartLine[]): number {
  let max = 0;
  for (const l of lines) for (let i = 0; i < l.values.length; i++) max = Math.max(max, l.values[i] ?? 0);
  return Number.isFinite(max) ? max : 0;
}

function finiteMinPositive(lines: readonly ChartLine[]): number {
  let min = Infinity;
  for (const l of lines)
    for (let i = 0; i < l.values.length; i++) {
      const v = l.values[i] ?? 0;
      if (v > 0 && v < min) min = v;
    }
  return min;
}

/** Ticks of a log axis: powers of 2 for bytes (KiB, MiB read well), of 10 otherwise; at most 7. */
export function logTicks(minPositive: number, max: number, unit: ChartData['unit']): number[] {
  const base = unit === 'bytes' ? 2 : 10;
  const lo = Math.floor(Math.log(Math.max(1, Math.min(minPositive, max))) / Math.log(base));
  const hi = Math.max(lo + 1, Math.ceil(Math.log(Math.max(1, max)) / Math.log(base)));
  const step = Math.max(1, Math.ceil((hi - lo) / 6));
  const start = Math.floor(lo / step) * step;
  const out: number[] = [];
  for (let e = start; e < hi + step; e += step) out.push(base ** e);
  return out;
}

/** Greedy rows of legend entries that fit `width`, each entry's width estimated from its text. */
function legendRows(entries: readonly string[], width: number): number[][] {
  const rows: number[][] = [[]];
  let x = 0;
  entries.forEach((e, i) => {
    const w = 34 + e.length * FONT * 0.56 + 18;
    const row = rows[rows.length - 1] as number[];
    if (x + w > width && row.length > 0) {
      rows.push([i]);
      x = w;
    } else {
      row.push(i);
      x += w;
    }
  });
  return rows;
}

/** The chart as an SVG group at (x, y), `width` wide; returns its markup and height. */
export function chartSvg(
  data: ChartData,
  opts: { x: number; y: number; width: number; log: boolean; colors: FigureColors },
): { svg: string; height: number } {
  const { x, y, width, log, colors } = opts;
  const t = data.timeMs;
  const end = t.length === 0 ? 0 : (t[t.length - 1] ?? 0);
  const last = (l: ChartLine) => (l.values.length === 0 ? NaN : (l.values[l.values.length - 1] ?? NaN));
  const entries = data.lines.map((l) => {
    const v = last(l);
    return `${l.label}: ${Number.isFinite(v) ? data.yFormat(v) : 'no data'}`;
  });
  const rows = legendRows(entries, width);
  const parts: string[] = [];
  const font = `font-family="${esc(colors.font)}"`;
  // legend: a sample of each line (colour and dash) and its value at the end of the figure
  rows.forEach((row, r) => {
    let lx = x;
    const ly = y + r * LEGEND_ROW + 14;
    for (const i of row) {
      const l = data.lines[i] as ChartLine;
      const text = entries[i] as string;
      parts.push(
        `<line x1="${num(lx)}" y1="${num(ly - 4)}" x2="${num(lx + 26)}" y2="${num(ly - 4)}" stroke="${esc(l.color)}" stroke-width="2.5"${l.dash === '' ? '' : ` stroke-dasharray="${esc(l.dash)}"`}/>`,
        `<text x="${num(lx + 32)}" y="${num(ly)}" ${font} font-size="${FONT}" fill="${esc(colors.fg)}">${esc(text)}</text>`,
      );
      lx += 34 + text.length * FONT * 0.56 + 18;
    }
  });
  const top = y + rows.length * LEGEND_ROW + 10;
  parts.push(
    `<text x="${num(x)}" y="${num(top + 4)}" ${font} font-size="${FONT}" font-weight="600" fill="${esc(colors.fg)}">${esc(data.label)}${log ? ' (log scale)' : ''}</text>`,
  );
  const plotTop = top + 18;
  const plotH = Math.round(width * 0.42);
  const left = x + 74;
  const right = x + width - 10;
  const bottom = plotTop + plotH;

  const max = finiteMax(data.lines);
  const yTicks = log
    ? logTicks(finiteMinPositive(data.lines), max, data.unit)
    : data.unit === 'bytes'
      ? byteTicks(max)
      : niceTicks(max);
  const yMin = log ? (yTicks[0] ?? 1) : 0;
  const yMax = yTicks[yTicks.length - 1] ?? 1;
  const yOf = (v: number): number => {
    if (log) {
      const lv = Math.log(Math.max(v, yMin));
      const f = (lv - Math.log(yMin)) / (Math.log(yMax) - Math.log(yMin) || 1);
      return bottom - f * plotH;
    }
    return bottom - (v / (yMax || 1)) * plotH;
  };
  const xTicks = niceTicks(Math.max(1000, end), width >= 1000 ? 10 : 6);
  const xMax = xTicks[xTicks.length - 1] ?? 1000;
  const xOf = (ms: number) => left + (ms / xMax) * (right - left);

  for (const v of yTicks) {
    const py = yOf(v);
    parts.push(
      `<line x1="${num(left)}" y1="${num(py)}" x2="${num(right)}" y2="${num(py)}" stroke="${esc(colors.grid)}" stroke-dasharray="3 3"/>`,
      `<text x="${num(left - 6)}" y="${num(py + 4)}" ${font} font-size="${FONT - 1}" text-anchor="end" fill="${esc(colors.muted)}">${esc(data.yFormat(v))}</text>`,
    );
  }
  for (const ms of xTicks) {
    const px = xOf(ms);
    parts.push(
      `<line x1="${num(px)}" y1="${num(bottom)}" x2="${num(px)}" y2="${num(bottom + 5)}" stroke="${esc(colors.muted)}"/>`,
      `<text x="${num(px)}" y="${num(bottom + 19)}" ${font} font-size="${FONT - 1}" text-anchor="middle" fill="${esc(colors.muted)}">${esc(formatSecondsAxis(ms))}</text>`,
    );
  }
  parts.push(
    `<line x1="${num(left)}" y1="${num(bottom)}" x2="${num(right)}" y2="${num(bottom)}" stroke="${esc(colors.muted)}"/>`,
    `<line x1="${num(left)}" y1="${num(plotTop)}" x2="${num(left)}" y2="${num(bottom)}" stroke="${esc(colors.muted)}"/>`,
    `<text x="${num(right)}" y="${num(bottom + 36)}" ${font} font-size="${FONT - 1}" text-anchor="end" fill="${esc(colors.muted)}">simulated time</text>`,
  );
  data.lines.forEach((l) => {
    const pts: string[] = [];
    const n = Math.min(t.length, l.values.length);
    for (let i = 0; i < n; i++) {
      const v = l.values[i];
      if (v === undefined || !Number.isFinite(v)) continue;
      pts.push(`${num(xOf(t[i] ?? 0))},${num(yOf(v))}`);
    }
    if (pts.length === 0) return;
    parts.push(
      `<polyline points="${pts.join(' ')}" fill="none" stroke="${esc(l.color)}" stroke-width="2" stroke-linejoin="round"${l.dash === '' ? '' : ` stroke-dasharray="${esc(l.dash)}"`}/>`,
    );
  });
  return { svg: parts.join(''), height: bottom + 40 - y };
}
