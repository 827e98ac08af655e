/**
 * A table drawn as SVG at a fixed width: the first column names the row, the others share the rest;
 * a cell that does not fit its column wraps onto more lines, so a 700 px figure never needs to scroll.
 */
import type { Table } from '../table.ts';
import { esc, num, wrap, type FigureColors } from './svg-text.ts';

const SIZE = 12.5;
const LINE = 16;
const PAD = 6;

export function tableSvg(
  t: Table,
  opts: { x: number; y: number; width: number; colors: FigureColors },
): { svg: string; height: number } {
  const { x, width, colors } = opts;
  const n = t.columns.length;
  // the names column gets what its longest name needs, at most 36 % of the width
  const longest = Math.max(...t.rows.map((r) => (r[0] ?? '').length), (t.columns[0] ?? '').length);
  const first = Math.min(width * 0.36, Math.max(width / n, longest * SIZE * 0.56 + 2 * PAD));
  const other = n > 1 ? (width - first) / (n - 1) : 0;
  const colX = (i: number) => x + (i === 0 ? 0 : first + (i - 1) * other);
  const colW = (i: number) => (i === 0 ? first : other);
  const parts: string[] = [];
  let y = opts.y;
  const row = (cells: readonly string[], head: boolean, shade: boolean) => {
    // "485,664 B (474.28 KiB)": a number stays with its unit when the cell wraps
    // "485,664 B (474.28 KiB)": a number stays with its unit when the cell wraps
    const lines = cells.map((c, i) =>
      wrap(
        c.replace(/(\d) (?=[KMGT]?i?B\b|ms\b|s\b)/g, '$1\u00a0'),
        colW(i) - 2 * PAD,
        SIZE,
        i === 0 || head ? 0.56 : 0.6,
      ),
    );
    const h = Math.max(1, ...lines.map((l) => l.length)) * LINE + 2 * PAD - 2;
    if (shade)
      parts.push(
        `<rect x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${num(h)}" fill="${esc(colors.panel)}"/>`,
      );
    lines.forEach((ls, i) => {
      // figures are right-aligned in their column, names left-aligned
      const right = i > 0;
      const tx = right ? colX(i) + colW(i) - PAD : colX(i) + PAD;
      ls.forEach((l, k) => {
        parts.push(
          `<text x="${num(tx)}" y="${num(y + PAD + 11 + k * LINE)}" font-family="${esc(i > 0 && !head ? colors.mono : colors.font)}" font-size="${SIZE}"${head ? ' font-weight="600"' : ''}${right ? ' text-anchor="end"' : ''} fill="${esc(head ? colors.muted : colors.fg)}">${esc(l)}</text>`,
        );
      });
    });
    y += h;
    parts.push(
      `<line x1="${num(x)}" y1="${num(y)}" x2="${num(x + width)}" y2="${num(y)}" stroke="${esc(head ? colors.border : colors.grid)}"/>`,
    );
  };
  row(t.columns, true, false);
  t.rows.forEach((r, i) => row(r, false, i % 2 === 1));
  return { svg: parts.join(''), height: y - opts.y };
}
