/**
 * CSV cells and column names. Labels come from the scenario (which a link can set), so a cell that a
 * spreadsheet would run as a formula is defused. Column names are snake_case, as `npm run sim --
 * --csv` writes them (the series CSV itself is the engine's `seriesCsv`).
 */

/** snake_case of a camelCase field: heapBytes → heap_bytes, p99LatencyMs → p99_latency_ms */
export function snake(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
