/**
 * The engineer's calculator: N channels of T at capacity C, every crate side by side: bytes at
 * creation, holding C messages, and after receiving them all, exact and in KiB/MiB, with the formula
 * behind the creation cost. The figures come from running the crate models (engine/calculator.ts); a
 * constructor that panics on the input is shown as the crate's panic, not as an error of the page.
 */
import { useId, useMemo, useState } from 'react';
import { calculate, type CalculatorRow } from '../../engine/calculator.ts';
import type { MessageType } from '../../engine/layout.ts';
import { formatBytesExact, formatBytesHuman, formatInt } from '../format.ts';
import { constructorOf, rustType } from './crates.ts';
import './calculator.css';

export type PayloadKind = 'string' | 'bytes' | 'u64';

export interface CalculatorInputs {
  readonly payload: PayloadKind;
  /** String: heap buffer length; [u8; N]: N */
  readonly size: number;
  readonly capacity: number;
  readonly channels: number;
}

export const DEFAULT_INPUTS: CalculatorInputs = {
  payload: 'string',
  size: 96,
  capacity: 1024,
  channels: 5000,
};

/** Limits that keep one calculation well under a frame's worth of waiting (the models run per row). */
export const LIMITS = {
  size: { min: 0, max: 1 << 24 },
  capacity: { min: 0, max: 10_000_000 },
  channels: { min: 1, max: 10_000_000 },
} as const;

export function messageOf(i: CalculatorInputs): MessageType {
  if (i.payload === 'u64') return { kind: 'u64' };
  if (i.payload === 'bytes') return { kind: 'bytes', size: i.size };
  return { kind: 'string', len: i.size };
}

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

function Row({ row, inputs }: { row: CalculatorRow; inputs: CalculatorInputs }) {
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

export function CalculatorPanel(props: { initial?: Partial<CalculatorInputs> }) {
  const [inputs, setInputs] = useState<CalculatorInputs>({ ...DEFAULT_INPUTS, ...props.initial });
  const typeId = useId();
  const set = (patch: Partial<CalculatorInputs>) => setInputs((i) => ({ ...i, ...patch }));
  const { payload, size, capacity, channels } = inputs;
  const message = useMemo(
    () => messageOf({ payload, size, capacity, channels }),
    [payload, size, capacity, channels],
  );
  const rows = useMemo(() => calculate({ message, capacity, channels }), [message, capacity, channels]);
  const T = rustType(message);
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
          </select>
        </div>
        {inputs.payload !== 'u64' && (
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
      </form>
      <div className="calc-table-wrap" tabIndex={0} role="region" aria-labelledby="calc-caption">
        <table className="calc-table">
          <caption id="calc-caption">
            {formatInt(inputs.channels)} {inputs.channels === 1 ? 'channel' : 'channels'} of <code>{T}</code>
            {inputs.payload === 'string' && ` holding ${formatInt(inputs.size)} bytes`} at capacity{' '}
            {formatInt(inputs.capacity)}: heap bytes in all
          </caption>
          <thead>
            <tr>
              <th scope="col">Constructor</th>
              <th scope="col">At create</th>
              <th scope="col">Holding {formatInt(inputs.capacity)} messages</th>
              <th scope="col">After a drain</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <Row key={r.impl} row={r} inputs={inputs} />
            ))}
          </tbody>
        </table>
      </div>
      <p className="footnote">
        “Holding” counts the messages’ own heap buffers too (a String’s bytes); “after a drain” is what the
        channel keeps once every message was received. Allocator rounding is not modelled: these are the sizes
        the crates request.
      </p>
    </section>
  );
}

export default CalculatorPanel;
