/**
 * The charts as one standalone SVG file. recharts draws SVG, but its colours and fonts come from the
 * page's CSS (theme variables), and its legend is HTML. So: copy each chart's SVG with the computed
 * style of every element written inline, draw the title and the legend as SVG text, stack the charts,
 * and put a background behind them (the page's, so a dark-theme export stays readable).
 */

export interface LegendEntry {
  readonly label: string;
  readonly color: string;
}

export interface ChartFigure {
  readonly title: string;
  readonly svg: SVGSVGElement;
  readonly legend: readonly LegendEntry[];
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Presentation properties that decide how a chart looks. */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;

const TITLE_H = 26;
const LEGEND_H = 22;
const PAD = 12;

function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A copy of `el` with each element's computed presentation style inlined (CSS variables resolved). */
export function inlineStyles<T extends Element>(el: T, view: Window = window): T {
  const copy = el.cloneNode(true) as T;
  const from = [el, ...el.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((src, i) => {
    const dst = to[i];
    if (dst === undefined) return;
    const cs = view.getComputedStyle(src);
    const decl: string[] = [];
    for (const p of STYLE_PROPS) {
      const v = cs.getPropertyValue(p);
      if (v !== '' && !v.includes('var(')) decl.push(`${p}: ${v}`);
    }
    if (decl.length > 0) dst.setAttribute('style', decl.join('; '));
    // attributes that still hold a CSS variable would be invalid outside the page
    for (const attr of [...dst.attributes]) {
      if (attr.value.includes('var(')) dst.removeAttribute(attr.name);
    }
  });
  return copy;
}

function sizeOf(svg: SVGSVGElement): { w: number; h: number } {
  const r = svg.getBoundingClientRect();
  const w = r.width || Number(svg.getAttribute('width')) || 600;
  const h = r.height || Number(svg.getAttribute('height')) || 240;
  return { w: Math.round(w), h: Math.round(h) };
}

export interface SvgDocument {
  readonly text: string;
  readonly width: number;
  readonly height: number;
}

/** One SVG document with every figure, stacked, on `background`, text in `foreground`. */
export function chartsToSvg(
  figures: readonly ChartFigure[],
  colors: { background: string; foreground: string; fontFamily?: string },
  view: Window = window,
): SvgDocument {
  const sizes = figures.map((f) => sizeOf(f.svg));
  const width = Math.max(320, ...sizes.map((s) => s.w)) + 2 * PAD;
  const font = colors.fontFamily ?? 'system-ui, sans-serif';
  const ser = new XMLSerializer();
  const parts: string[] = [];
  let y = PAD;
  figures.forEach((f, i) => {
    const s = sizes[i] ?? { w: 600, h: 240 };
    parts.push(
      `<text x="${PAD}" y="${y + 17}" font-family="${xmlEscape(font)}" font-size="15" font-weight="600" fill="${xmlEscape(colors.foreground)}">${xmlEscape(f.title)}</text>`,
    );
    y += TITLE_H;
    const copy = inlineStyles(f.svg, view);
    // what the mouse pointer left on the chart (hover cursor, highlighted point) is not part of it
    for (const el of copy.querySelectorAll('.recharts-tooltip-cursor, .recharts-active-dot')) el.remove();
    copy.setAttribute('x', String(PAD));
    copy.setAttribute('y', String(y));
    copy.setAttribute('width', String(s.w));
    copy.setAttribute('height', String(s.h));
    copy.removeAttribute('class');
    copy.removeAttribute('role');
    parts.push(ser.serializeToString(copy));
    y += s.h;
    let x = PAD;
    for (const e of f.legend) {
      parts.push(
        `<rect x="${x}" y="${y + 8}" width="14" height="4" fill="${xmlEscape(e.color)}"/>`,
        `<text x="${x + 20}" y="${y + 14}" font-family="${xmlEscape(font)}" font-size="12" fill="${xmlEscape(colors.foreground)}">${xmlEscape(e.label)}</text>`,
      );
      x += 34 + e.label.length * 7;
    }
    y += LEGEND_H + PAD;
  });
  const height = y;
  const text =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="100%" height="100%" fill="${xmlEscape(colors.background)}"/>` +
    parts.join('') +
    `</svg>\n`;
  return { text, width, height };
}

/** The legend of a chart: the page's own list (`.chart-legend`) beside it, or recharts' legend. */
function legendOf(fig: Element, view: Window): LegendEntry[] {
  const legend: LegendEntry[] = [];
  const own = fig.closest('section')?.querySelectorAll('.chart-legend li') ?? [];
  for (const li of own) {
    const label = li.textContent?.trim() ?? '';
    // the strategy's mark (StrategyMark): a stroked line in the strategy's colour
    const swatch = li.querySelector('.strategy-mark line');
    const color = swatch === null ? '' : view.getComputedStyle(swatch).getPropertyValue('stroke');
    if (label !== '') legend.push({ label, color: color === '' ? '#888' : color });
  }
  if (legend.length > 0) return legend;
  for (const item of fig.querySelectorAll('.recharts-legend-item')) {
    const label = item.querySelector('.recharts-legend-item-text')?.textContent?.trim() ?? '';
    const mark = item.querySelector('path, line, rect');
    const cs = mark === null ? null : view.getComputedStyle(mark);
    const stroke = cs?.getPropertyValue('stroke') ?? '';
    const fill = cs?.getPropertyValue('fill') ?? '';
    const color =
      stroke !== '' && stroke !== 'none' ? stroke : fill !== '' && fill !== 'none' ? fill : '#888';
    if (label !== '') legend.push({ label, color });
  }
  return legend;
}

/** The recharts figures inside `root` (the app's `figure.chart` elements), with their legends. */
export function collectChartFigures(root: ParentNode, view: Window = window): ChartFigure[] {
  const out: ChartFigure[] = [];
  for (const fig of root.querySelectorAll('figure.chart')) {
    const svg = fig.querySelector<SVGSVGElement>('.recharts-wrapper > svg');
    if (svg === null) continue;
    const title = fig.querySelector('figcaption')?.textContent?.trim() ?? 'Chart';
    out.push({ title, svg, legend: legendOf(fig, view) });
  }
  return out;
}
