/**
 * The calculator's rows as the page shows them (the pinned crates in pin order, or every crate) and
 * the same rows as a `Table` (export/table.ts), so the page, its CSV and Markdown exports and the
 * figure cannot disagree.
 */
import { calculate, type CalculatorRow } from '../../engine/calculator.ts';
import { IMPL_NAMES } from '../../engine/channels/index.ts';
import type { MessageType } from '../../engine/layout.ts';
import type { Table } from '../export/table.ts';
import { formatBytesExact, formatBytesHuman, formatInt } from '../format.ts';
import type { CalculatorInputs } from './calc-spec.ts';
import { constructorOf, rustType } from './crates.ts';

/** Rows for every implementation, the pinned ones first in the order they were pinned. */
export function calculatorRows(inputs: CalculatorInputs, message: MessageType): CalculatorRow[] {
  const { capacity, channels, pins } = inputs;
  const rest = IMPL_NAMES.filter((impl) => !pins.includes(impl));
  return calculate({ message, capacity, channels, impls: [...pins, ...rest] });
}

/** "5,000 channels of String holding 96 bytes at capacity 1,024" */
export function calculatorTitle(inputs: CalculatorInputs, message: MessageType): string {
  const n = `${formatInt(inputs.channels)} ${inputs.channels === 1 ? 'channel' : 'channels'}`;
  const holding = inputs.payload === 'string' ? ` holding ${formatInt(inputs.size)} bytes` : '';
  return `${n} of ${rustType(message)}${holding} at capacity ${formatInt(inputs.capacity)}`;
}

/** The table to export: the pinned crates when some are pinned (the comparison), else every crate. */
export function calculatorTable(inputs: CalculatorInputs, message: MessageType): Table {
  const all = calculatorRows(inputs, message);
  const rows = inputs.pins.length > 0 ? all.slice(0, inputs.pins.length) : all;
  const bytes = (n: number) =>
    Math.abs(n) >= 1024 ? `${formatBytesExact(n)} (${formatBytesHuman(n)})` : formatBytesExact(n);
  const name = (r: CalculatorRow) => `${constructorOf(r.impl).crate} ${constructorOf(r.impl).call}`;
  return {
    title: `${calculatorTitle(inputs, message)}: heap bytes in all`,
    columns: ['Constructor', 'At create', `Holding ${formatInt(inputs.capacity)}`, 'After a drain'],
    rows: rows.map((r) =>
      r.refusal
        ? [name(r), `panics: ${r.refusal.message}`, '', '']
        : [name(r), bytes(r.totalCreate), bytes(r.totalFull), bytes(r.totalDrained)],
    ),
    data: {
      columns: [
        'impl',
        'crate',
        'constructor',
        'message',
        'channels',
        'capacity',
        'create_bytes',
        'full_bytes',
        'drained_bytes',
        'accepted',
        'panic',
      ],
      rows: rows.map((r) => [
        r.impl,
        constructorOf(r.impl).crate,
        constructorOf(r.impl).call,
        rustType(message),
        inputs.channels,
        inputs.capacity,
        r.refusal ? null : r.totalCreate,
        r.refusal ? null : r.totalFull,
        r.refusal ? null : r.totalDrained,
        r.refusal ? null : r.accepted,
        r.refusal?.message ?? null,
      ]),
    },
  };
}
