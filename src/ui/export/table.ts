/**
 * One table, three outputs: Markdown (for a post), CSV (for a spreadsheet) and the figure (SVG/PNG,
 * `figure/table-svg.ts`). Every table the lab exports (the exact figures, the calculator, a sweep) is
 * built once as a `Table` and written by these functions, so the outputs cannot disagree.
 *
 * `csvColumns` names the CSV's columns where they differ from the displayed ones: numbers in the
 * CSV are raw (bytes as integers), named in snake_case as `npm run sim -- --csv` names them.
 */
import { csvCell } from './csv.ts';

export interface Table {
  /** what the table shows, e.g. "Exact figures at 20 s" */
  readonly title: string;
  /** displayed column headings */
  readonly columns: readonly string[];
  /** displayed cells, one array per row, as long as `columns` */
  readonly rows: readonly (readonly string[])[];
  /** the same table as data: headings and raw values (numbers unformatted); absent: the displayed cells */
  readonly data?: {
    readonly columns: readonly string[];
    readonly rows: readonly (readonly (string | number | null)[])[];
  };
}

/** A Markdown cell: pipes escaped, line breaks as spaces (a cell is one line). */
function mdCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\s*[\r\n]+\s*/g, ' ');
}

export function tableToMarkdown(t: Table): string {
  const line = (cells: readonly string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
  // the first column names the row (left), the figures are numbers (right-aligned)
  const rule = `|${t.columns.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`;
  return `${[line(t.columns), rule, ...t.rows.map(line)].join('\n')}\n`;
}

export function tableToCsv(t: Table): string {
  const columns = t.data?.columns ?? t.columns;
  const rows = t.data?.rows ?? t.rows;
  const cell = (v: string | number | null) =>
    v === null ? '' : typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : csvCell(v);
  return `${[columns.map(csvCell).join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n')}\n`;
}
