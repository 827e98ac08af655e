/**
 * Canvas plumbing shared by the views: crisp sizing on high-DPI screens, the colour theme read from
 * CSS custom properties (so dark mode and high contrast come from styles.css), and small drawing helpers.
 */

export interface Theme {
  readonly bg: string;
  readonly fg: string;
  readonly muted: string;
  readonly border: string;
  readonly panel: string;
  readonly accent: string;
  /** a slot holding a message */
  readonly written: string;
  /** a slot whose message was taken (the memory is still there) */
  readonly read: string;
  readonly empty: string;
  readonly close: string;
  readonly danger: string;
  readonly warn: string;
  readonly ok: string;
  /** queued messages whose producer is gone */
  readonly retained: string;
  readonly padding: string;
  readonly font: string;
  readonly mono: string;
}

const FALLBACK: Theme = {
  bg: '#ffffff',
  fg: '#1b1f24',
  muted: '#57606a',
  border: '#d0d7de',
  panel: '#f6f8fa',
  accent: '#0969da',
  written: '#0969da',
  read: '#b6c2cf',
  empty: '#ffffff',
  close: '#bc4c00',
  danger: '#cf222e',
  warn: '#9a6700',
  ok: '#1a7f37',
  retained: '#8250df',
  padding: '#d8dee4',
  font: 'system-ui, sans-serif',
  mono: 'ui-monospace, monospace',
};

/** Reads the theme from CSS variables on `el` (`--slot-written`, ...), falling back to the light theme. */
export function readTheme(el: Element | null): Theme {
  if (el === null || typeof getComputedStyle !== 'function') return FALLBACK;
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    bg: v('--bg', FALLBACK.bg),
    fg: v('--fg', FALLBACK.fg),
    muted: v('--muted', FALLBACK.muted),
    border: v('--border', FALLBACK.border),
    panel: v('--panel', FALLBACK.panel),
    accent: v('--accent', FALLBACK.accent),
    written: v('--slot-written', FALLBACK.written),
    read: v('--slot-read', FALLBACK.read),
    empty: v('--slot-empty', FALLBACK.empty),
    close: v('--slot-close', FALLBACK.close),
    danger: v('--danger', FALLBACK.danger),
    warn: v('--warn', FALLBACK.warn),
    ok: v('--ok', FALLBACK.ok),
    retained: v('--retained', FALLBACK.retained),
    padding: v('--padding', FALLBACK.padding),
    font: v('--font-ui', FALLBACK.font),
    mono: v('--font-mono', FALLBACK.mono),
  };
}

/** The device pixel ratio a canvas is drawn at (at most 3: more pixels than that buy nothing visible). */
export function canvasPixelRatio(): number {
  return typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? Math.min(devicePixelRatio, 3) : 1;
}

/** The parts of a canvas that sizing touches: an element's or an OffscreenCanvas's. */
interface SizedCanvas {
  width: number;
  height: number;
}

/**
 * Sizes a canvas's backing store for `dpr` and readies `ctx` to draw in CSS pixels on a clear canvas.
 * Shared by the page's canvases and the chart painter's OffscreenCanvases (chart-paint.worker.ts).
 */
export function sizeAndClear<C extends CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D>(
  canvas: SizedCanvas,
  getContext: () => C | null,
  width: number,
  height: number,
  dpr: number,
): C | null {
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  let ctx: C | null = null;
  try {
    ctx = getContext();
  } catch {
    return null;
  }
  if (ctx === null) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/**
 * Sizes the canvas backing store for the device pixel ratio and returns a context drawing in CSS pixels.
 * Returns null where canvas is unavailable (jsdom).
 */
export function prepareCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  fitCssHeight(canvas, height);
  return sizeAndClear(canvas, () => canvas.getContext('2d'), width, height, canvasPixelRatio());
}

/** Sets the canvas element's CSS height (its backing store may be sized elsewhere: an OffscreenCanvas). */
export function fitCssHeight(canvas: HTMLCanvasElement, height: number): void {
  const cssH = `${height}px`;
  if (canvas.style.height !== cssH) canvas.style.height = cssH;
}

/**
 * The smallest label size on a canvas, in its drawing units: presenter mode sets one so every label
 * reads at least 20 CSS px on a projector, whatever size a painter asked for (labels with a
 * `maxWidth` are squeezed rather than run over their neighbours). It travels with the context.
 */
const MIN_TEXT = new WeakMap<CanvasRenderingContext2D, number>();

export function setMinTextSize(ctx: CanvasRenderingContext2D, px: number): void {
  if (px > 0) MIN_TEXT.set(ctx, px);
  else MIN_TEXT.delete(ctx);
}

/** The size {@link text} draws a label asked at `size` (presenter mode may enlarge it): measure with this. */
export function labelSize(ctx: CanvasRenderingContext2D, size: number): number {
  return Math.max(size, MIN_TEXT.get(ctx) ?? 0);
}

export function text(
  ctx: CanvasRenderingContext2D,
  s: string,
  x: number,
  y: number,
  opts: {
    color: string;
    size?: number;
    font?: string;
    weight?: number;
    align?: CanvasTextAlign;
    maxWidth?: number;
  },
): void {
  ctx.fillStyle = opts.color;
  const size = labelSize(ctx, opts.size ?? 12);
  ctx.font = `${opts.weight ?? 400} ${size}px ${opts.font ?? 'system-ui, sans-serif'}`;
  ctx.textAlign = opts.align ?? 'left';
  ctx.textBaseline = 'alphabetic';
  if (opts.maxWidth === undefined) ctx.fillText(s, x, y);
  else ctx.fillText(fitText(ctx, s, opts.maxWidth), x, y, opts.maxWidth);
}

/**
 * Draws `s` on at most `maxLines` lines of `maxWidth` (words kept whole; the last line cut with an
 * ellipsis if the text is longer), from baseline `y`, `lineHeight` apart. Returns the lines drawn.
 */
export function wrapText(
  ctx: CanvasRenderingContext2D,
  s: string,
  x: number,
  y: number,
  opts: {
    color: string;
    size?: number;
    font?: string;
    weight?: number;
    maxWidth: number;
    lineHeight: number;
    maxLines: number;
  },
): number {
  const lines = wrapLines(ctx, s, opts);
  lines.forEach((line, i) => text(ctx, line, x, y + i * opts.lineHeight, opts));
  return lines.length;
}

/** Lines a wrapped label may take before its last one is cut: enough for any title at 360 px. */
const MAX_TITLE_LINES = 4;

/**
 * A label that wraps rather than loses its end on a narrow canvas (a phone, a narrow embed): drawn
 * from baseline `y` on as many lines of `maxWidth` as it needs (up to `maxLines`, 4 by default), each 1.3 × its drawn size
 * apart. Returns the height its lines take below the first one (0 when it fits on one), which the
 * caller adds to what follows.
 */
export function wrappedLabel(
  ctx: CanvasRenderingContext2D,
  s: string,
  x: number,
  y: number,
  opts: { color: string; size?: number; font?: string; weight?: number; maxWidth: number; maxLines?: number },
): number {
  const lineHeight = Math.round(labelSize(ctx, opts.size ?? 12) * 1.3);
  const lines = wrapText(ctx, s, x, y, { ...opts, lineHeight, maxLines: opts.maxLines ?? MAX_TITLE_LINES });
  return (lines - 1) * lineHeight;
}

/** The lines {@link wrapText} would draw (the context's font is set to the text's). */
export function wrapLines(
  ctx: CanvasRenderingContext2D,
  s: string,
  opts: { size?: number; font?: string; weight?: number; maxWidth: number; maxLines: number },
): string[] {
  const size = labelSize(ctx, opts.size ?? 12);
  ctx.font = `${opts.weight ?? 400} ${size}px ${opts.font ?? 'system-ui, sans-serif'}`;
  if (typeof ctx.measureText !== 'function') return [s];
  const words = s.split(' ');
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < words.length; i++) {
    const next = line === '' ? (words[i] as string) : `${line} ${words[i] as string}`;
    if (line !== '' && ctx.measureText(next).width > opts.maxWidth) {
      if (lines.length === opts.maxLines - 1) {
        // the last line takes the rest, cut to fit
        lines.push(`${line} ${words.slice(i).join(' ')}`);
        return lines;
      }
      lines.push(line);
      line = words[i] as string;
    } else line = next;
  }
  lines.push(line);
  return lines;
}

/**
 * `s` as it fits in `maxWidth` with the context's font: whole, or cut with an ellipsis when it is more
 * than a few percent too wide (fillText's maxWidth squeezes the glyphs instead, which past a few
 * percent is hard to read; the views' text alternatives carry every word).
 */
export function fitText(ctx: CanvasRenderingContext2D, s: string, maxWidth: number): string {
  if (typeof ctx.measureText !== 'function' || ctx.measureText(s).width <= maxWidth * 1.06) return s;
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ctx.measureText(`${s.slice(0, mid).trimEnd()}…`).width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${s.slice(0, lo).trimEnd()}…`;
}

export function box(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  opts: { fill?: string; stroke?: string; dash?: readonly number[]; radius?: number; lineWidth?: number },
): void {
  ctx.beginPath();
  const r = opts.radius ?? 0;
  if (r > 0 && typeof ctx.roundRect === 'function') ctx.roundRect(x, y, w, h, r);
  else ctx.rect(x, y, w, h);
  if (opts.fill !== undefined) {
    ctx.fillStyle = opts.fill;
    ctx.fill();
  }
  if (opts.stroke !== undefined) {
    ctx.setLineDash(opts.dash ?? []);
    ctx.lineWidth = opts.lineWidth ?? 1;
    ctx.strokeStyle = opts.stroke;
    ctx.stroke();
    ctx.setLineDash([]);
  }
}

/** Diagonal hatching: how padding and never-used positions look. */
export function hatch(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  color: string,
): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let d = -h; d < w; d += 5) {
    ctx.moveTo(x + d, y + h);
    ctx.lineTo(x + d + h, y);
  }
  ctx.stroke();
  ctx.restore();
}

/** A small triangle marker pointing at (x, y): up when `below` (marker under a row), else down. */
export function marker(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  color: string,
  below: boolean,
): void {
  ctx.fillStyle = color;
  ctx.beginPath();
  const d = below ? 1 : -1;
  ctx.moveTo(x, y);
  ctx.lineTo(x - 4, y + 6 * d);
  ctx.lineTo(x + 4, y + 6 * d);
  ctx.closePath();
  ctx.fill();
}

export function arrow(ctx: CanvasRenderingContext2D, x1: number, y: number, x2: number, color: string): void {
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 1.25;
  ctx.beginPath();
  ctx.moveTo(x1, y);
  ctx.lineTo(x2 - 4, y);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x2, y);
  ctx.lineTo(x2 - 5, y - 3.5);
  ctx.lineTo(x2 - 5, y + 3.5);
  ctx.closePath();
  ctx.fill();
}
