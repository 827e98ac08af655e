/**
 * Publication figures of what the lab shows: one chosen figure at a chosen width and theme, with an
 * optional title, a caption of the scenario's key parameters and an attribution line, as an SVG
 * document (PNG: the same SVG drawn at 2× pixel density). The app's Export dialog, each embed and
 * `npm run figure` (through the embed page in headless Chromium) all call `renderFigure`, so a
 * figure rebuilt by a script is the figure the author exported by hand.
 */
import { messageOf } from '../../calculator/calc-spec.ts';
import { calculatorTable } from '../../calculator/calc-table.ts';
import { fullInputsOf } from '../../calculator/inputs-of.ts';
import { drawAnatomy } from '../../draw/anatomy.ts';
import { drawBackpressure } from '../../draw/backpressure.ts';
import { readTheme, type Theme } from '../../draw/paint.ts';
import { formatBytesAxis, formatInt, formatMs, formatSeconds } from '../../format.ts';
import { dashArray, strategyColorFor, type PaletteTheme } from '../../palette.ts';
import type { Lab } from '../../store.ts';
import { ROWS } from '../../views/Readouts.tsx';
import { SECOND_METRICS } from '../../views/Charts.tsx';
import type { Table } from '../table.ts';
import { snake } from '../csv.ts';
import { slug } from '../download.ts';
import { attributionLine, implsOf, scenarioCaption } from './attribution.ts';
import { chartSvg, type ChartData } from './chart-svg.ts';
import { composeFigure, type SvgDocument } from './compose.ts';
import { esc, num, type FigureColors } from './svg-text.ts';
import { tableSvg } from './table-svg.ts';

/** The figures one can export. (A sweep registers here too.) */
export const FIGURE_KINDS = ['heap', 'metric', 'anatomy', 'backpressure', 'readouts', 'calculator'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];
export const TABLE_KINDS: readonly FigureKind[] = ['readouts', 'calculator'];

export const FIGURE_LABELS: Readonly<Record<FigureKind, string>> = {
  heap: 'Heap chart',
  metric: 'Second chart',
  anatomy: 'Channel anatomy',
  backpressure: 'Senders and backpressure',
  readouts: 'Exact figures (table)',
  calculator: 'Calculator (table)',
};

export const FIGURE_WIDTHS = [700, 1400] as const;
export type FigureWidth = (typeof FIGURE_WIDTHS)[number];

export interface FigureRequest {
  readonly kind: FigureKind;
  readonly width: FigureWidth;
  readonly theme: PaletteTheme;
  readonly log: boolean;
  /** null: no title */
  readonly title: string | null;
  /** the scenario's key parameters under the figure */
  readonly caption: boolean;
  /** extra text before the parameters (the author's own caption), plain text */
  readonly note?: string;
  readonly attribution: boolean;
  /** strategies to show (indices), null for all */
  readonly strategies?: readonly number[] | null;
}

/**
 * The theme's colours as literal values. The page's CSS decides them (styles.css, palette.ts): the
 * root's `data-theme` is switched for one synchronous style read and put back, so nothing is painted
 * in between.
 */
export function themeColors(
  theme: PaletteTheme,
  doc: Document = document,
): { colors: FigureColors; paint: Theme } {
  const root = doc.documentElement;
  const before = root.dataset.theme;
  root.dataset.theme = theme;
  try {
    const paint = readTheme(root);
    const cs = getComputedStyle(root);
    const v = (name: string, dflt: string) => cs.getPropertyValue(name).trim() || dflt;
    return {
      paint,
      colors: {
        bg: paint.bg,
        fg: paint.fg,
        muted: paint.muted,
        border: paint.border,
        panel: paint.panel,
        grid: v('--grid', paint.border),
        font: paint.font,
        mono: paint.mono,
      },
    };
  } finally {
    if (before === undefined) delete root.dataset.theme;
    else root.dataset.theme = before;
  }
}

function chosen(lab: Lab, req: { readonly strategies?: readonly number[] | null | undefined }): number[] {
  const n = lab.store.getState().meta?.strategies.length ?? 0;
  const all = Array.from({ length: n }, (_, i) => i);
  return req.strategies === null || req.strategies === undefined
    ? all
    : all.filter((i) => req.strategies?.includes(i));
}

function chartData(lab: Lab, kind: 'heap' | 'metric', req: FigureRequest): ChartData {
  const { meta, secondMetric } = lab.store.getState();
  const series = lab.frames.getState().series;
  const field = kind === 'heap' ? 'heapBytes' : secondMetric;
  const m = SECOND_METRICS.find((x) => x.key === secondMetric);
  const lines = chosen(lab, req).map((k) => ({
    label: meta?.strategies[k]?.label ?? `strategy ${k}`,
    color: strategyColorFor(k, req.theme),
    dash: dashArray(k),
    values: series?.values[k]?.[field] ?? [],
  }));
  if (kind === 'heap') {
    return {
      timeMs: series?.timeMs ?? [],
      lines,
      unit: 'bytes',
      yFormat: formatBytesAxis,
      label: 'Simulated heap',
    };
  }
  const ms = m?.unit === 'ms';
  return {
    timeMs: series?.timeMs ?? [],
    lines,
    unit: ms ? 'ms' : 'count',
    yFormat: ms ? (v) => formatMs(v) : (v) => formatInt(v),
    label: m?.label ?? 'Second chart',
  };
}

/** The exact figures at the current time: strategies as columns, as the page shows them. */
export function readoutsTable(lab: Lab, strategies?: readonly number[] | null): Table {
  const { meta } = lab.store.getState();
  const frame = lab.frames.getState().frame;
  const keep = chosen(lab, { strategies });
  const names = keep.map((k) => meta?.strategies[k]?.label ?? `strategy ${k}`);
  const rows = ROWS.map((row) => [
    `${row.label} (${row.basis})`,
    ...keep.map((k) => {
      const st = frame?.strategies[k];
      return st === undefined ? '—' : row.value(st);
    }),
  ]);
  // as data: one row per strategy, raw numbers, named as `npm run sim -- --csv` names its fields
  const stats = [
    'heapBytes',
    'peakHeapBytes',
    'channelBytes',
    'keptAfterDrainBytes',
    'allocs',
    'deallocs',
    'reallocs',
    'depth',
    'waitingSenders',
    'availablePermits',
    'sent',
    'received',
    'rejected',
    'timedOut',
    'retainedMessages',
    'retainedBytes',
    'p50LatencyMs',
    'p99LatencyMs',
    'maxLatencyMs',
  ] as const;
  const data = {
    columns: ['time_ms', 'strategy', 'label', ...stats.map(snake)],
    rows: keep.map((k) => {
      const st = frame?.strategies[k]?.stats as Readonly<Record<string, number | null>> | undefined;
      return [
        frame?.timeMs ?? null,
        meta?.strategies[k]?.id ?? String(k),
        names[keep.indexOf(k)] ?? '',
        ...stats.map((f) => st?.[f] ?? null),
      ];
    }),
  };
  return {
    title: `Exact figures at ${formatSeconds(frame?.timeMs ?? 0)}`,
    columns: ['Figure', ...names],
    rows,
    data,
  };
}

/** The calculator as it is open (or, closed, for the focused strategy's channel): the page's own table. */
export function calculatorFigureTable(lab: Lab): Table {
  const { scenario, focus, calculator } = lab.store.getState();
  const inputs =
    calculator ?? fullInputsOf(scenario === null ? null : lab.adapter.channelOf(scenario, focus), scenario);
  const m = messageOf(inputs);
  return calculatorTable(inputs, m.ok ? m.message : { kind: 'string', len: inputs.size });
}

export function figureTable(lab: Lab, kind: FigureKind, strategies?: readonly number[] | null): Table | null {
  if (kind === 'readouts') return readoutsTable(lab, strategies);
  if (kind === 'calculator') return calculatorFigureTable(lab);
  return null;
}

/** A canvas view drawn at the figure's width (2× pixels), placed in the SVG as an image. */
function canvasBody(
  draw: (ctx: CanvasRenderingContext2D, width: number) => number,
  x: number,
  y: number,
  width: number,
): { svg: string; height: number } {
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = 4000 * scale;
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('no 2D canvas in this browser');
  ctx.scale(scale, scale);
  const height = Math.max(20, Math.ceil(draw(ctx, width)));
  const out = document.createElement('canvas');
  out.width = width * scale;
  out.height = height * scale;
  out.getContext('2d')?.drawImage(canvas, 0, 0);
  const href = out.toDataURL('image/png');
  return {
    svg: `<image x="${num(x)}" y="${num(y)}" width="${width}" height="${height}" href="${esc(href)}" xlink:href="${esc(href)}"/>`,
    height,
  };
}

function figureBody(lab: Lab, req: FigureRequest, paint: Theme, colors: FigureColors) {
  const frame = lab.frames.getState().frame;
  const { meta, focus } = lab.store.getState();
  return (x: number, y: number, width: number): { svg: string; height: number } => {
    switch (req.kind) {
      case 'heap':
      case 'metric':
        return chartSvg(chartData(lab, req.kind, req), { x, y, width, log: req.log, colors });
      case 'readouts':
      case 'calculator': {
        const t = figureTable(lab, req.kind, req.strategies) as Table;
        return tableSvg(t, { x, y, width, colors });
      }
      case 'anatomy':
      case 'backpressure': {
        const st = frame?.strategies[focus];
        const label = meta?.strategies[focus]?.label ?? '';
        const head = `<text x="${num(x)}" y="${num(y + 13)}" font-family="${esc(colors.font)}" font-size="13" font-weight="600" fill="${esc(colors.fg)}">${esc(`${FIGURE_LABELS[req.kind]}: ${label}, channel 0`)}</text>`;
        const body = canvasBody(
          (ctx, w) => {
            if (st === undefined) return 20;
            if (req.kind === 'anatomy')
              return st.structure === null ? 20 : drawAnatomy(ctx, paint, st.structure, w);
            return drawBackpressure(
              ctx,
              paint,
              {
                strategy: st,
                kind: meta?.strategies[focus]?.kind ?? null,
                producersConnected: frame?.producersConnected ?? 0,
                producersGone: frame?.producersGone ?? 0,
                flashes: [],
              },
              w,
            );
          },
          x,
          y + 22,
          width,
        );
        return { svg: head + body.svg, height: body.height + 22 };
      }
    }
  };
}

/** The figure as an SVG document. */
export function renderFigure(lab: Lab, req: FigureRequest): SvgDocument {
  const { colors, paint } = themeColors(req.theme);
  const scenario = lab.store.getState().scenario;
  const timeMs = lab.frames.getState().frame?.timeMs ?? 0;
  const params =
    scenario === null
      ? ''
      : scenarioCaption(scenario, timeMs, req.kind === 'calculator' ? null : chosen(lab, req));
  const note = (req.note ?? '').trim();
  const caption = [note, req.caption ? params : ''].filter((x) => x !== '').join('\n');
  return composeFigure({
    width: req.width,
    colors,
    title: req.title,
    caption: caption === '' ? null : caption,
    attribution: req.attribution ? attributionLine(scenario === null ? undefined : implsOf(scenario)) : null,
    body: figureBody(lab, req, paint, colors),
  });
}

/** A file name for a figure: `channel-lab-<scenario>-<kind>.<ext>`. */
export function figureFileName(lab: Lab, kind: FigureKind, ext: string): string {
  const name = lab.store.getState().scenario?.name ?? 'scenario';
  return `channel-lab-${slug(name)}-${kind}.${ext}`;
}
