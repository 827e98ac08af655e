/** Small pieces every figure part shares: escaping, number formatting, colours, text wrapping. */

/** The colours and fonts of one theme, as literal values (an SVG file cannot use the page's CSS). */
export interface FigureColors {
  readonly bg: string;
  readonly fg: string;
  readonly muted: string;
  readonly grid: string;
  readonly border: string;
  readonly panel: string;
  readonly font: string;
  readonly mono: string;
}

/** Text as SVG character data or attribute value: every markup character escaped. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A coordinate with at most one decimal (smaller files, no float noise). */
export function num(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/**
 * Lines of at most `width` px for text at `size` px. The width of a character is estimated (0.56 em
 * for proportional text), which is close for Latin text in the system sans-serif fonts.
 */
export function wrap(text: string, width: number, size: number, em = 0.56): string[] {
  const perLine = Math.max(8, Math.floor(width / (size * em)));
  const out: string[] = [];
  let line = '';
  // split at ordinary white space only: a no-break space keeps a number with its unit
  for (const word of text.split(/[ \t\r\n]+/).filter((w) => w !== '')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (next.length <= perLine) line = next;
    else {
      if (line !== '') out.push(line);
      // a word longer than a line is cut
      let w = word;
      while (w.length > perLine) {
        out.push(w.slice(0, perLine));
        w = w.slice(perLine);
      }
      line = w;
    }
  }
  if (line !== '') out.push(line);
  return out;
}

/** `lines` as SVG text, one `<text>` per line, starting with the baseline at `y`. */
export function textLines(
  lines: readonly string[],
  x: number,
  y: number,
  o: { size: number; color: string; font: string; weight?: number; lineHeight?: number },
): { svg: string; height: number } {
  const lh = o.lineHeight ?? Math.round(o.size * 1.35);
  const svg = lines
    .map(
      (l, i) =>
        `<text x="${num(x)}" y="${num(y + i * lh)}" font-family="${esc(o.font)}" font-size="${o.size}"${o.weight === undefined ? '' : ` font-weight="${o.weight}"`} fill="${esc(o.color)}">${esc(l)}</text>`,
    )
    .join('');
  return { svg, height: lines.length * lh };
}
