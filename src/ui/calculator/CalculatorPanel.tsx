/**
 * The engineer's calculator: N channels of T at capacity C, every crate side by side: bytes at
 * creation, holding C messages, and after receiving them all, exact and in KiB/MiB, with the formula
 * behind the creation cost. The figures come from running the crate models (engine/calculator.ts); a
 * constructor that panics on the input is shown as the crate's panic, not as an error of the page.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { CalculatorRow } from '../../engine/calculator.ts';
import type { ImplName } from '../../engine/channels/index.ts';
import type { MessageType } from '../../engine/layout.ts';
import { RustTypeField } from '../controls/RustTypeField.tsx';
import { download, slug } from '../export/download.ts';
import { tableToCsv, tableToMarkdown } from '../export/table.ts';
import { formatBytesExact, formatBytesHuman, formatInt } from '../format.ts';
import { DEFAULT_INPUTS, LIMITS, messageOf, type CalculatorInputs, type PayloadKind } from './calc-spec.ts';
import { calculatorRows, calculatorTable, calculatorTitle } from './calc-table.ts';
import { constructorOf, rustType } from './crates.ts';
import './calculator.css';

export type { CalculatorInputs, PayloadKind } from './calc-spec.ts';
export { DEFAULT_INPUTS, LIMITS } from './calc-spec.ts';

/** "1,234,567 B · 1.18 MiB", or just "800 B" below a KiB. */
function Bytes({ n }: { n: number }) {
  return (
    <>
      <span className="exact">{formatBytesExact(n)}</span>
      {Math.abs(n) >= 1024 && <span className="human"> {formatBytesHuman(n)}</span>}
    </>
  );
}

function NumberInput(props: {
  label: string;
  hint: string;
  value: number;
  min: number;
  max: number;
  onChange: (n: number) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const n = draft === null ? props.value : Number(draft);
  const bad =
    draft !== null && (draft.trim() === '' || !Number.isInteger(n) || n < props.min || n > props.max);
  return (
    <div className="calc-input">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        className="number"
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        step={1}
        value={draft ?? String(props.value)}
        aria-invalid={bad || undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          const text = e.target.value;
          const v = Number(text);
          if (text.trim() !== '' && Number.isInteger(v) && v >= props.min && v <= props.max) {
            setDraft(null);
            props.onChange(v);
          } else setDraft(text);
        }}
        onBlur={() => setDraft(null)}
      />
      <p id={`${id}-hint`} className={bad ? 'calc-hint calc-error' : 'calc-hint'}>
        {bad ? `Enter a whole number from ${formatInt(props.min)} to ${formatInt(props.max)}.` : props.hint}
      </p>
    </div>
  );
}

function Row({
  row,
  inputs,
  pinned,
  onPin,
}: {
  row: CalculatorRow;
  inputs: CalculatorInputs;
  pinned: boolean;
  onPin: () => void;
}) {
  const c = constructorOf(row.impl);
  const perChannel = inputs.channels > 1;
  const cell = (total: number, one: number, testId: string, label: string) => (
    <td data-testid={`${row.impl}-${testId}`} data-label={label}>
      <Bytes n={total} />
      {perChannel && (
        <span className="per">
          {formatBytesExact(one)} × {formatInt(inputs.channels)}
        </span>
      )}
    </td>
  );
  return (
    <>
      <tr className={row.refusal ? 'refused' : undefined} data-testid={`calc-row-${row.impl}`}>
        <th scope="row">
          <span className="crate">{c.crate}</span> <code>{c.call}</code>
          <button
            type="button"
            className="calc-pin"
            aria-pressed={pinned}
            aria-label={`${pinned ? 'Unpin' : 'Pin'} ${c.crate} ${c.call}`}
            title={pinned ? 'Unpin: back to every crate when none is pinned' : 'Pin to compare side by side'}
            onClick={onPin}
          >
            {pinned ? 'Unpin' : 'Pin'}
          </button>
        </th>
        {row.refusal ? (
          <td colSpan={3} className="panic" data-testid={`${row.impl}-panic`}>
            panics: <q>{row.refusal.message}</q>
          </td>
        ) : (
          <>
            {cell(row.totalCreate, row.create, 'create', 'At create')}
            {cell(row.totalFull, row.full, 'full', `Holding ${formatInt(inputs.capacity)}`)}
            {cell(row.totalDrained, row.drained, 'drained', 'After a drain')}
          </>
        )}
      </tr>
      <tr className="formula-row">
        <td colSpan={4}>
          <code className="formula">{row.formula}</code>
          {!row.refusal && row.accepted !== inputs.capacity && (
            <span className="accepted"> · accepted {formatInt(row.accepted)} of the messages</span>
          )}
          {!row.refusal && (
            <span className="allocs">
              {' '}
              · {formatInt(row.allocsToFill)} {row.allocsToFill === 1 ? 'allocation' : 'allocations'} to fill
              one channel
            </span>
          )}
        </td>
      </tr>
    </>
  );
}

/** Where the table's message comes from: the inputs' type, or the last good one while the inputs cannot be laid out. */
function useMessage(inputs: CalculatorInputs): { message: MessageType; error: string | null } {
  const result = useMemo(() => messageOf(inputs), [inputs]);
  // the last type that could be used (React's "state from the previous render" pattern)
  const [good, setGood] = useState<MessageType>({ kind: 'string', len: DEFAULT_INPUTS.size });
  if (result.ok && result.message !== good) setGood(result.message);
  return result.ok ? { message: result.message, error: null } : { message: good, error: result.error };
}

export function CalculatorPanel(props: {
  initial?: Partial<CalculatorInputs>;
  /** told of every change (the lab keeps the inputs in the link) */
  onChange?: (inputs: CalculatorInputs) => void;
}) {
  const [inputs, setInputs] = useState<CalculatorInputs>({ ...DEFAULT_INPUTS, ...props.initial });
  const typeId = useId();
  const set = (patch: Partial<CalculatorInputs>) => setInputs((i) => ({ ...i, ...patch }));
  const onChange = props.onChange;
  useEffect(() => {
    onChange?.(inputs);
  }, [inputs, onChange]);
  const { message, error } = useMessage(inputs);
  const rows = useMemo(() => calculatorRows(inputs, message), [inputs, message]);
  const pins = inputs.pins;
  const togglePin = (impl: ImplName) =>
    set({ pins: pins.includes(impl) ? pins.filter((p) => p !== impl) : [...pins, impl] });
  const exportAs = (kind: 'csv' | 'md') => {
    const table = calculatorTable(inputs, message);
    const name = `calculator-${slug(calculatorTitle(inputs, message))}`;
    if (kind === 'csv') download(`${name}.csv`, tableToCsv(table), 'text/csv');
    else download(`${name}.md`, tableToMarkdown(table), 'text/markdown');
  };
  return (
    <section className="panel calculator" aria-labelledby="calc-title">
      <div className="panel-head">
        <h2 id="calc-title">Calculator</h2>
        <span className="panel-sub">every crate, exact bytes from the models</span>
      </div>
      <form className="calc-inputs" onSubmit={(e) => e.preventDefault()}>
        <div className="calc-input">
          <label htmlFor={typeId}>Message type</label>
          <select
            id={typeId}
            value={inputs.payload}
            onChange={(e) => set({ payload: e.target.value as PayloadKind })}
          >
            <option value="string">String (24 B + heap buffer)</option>
            <option value="bytes">[u8; N] (inline)</option>
            <option value="u64">u64</option>
            <option value="rust">Rust type…</option>
          </select>
        </div>
        {(inputs.payload === 'string' || inputs.payload === 'bytes') && (
          <NumberInput
            label={inputs.payload === 'string' ? 'String length' : 'Array length N'}
            hint="bytes"
            value={inputs.size}
            {...LIMITS.size}
            onChange={(size) => set({ size })}
          />
        )}
        <NumberInput
          label="Capacity"
          hint="C: the bound, the permits, and the messages sent"
          value={inputs.capacity}
          {...LIMITS.capacity}
          onChange={(capacity) => set({ capacity })}
        />
        <NumberInput
          label="Channels"
          hint="N identical channels"
          value={inputs.channels}
          {...LIMITS.channels}
          onChange={(channels) => set({ channels })}
        />
        {inputs.payload === 'rust' && (
          <div className="calc-rust">
            <RustTypeField
              label="Rust type of the message"
              value={{ rust: inputs.rust, lengths: inputs.lengths }}
              onApply={(v) => set({ rust: v.rust, lengths: v.lengths })}
            />
          </div>
        )}
      </form>
      {error !== null && (
        <p className="calc-hint calc-error calc-message-error" role="alert" data-testid="calc-error">
          {error}. The table below is still for <code>{rustType(message)}</code>.
        </p>
      )}
      <div className="calc-tools">
        {pins.length > 0 ? (
          <p className="calc-pins" data-testid="calc-pins">
            {pins.length === 1
              ? '1 crate pinned at the top'
              : `${pins.length} crates pinned at the top, side by side`}{' '}
            (the exports hold only them).{' '}
            <button type="button" onClick={() => set({ pins: [] })}>
              Unpin all
            </button>
          </p>
        ) : (
          <p className="calc-pins">Pin the crates to compare: they move to the top, side by side.</p>
        )}
        <div className="calc-export" role="group" aria-label="Export the table">
          <button type="button" onClick={() => exportAs('csv')}>
            Export CSV
          </button>
          <button type="button" onClick={() => exportAs('md')}>
            Export Markdown
          </button>
        </div>
      </div>
      <div className="calc-table-wrap" tabIndex={0} role="region" aria-labelledby="calc-caption">
        <table className="calc-table">
          <caption id="calc-caption">{calculatorTitle(inputs, message)}: heap bytes in all</caption>
          <thead>
            <tr>
              <th scope="col">Constructor</th>
              <th scope="col">At create</th>
              <th scope="col">Holding {formatInt(inputs.capacity)} messages</th>
              <th scope="col">After a drain</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, pins.length).map((r) => (
              <Row key={r.impl} row={r} inputs={inputs} pinned onPin={() => togglePin(r.impl)} />
            ))}
          </tbody>
          <tbody className={pins.length > 0 ? 'calc-others' : undefined}>
            {pins.length > 0 && (
              <tr className="calc-others-head">
                <th scope="rowgroup" colSpan={4}>
                  Not pinned
                </th>
              </tr>
            )}
            {rows.slice(pins.length).map((r) => (
              <Row key={r.impl} row={r} inputs={inputs} pinned={false} onPin={() => togglePin(r.impl)} />
            ))}
          </tbody>
        </table>
      </div>
      <p className="footnote">
        “Holding” counts the messages’ own heap too (a String’s bytes, each Box and Vec buffer of a Rust type,
        one allocation per part); “after a drain” is what the channel keeps once every message was received.
        Allocator rounding is not modelled: these are the sizes the crates request.
      </p>
    </section>
  );
}

export default CalculatorPanel;
