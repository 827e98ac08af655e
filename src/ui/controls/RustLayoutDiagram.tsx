/**
 * The layout of a Rust type as a bar of its bytes (fields, enum tag, padding, niche) and the same
 * facts as a table for screen readers and copying. Reused by the type field and the calculator.
 */
import type { RustLayout } from '../../engine/rust-type/index.ts';
import { formatInt } from '../format.ts';
import './rust-type.css';

interface Slot {
  readonly label: string;
  readonly offset: number;
  readonly size: number;
  readonly role: 'field' | 'tag' | 'element' | 'padding';
}

/** Fields in memory order with the padding between and after them made explicit. */
export function slotsOf(l: RustLayout): Slot[] {
  const slots: Slot[] = [];
  let at = 0;
  for (const p of l.parts) {
    if (p.offset > at) slots.push({ label: 'padding', offset: at, size: p.offset - at, role: 'padding' });
    slots.push(p);
    at = Math.max(at, p.offset + p.size);
  }
  if (l.parts.length > 0 && l.size > at)
    slots.push({ label: 'padding', offset: at, size: l.size - at, role: 'padding' });
  return slots;
}

const range = (s: { offset: number; size: number }) =>
  s.size <= 1 ? `${s.offset}` : `${s.offset}–${s.offset + s.size - 1}`;

export function RustLayoutDiagram({ layout }: { layout: RustLayout }) {
  const slots = slotsOf(layout);
  const niche = layout.niche;
  return (
    <figure className="rust-layout" data-testid="rust-layout">
      <figcaption>
        <code>{layout.text}</code>: <strong>{formatInt(layout.size)} B</strong>, align {layout.align}
        {niche !== null && (
          <>
            {' '}
            · niche at byte {niche.offset} ({niche.bytes} B, {BigInt(niche.spare).toLocaleString('en-US')}{' '}
            spare values)
          </>
        )}
        {layout.encoding !== null && <span className="rust-encoding">; {layout.encoding}</span>}
      </figcaption>
      {layout.size > 0 && slots.length > 0 && (
        <div className="rust-bar" aria-hidden="true">
          {slots.map((s, i) => (
            <span
              key={i}
              className={`rust-slot rust-${s.role}`}
              style={{
                left: `${(100 * s.offset) / layout.size}%`,
                width: `${(100 * s.size) / layout.size}%`,
              }}
              title={`${s.label}: bytes ${range(s)}`}
            />
          ))}
          {niche !== null && (
            <span
              className="rust-niche"
              style={{
                left: `${(100 * niche.offset) / layout.size}%`,
                width: `${(100 * niche.bytes) / layout.size}%`,
              }}
            />
          )}
        </div>
      )}
      {slots.length > 0 && (
        <table className="rust-fields">
          <thead>
            <tr>
              <th scope="col">Bytes</th>
              <th scope="col">Part</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            {slots.map((s, i) => (
              <tr key={i} className={`rust-row-${s.role}`}>
                <td>{range(s)}</td>
                <td>
                  {s.role === 'padding' ? <em>padding</em> : <code>{s.label}</code>}
                  {niche !== null &&
                  s.role !== 'padding' &&
                  niche.offset >= s.offset &&
                  niche.offset < s.offset + s.size
                    ? ' (niche)'
                    : ''}
                </td>
                <td>{formatInt(s.size)} B</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
