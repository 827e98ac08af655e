/**
 * The calculator's inputs as the page and its address hold them: the message type (String, [u8; N],
 * u64 or a Rust type expression with its lengths), C, N and the pinned crates. In the URL:
 * `calc=string|bytes|u64|rust` opens it, then `calcSize=`, `calcCapacity=`, `calcChannels=`,
 * `calcType=` (the Rust type), `calcLengths=` (comma-separated) and `calcPins=` (implementations,
 * comma-separated), each left out when it is the default. Decoding never fails: a bad value is
 * replaced by the default with a notice naming the key.
 */
import { z } from 'zod';
import { IMPL_NAMES, type ImplName } from '../../engine/channels/index.ts';
import type { MessageType } from '../../engine/layout.ts';
import { analyzeRustType, rustMessageType } from '../../engine/rust-type/index.ts';
import { queryInteger, queryList, readQueryValue, type QueryRule } from '../../engine/scenario/index.ts';

export const PAYLOAD_KINDS = ['string', 'bytes', 'u64', 'rust'] as const;
export type PayloadKind = (typeof PAYLOAD_KINDS)[number];

export interface CalculatorInputs {
  readonly payload: PayloadKind;
  /** String: heap buffer length; [u8; N]: N */
  readonly size: number;
  readonly capacity: number;
  readonly channels: number;
  /** the Rust type expression (payload 'rust') */
  readonly rust: string;
  /** the length of each growable part of the Rust type, in the order they are written */
  readonly lengths: readonly number[];
  /** implementations to compare, in the order they were pinned; empty: every implementation */
  readonly pins: readonly ImplName[];
}

export const DEFAULT_INPUTS: CalculatorInputs = {
  payload: 'string',
  size: 96,
  capacity: 1024,
  channels: 5000,
  rust: '(u64, String)',
  lengths: [],
  pins: [],
};

/** Limits that keep one calculation well under a frame's worth of waiting (the models run per row). */
export const LIMITS = {
  size: { min: 0, max: 1 << 24 },
  capacity: { min: 0, max: 10_000_000 },
  channels: { min: 1, max: 10_000_000 },
  length: { min: 0, max: 2 ** 32 },
} as const;

/**
 * The heap of C messages must stay an exact integer in the simulated allocator (2^53): a message's
 * heap times C is kept below 2^50, which no real channel comes near.
 */
const MAX_HEAP_PER_CHANNEL = 2 ** 50;

export type MessageResult =
  { readonly ok: true; readonly message: MessageType } | { readonly ok: false; readonly error: string };

/** The message type the inputs describe, or why it cannot be used (a Rust type that does not lay out). */
export function messageOf(i: CalculatorInputs): MessageResult {
  if (i.payload === 'u64') return { ok: true, message: { kind: 'u64' } };
  if (i.payload === 'bytes') return { ok: true, message: { kind: 'bytes', size: i.size } };
  if (i.payload === 'string') return { ok: true, message: { kind: 'string', len: i.size } };
  const r = analyzeRustType(i.rust);
  if (!r.ok) return { ok: false, error: r.error };
  const message = rustMessageType(r.layout, i.lengths);
  if (!(message.heap * Math.max(1, i.capacity) < MAX_HEAP_PER_CHANNEL)) {
    return {
      ok: false,
      error: `${message.heap.toLocaleString('en-US')} B of heap per message × capacity ${i.capacity.toLocaleString('en-US')} is more than any channel holds: use smaller lengths or a smaller capacity`,
    };
  }
  return { ok: true, message };
}

export interface CalcNotice {
  readonly field: string;
  readonly message: string;
}

/** The URL keys the calculator owns. */
export const CALC_KEYS = [
  'calc',
  'calcSize',
  'calcCapacity',
  'calcChannels',
  'calcType',
  'calcLengths',
  'calcPins',
] as const;
export type CalcKey = (typeof CALC_KEYS)[number];

/** The calculator's URL keys (key, value), defaults left out. */
export function encodeCalculator(i: CalculatorInputs): [CalcKey, string][] {
  const out: [CalcKey, string][] = [['calc', i.payload]];
  const d = DEFAULT_INPUTS;
  if ((i.payload === 'string' || i.payload === 'bytes') && i.size !== d.size)
    out.push(['calcSize', String(i.size)]);
  if (i.capacity !== d.capacity) out.push(['calcCapacity', String(i.capacity)]);
  if (i.channels !== d.channels) out.push(['calcChannels', String(i.channels)]);
  if (i.payload === 'rust') {
    if (i.rust !== d.rust) out.push(['calcType', i.rust]);
    if (i.lengths.length > 0) out.push(['calcLengths', i.lengths.join(',')]);
  }
  if (i.pins.length > 0) out.push(['calcPins', i.pins.join(',')]);
  return out;
}

/** The calculator from the URL's keys; null when there is no `calc=` (other calc keys are then ignored, with a notice). */
export function decodeCalculator(
  get: (key: CalcKey) => string | undefined,
  notices: CalcNotice[],
): CalculatorInputs | null {
  const kind = get('calc');
  if (kind === undefined) {
    for (const key of CALC_KEYS)
      if (get(key) !== undefined)
        notices.push({ field: key, message: `${key}: only used with calc=…, ignored` });
    return null;
  }
  const read = <T, F>(key: CalcKey, rule: QueryRule<T, F>): T | F =>
    readQueryValue(notices, key, get(key), rule);
  const d = DEFAULT_INPUTS;
  const payload = read('calc', {
    schema: z.enum(PAYLOAD_KINDS),
    expected: `one of ${PAYLOAD_KINDS.join(', ')}`,
    fallback: d.payload,
  });
  const int = (key: CalcKey, lim: { min: number; max: number }, dflt: number): number =>
    read(key, {
      schema: queryInteger(lim.min, lim.max),
      expected: `a whole number from ${lim.min} to ${lim.max}`,
      fallback: dflt,
    });
  const size = int('calcSize', LIMITS.size, d.size);
  const capacity = int('calcCapacity', LIMITS.capacity, d.capacity);
  const channels = int('calcChannels', LIMITS.channels, d.channels);

  let rust = d.rust;
  let lengths: readonly number[] = [];
  const typeRaw = get('calcType');
  const lengthsRaw = get('calcLengths');
  if (payload === 'rust') {
    if (typeRaw !== undefined) {
      const r = analyzeRustType(typeRaw);
      if (r.ok) rust = r.layout.text;
      else {
        notices.push({ field: 'calcType', message: `calcType: ${r.error}; using ${d.rust}` });
      }
    }
    lengths = read('calcLengths', {
      schema: queryList(queryInteger(LIMITS.length.min, LIMITS.length.max)).pipe(z.array(z.number()).max(16)),
      expected: `lengths from 0 to ${LIMITS.length.max} separated by commas`,
      fallback: [],
      used: 'none',
    });
  } else {
    for (const [key, raw] of [
      ['calcType', typeRaw],
      ['calcLengths', lengthsRaw],
    ] as const)
      if (raw !== undefined)
        notices.push({ field: key, message: `${key}: only used with calc=rust, ignored` });
  }

  const pinned: readonly ImplName[] = read('calcPins', {
    schema: queryList(z.enum(IMPL_NAMES)),
    expected: 'implementation names such as tokio-bounded, separated by commas',
    fallback: [],
    used: 'every crate',
  });
  const pins = [...new Set(pinned)];

  const inputs: CalculatorInputs = { payload, size, capacity, channels, rust, lengths, pins };
  // a Rust type whose heap cannot be counted with these lengths and this capacity: back to the defaults
  const m = messageOf(inputs);
  if (!m.ok) {
    notices.push({ field: 'calcLengths', message: `calcLengths: ${m.error}; using none` });
    return { ...inputs, lengths: [], capacity: Math.min(capacity, d.capacity) };
  }
  return inputs;
}
