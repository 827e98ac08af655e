/**
 * Series as CSV: one row per sample, a `time_ms` column, then one column per strategy and metric,
 * named `<strategy label> <metric>` (e.g. `tokio unbounded heap_bytes`). Numbers are written as they
 * are (exact integers for bytes and counts); a missing value is an empty cell. Labels come from the
 * scenario (which a link can set), so a cell that a spreadsheet would run as a formula is defused.
 */

export interface CsvStrategy {
  readonly label: string;
  readonly columns: Readonly<Partial<Record<string, ArrayLike<number>>>>;
}

export interface CsvSeries {
  readonly timeMs: ArrayLike<number>;
  readonly strategies: readonly CsvStrategy[];
}

/** snake_case of a camelCase field: heapBytes → heap_bytes, p99LatencyMs → p99_latency_ms */
export function snake(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function num(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '' : String(v);
}

export function seriesToCsv(series: CsvSeries, fields: readonly string[]): string {
  const header = ['time_ms'];
  for (const s of series.strategies) for (const f of fields) header.push(`${s.label} ${snake(f)}`);
  const lines = [header.map(csvCell).join(',')];
  for (let i = 0; i < series.timeMs.length; i++) {
    const row = [num(series.timeMs[i])];
    for (const s of series.strategies) for (const f of fields) row.push(num(s.columns[f]?.[i]));
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}
