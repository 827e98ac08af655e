/**
 * "Rust type": the message type as a Rust type expression. It is laid out as you type (size, align,
 * niche, a diagram of the bytes); each growable part (Vec, String, Box<[T]>, Arc<str>…) gets a
 * length field; "Use this type" runs the scenario with it. A type that cannot be laid out shows the
 * message naming the part and is never sent to the simulation.
 */
import { useId, useMemo, useState } from 'react';
import { analyzeRustType, MAX_TYPE_TEXT } from '../../engine/rust-type/index.ts';
import { formatInt } from '../format.ts';
import { RustLayoutDiagram } from './RustLayoutDiagram.tsx';

const MAX_LENGTH = 2 ** 32;

export interface RustTypeValue {
  readonly rust: string;
  readonly lengths: readonly number[];
}

export function RustTypeField(props: {
  value: RustTypeValue;
  onApply: (v: RustTypeValue) => void;
  /** label of the text field */
  label?: string;
}) {
  const id = useId();
  const [text, setText] = useState(props.value.rust);
  const [lengths, setLengths] = useState<readonly string[]>(props.value.lengths.map(String));
  const result = useMemo(() => analyzeRustType(text), [text]);
  const growables = result.ok ? result.layout.growables : [];
  const numbers = growables.map((_, i) => Number(lengths[i] ?? '0'));
  const badLength = numbers.findIndex((n) => !Number.isInteger(n) || n < 0 || n > MAX_LENGTH);
  let heap: { bytes: number; allocs: number } | null = null;
  if (result.ok && badLength < 0) {
    try {
      heap = { bytes: result.layout.heapBytes(numbers), allocs: result.layout.heapAllocs(numbers) };
    } catch {
      // past 2^53 bytes: counted as "too much heap" below, never a wrong number
      heap = { bytes: Infinity, allocs: 0 };
    }
  }
  const tooMuchHeap = heap !== null && heap.bytes > 2 ** 40;
  const valid = result.ok && badLength < 0 && !tooMuchHeap;
  const applied =
    text.trim() === props.value.rust.trim() &&
    numbers.join(',') === props.value.lengths.slice(0, numbers.length).join(',');
  const apply = () => {
    if (valid && !applied) props.onApply({ rust: text.trim(), lengths: numbers });
  };
  return (
    <div className="field rust-type-field" data-key="message.rust">
      <div className="field-head">
        <label htmlFor={id}>{props.label ?? 'Rust type'}</label>
      </div>
      <textarea
        id={id}
        rows={2}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        maxLength={MAX_TYPE_TEXT}
        value={text}
        aria-invalid={!result.ok || undefined}
        aria-describedby={`${id}-status`}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            apply();
          }
        }}
      />
      <div id={`${id}-status`} aria-live="polite">
        {result.ok ? (
          <p className="field-hint" data-testid="rust-size">
            size_of = {formatInt(result.layout.size)} B, align_of = {result.layout.align}
            {heap !== null &&
              !tooMuchHeap &&
              ` · heap per message ${formatInt(heap.bytes)} B in ${formatInt(heap.allocs)} ${heap.allocs === 1 ? 'allocation' : 'allocations'}`}
          </p>
        ) : (
          <p className="field-hint rust-error" role="alert" data-testid="rust-error">
            {result.error}
          </p>
        )}
        {tooMuchHeap && (
          <p className="field-hint rust-error">More than 1 TiB of heap per message: use smaller lengths.</p>
        )}
      </div>
      {growables.length > 0 && (
        <div className="rust-lengths">
          {growables.map((g, i) => (
            <label key={i}>
              <span>
                Length of <code>{g.label}</code> ({g.unit})
              </span>
              <input
                type="number"
                className="number"
                min={0}
                max={MAX_LENGTH}
                step={1}
                value={lengths[i] ?? '0'}
                aria-invalid={badLength === i || undefined}
                onChange={(e) => {
                  const next = [...lengths];
                  while (next.length < growables.length) next.push('0');
                  next[i] = e.target.value;
                  setLengths(next);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') apply();
                }}
              />
            </label>
          ))}
          {badLength >= 0 && (
            <p className="field-hint rust-error">Enter a whole number from 0 to {formatInt(MAX_LENGTH)}.</p>
          )}
        </div>
      )}
      {result.ok && result.layout.notes.length > 0 && (
        <p className="field-hint">{result.layout.notes.join('; ')}.</p>
      )}
      <button type="button" className="rust-apply" disabled={!valid || applied} onClick={apply}>
        {applied ? 'In use' : 'Use this type'}
      </button>
      {result.ok && <RustLayoutDiagram layout={result.layout} />}
    </div>
  );
}
