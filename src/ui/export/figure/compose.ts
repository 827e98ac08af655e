/**
 * A publication figure: an optional title, the figure itself, an optional caption (plain text,
 * wrapped), and an attribution line, on the theme's background, as one standalone SVG document of
 * exactly the chosen width.
 */
import { esc, textLines, wrap, type FigureColors } from './svg-text.ts';

export const FIGURE_PAD = 16;

/** A standalone SVG file and its size in CSS pixels. */
export interface SvgDocument {
  readonly text: string;
  readonly width: number;
  readonly height: number;
}

export interface FigureParts {
  readonly width: number;
  readonly colors: FigureColors;
  readonly title: string | null;
  readonly caption: string | null;
  readonly attribution: string | null;
  /** draws the body at (x, y) across `width`; returns its markup and height */
  body(x: number, y: number, width: number): { svg: string; height: number };
}

export function composeFigure(p: FigureParts): SvgDocument {
  const { width, colors } = p;
  const inner = width - 2 * FIGURE_PAD;
  const parts: string[] = [];
  let y = FIGURE_PAD;
  if (p.title !== null && p.title !== '') {
    const t = textLines(wrap(p.title, inner, 17), FIGURE_PAD, y + 16, {
      size: 17,
      weight: 600,
      color: colors.fg,
      font: colors.font,
    });
    parts.push(t.svg);
    y += t.height + 6;
  }
  const body = p.body(FIGURE_PAD, y, inner);
  parts.push(body.svg);
  y += body.height + 4;
  if (p.caption !== null && p.caption !== '') {
    // each paragraph (the author's words, then the scenario's parameters) starts a line
    const lines = p.caption.split('\n').flatMap((para) => wrap(para, inner, 13));
    const c = textLines(lines, FIGURE_PAD, y + 14, {
      size: 13,
      color: colors.fg,
      font: colors.font,
    });
    parts.push(c.svg);
    y += c.height + 4;
  }
  if (p.attribution !== null && p.attribution !== '') {
    const a = textLines(wrap(p.attribution, inner, 11), FIGURE_PAD, y + 13, {
      size: 11,
      color: colors.muted,
      font: colors.font,
    });
    parts.push(a.svg);
    y += a.height;
  }
  const height = Math.ceil(y + FIGURE_PAD);
  const text =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="100%" height="100%" fill="${esc(colors.bg)}"/>` +
    parts.join('') +
    `</svg>\n`;
  return { text, width, height };
}
