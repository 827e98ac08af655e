import { useId, useState } from 'react';
import { formatInt } from '../format.ts';
import type { AllocationsSpec } from './spec.ts';

export interface Allocation {
  readonly site: string;
  readonly bytes: number;
}

interface Row {
  site: string;
  bytes: string;
}

const toRows = (list: readonly Allocation[]): Row[] =>
  list.map((a) => ({ site: a.site, bytes: String(a.bytes) }));

/** What is wrong with a row, in words, or null. */
function problem(row: Row, maxBytes: number): string | null {
  if (row.site.trim() === '') return 'Name the allocation (e.g. “read buffer”).';
  if (row.site.length > 60) return 'Keep the name within 60 characters.';
  const n = Number(row.bytes);
  if (row.bytes.trim() === '' || !Number.isInteger(n) || n < 0 || n > maxBytes) {
    return `Enter a whole number of bytes from 0 to ${formatInt(maxBytes)}.`;
  }
  return null;
}

/**
 * Per-channel allocations as rows you add and remove (e.g. hyper's 8 KiB read and write buffers).
 * Rows are edited locally and sent once every row is valid, so a half-typed name never reaches the
 * simulation.
 */
export function AllocationsField(props: {
  spec: AllocationsSpec;
  value: readonly Allocation[];
  onChange: (list: Allocation[]) => void;
}) {
  const { spec } = props;
  const id = useId();
  const [rows, setRows] = useState<Row[]>(() => toRows(props.value));
  // a preset or a shared link replaces the list (state adjusted while rendering, React's own pattern)
  const valueKey = JSON.stringify(props.value);
  const [seen, setSeen] = useState(valueKey);
  if (seen !== valueKey) {
    setSeen(valueKey);
    setRows(toRows(props.value));
  }
  const edit = (next: Row[]) => {
    setRows(next);
    if (next.every((r) => problem(r, spec.maxBytes) === null)) {
      props.onChange(next.map((r) => ({ site: r.site.trim(), bytes: Number(r.bytes) })));
    }
  };
  return (
    <fieldset className={rows.length > 0 ? 'field allocations-field changed' : 'field allocations-field'}>
      <legend>{spec.label}</legend>
      <p id={`${id}-hint`} className="field-hint">
        {spec.description}
        {rows.length > 0 ? ' (changed from the default: none)' : ''}
      </p>
      {rows.map((row, k) => {
        const why = problem(row, spec.maxBytes);
        return (
          <div className="allocation-row" key={k} role="group" aria-label={`Allocation ${k + 1}`}>
            <input
              type="text"
              aria-label={`Allocation ${k + 1} name`}
              value={row.site}
              maxLength={60}
              aria-invalid={why !== null && row.site.trim() === '' ? true : undefined}
              onChange={(e) => edit(rows.map((r, j) => (j === k ? { ...r, site: e.target.value } : r)))}
            />
            <input
              type="number"
              className="number"
              aria-label={`Allocation ${k + 1} bytes`}
              min={0}
              max={spec.maxBytes}
              value={row.bytes}
              aria-invalid={why !== null && row.site.trim() !== '' ? true : undefined}
              onChange={(e) => edit(rows.map((r, j) => (j === k ? { ...r, bytes: e.target.value } : r)))}
            />
            <span className="unit">B</span>
            <button
              type="button"
              aria-label={`Remove allocation ${k + 1}`}
              onClick={() => edit(rows.filter((_, j) => j !== k))}
            >
              ✕
            </button>
            {why === null ? null : (
              <p className="field-hint field-error" role="status">
                {why}
              </p>
            )}
          </div>
        );
      })}
      <button
        type="button"
        disabled={rows.length >= spec.max}
        onClick={() => edit([...rows, { site: `allocation ${rows.length + 1}`, bytes: '8192' }])}
      >
        Add allocation
      </button>
    </fieldset>
  );
}
