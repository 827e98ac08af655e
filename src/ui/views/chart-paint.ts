/**
 * Paints a comparison chart's live marks (chart-geometry.ts) on its canvas layer: the bands, the
 * lines in the strategies' colours and dash patterns, and the end labels with a halo in the page's
 * background, as the SVG text used to have.
 */
import { sizeAndClear } from '../draw/paint.ts';
import type { DrawnLine, PlacedEndLabel, PlotArea } from './chart-geometry.ts';

/** The page's canvas context or an OffscreenCanvas's (chart-paint.worker.ts): the calls used are the same. */
type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export interface LineStyle {
  /** line width in CSS px (thick in presenter mode) */
  readonly width: number;
  readonly fontSize: number;
  readonly fontFamily: string;
  /** the page's background: the labels' halo */
  readonly background: string;
  /** strategy k's colour and dash segments (in px) */
  color(k: number): string;
  dash(k: number): number[];
}

/** The band's opacity under each line, as recharts' areas had it. */
export const BAND_OPACITY = 0.2;

/**
 * Text widths by font and text: the names never change during a run and the values repeat, and
 * measureText was a fifth of a redraw's time. Cleared when it grows (a long run's many values).
 */
const widths = new Map<string, number>();
function measure(ctx: Context2D, font: string, text: string): number {
  const key = `${font}\u0000${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    if (widths.size > 500) widths.clear();
    ctx.font = font;
    w = ctx.measureText(text).width;
    widths.set(key, w);
  }
  return w;
}

function tracePolyline(ctx: Context2D, pts: ArrayLike<number>): void {
  ctx.beginPath();
  for (let i = 0; i + 1 < pts.length; i += 2) {
    const x = pts[i] ?? 0;
    const y = pts[i + 1] ?? 0;
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
}

/** What paintChart reads of a drawn line: its strategy, polyline and band (arrays or Float32Arrays). */
export type PaintedLine = Pick<DrawnLine, 'k'> & {
  readonly line: ArrayLike<number>;
  readonly band: ArrayLike<number> | null;
};

export function paintChart(
  ctx: Context2D,
  lines: readonly PaintedLine[],
  labels: readonly PlacedEndLabel[],
  area: PlotArea,
  style: LineStyle,
): void {
  ctx.save();
  // the plot, plus room for a line lying on its top or bottom edge (0 B sits on the time axis)
  ctx.beginPath();
  ctx.rect(area.x, area.y - style.width, area.width + style.width / 2, area.height + style.width * 2);
  ctx.clip();
  for (const l of lines) {
    if (l.band === null) continue;
    tracePolyline(ctx, l.band);
    ctx.closePath();
    ctx.globalAlpha = BAND_OPACITY;
    ctx.fillStyle = style.color(l.k);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
  ctx.lineWidth = style.width;
  ctx.lineJoin = 'miter';
  ctx.lineCap = 'butt';
  for (const l of lines) {
    if (l.line.length < 4) continue;
    tracePolyline(ctx, l.line);
    ctx.strokeStyle = style.color(l.k);
    ctx.setLineDash(style.dash(l.k));
    ctx.stroke();
  }
  ctx.restore();

  // the end labels: the name in bold, then the value, with a halo so they read over lines and grid
  ctx.save();
  ctx.textBaseline = 'alphabetic';
  ctx.lineJoin = 'round';
  ctx.lineWidth = 3;
  ctx.strokeStyle = style.background;
  const bold = `700 ${style.fontSize}px ${style.fontFamily}`;
  const plain = `400 ${style.fontSize}px ${style.fontFamily}`;
  for (const label of labels) {
    const name = label.name;
    const value = name === '' ? label.value : ` ${label.value}`;
    const nameWidth = name === '' ? 0 : measure(ctx, bold, name);
    const valueWidth = measure(ctx, plain, value);
    const left = label.anchor === 'start' ? label.x : label.x - nameWidth - valueWidth;
    ctx.fillStyle = style.color(label.k);
    ctx.textAlign = 'left';
    if (name !== '') {
      ctx.font = bold;
      ctx.strokeText(name, left, label.y);
      ctx.fillText(name, left, label.y);
    }
    ctx.font = plain;
    ctx.strokeText(value, left + nameWidth, label.y);
    ctx.fillText(value, left + nameWidth, label.y);
  }
  ctx.restore();
}

/**
 * One drawing of a chart's canvas as data, for a canvas whose control went to the chart painter worker
 * (chart-paint.worker.ts, offscreen-charts.ts): the page lays the chart out (chart-geometry.ts) and
 * resolves its colours; the worker sizes the canvas, clears it and paints. Colours and dashes by k.
 */
export interface ChartPaintFrame {
  /** the canvas's size in CSS px, and the device pixel ratio to draw at */
  readonly width: number;
  readonly height: number;
  readonly dpr: number;
  /** the polylines as Float32Arrays, whose buffers travel to the worker without a copy */
  readonly lines: readonly {
    readonly k: number;
    readonly line: Float32Array;
    readonly band: Float32Array | null;
  }[];
  readonly labels: readonly PlacedEndLabel[];
  readonly area: PlotArea;
  readonly style: {
    readonly width: number;
    readonly fontSize: number;
    readonly fontFamily: string;
    readonly background: string;
    readonly colors: Readonly<Record<number, string>>;
    readonly dashes: Readonly<Record<number, readonly number[]>>;
  };
}

/**
 * `lines` as a frame carries them, and the buffers to transfer. Structured cloning a JS array copies it
 * number by number: posting a chart's lines that way took about 1 ms of the main thread per drawing under
 * 4x CPU throttling; typed arrays go as one block.
 */
export function packLines(lines: readonly DrawnLine[]): {
  lines: ChartPaintFrame['lines'];
  transfer: ArrayBuffer[];
} {
  const transfer: ArrayBuffer[] = [];
  const pack = (pts: readonly number[]) => {
    const a = Float32Array.from(pts);
    transfer.push(a.buffer);
    return a;
  };
  return {
    lines: lines.map((l) => ({ k: l.k, line: pack(l.line), band: l.band === null ? null : pack(l.band) })),
    transfer,
  };
}

/** The style a frame describes, as paintChart reads it. */
export function frameStyle(s: ChartPaintFrame['style']): LineStyle {
  return {
    width: s.width,
    fontSize: s.fontSize,
    fontFamily: s.fontFamily,
    background: s.background,
    color: (k) => s.colors[k] ?? '#888888',
    dash: (k) => [...(s.dashes[k] ?? [])],
  };
}

/** Paints `frame` on an OffscreenCanvas (or anything with its sizing and 2D context). */
export function paintFrame(
  canvas: { width: number; height: number; getContext(id: '2d'): Context2D | null },
  frame: ChartPaintFrame,
): void {
  const ctx = sizeAndClear(canvas, () => canvas.getContext('2d'), frame.width, frame.height, frame.dpr);
  if (ctx !== null) paintChart(ctx, frame.lines, frame.labels, frame.area, frameStyle(frame.style));
}
