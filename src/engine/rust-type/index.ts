/**
 * Rust type expressions as message types: parse, lay out with rustc's rules, and count the heap one
 * value owns. Pure (no DOM): the engine, the CLI (`npm run layout`) and the type field share it.
 */
import { parseRustType, RustTypeError } from './parse.ts';
import { resolve, type Growable, type Part } from './resolve.ts';
import { available, enumLayout, type Niche } from './rustc.ts';
import type { HeapBlock, MessageType } from '../layout.ts';

export { RustTypeError, MAX_TYPE_TEXT } from './parse.ts';
export type { Growable, Part } from './resolve.ts';

export interface NicheInfo {
  readonly offset: number;
  readonly bytes: number;
  /** invalid values left for an enclosing enum, as a decimal string (can exceed 2^53) */
  readonly spare: string;
}

export interface RustLayout {
  readonly text: string;
  readonly size: number;
  readonly align: number;
  readonly niche: NicheInfo | null;
  /** `size_of::<Option<T>>()`: the futures-channel node stores its message as an Option */
  readonly optionSize: number;
  /** fields, tag and payload with their offsets, in memory order */
  readonly parts: readonly Part[];
  /** for Option and Result: how the variants are told apart (tag or niche), in words */
  readonly encoding: string | null;
  /** parts whose heap size the user gives: one length each, in the order they appear in the text */
  readonly growables: readonly Growable[];
  /** assumptions behind the heap figure ("Option: heap counted as Some") */
  readonly notes: readonly string[];
  /** the heap allocations one value makes, given a length per growable part (missing lengths count 0) */
  heapBlocks(lengths: readonly number[]): readonly HeapBlock[];
  /** heap bytes one value owns (its blocks together) */
  heapBytes(lengths: readonly number[]): number;
  /** heap allocations one value makes */
  heapAllocs(lengths: readonly number[]): number;
}

export type RustLayoutResult =
  { readonly ok: true; readonly layout: RustLayout } | { readonly ok: false; readonly error: string };

function nicheInfo(n: Niche | null): NicheInfo | null {
  return n === null ? null : { offset: n.offset, bytes: n.bits / 8, spare: available(n).toString() };
}

/** Blocks of the same size together, in the order they first appear. */
function merged(blocks: readonly HeapBlock[]): HeapBlock[] {
  const by = new Map<number, number>();
  for (const b of blocks) by.set(b.size, (by.get(b.size) ?? 0) + b.count);
  return [...by].map(([size, count]) => ({ size, count }));
}

function bytesOf(blocks: readonly HeapBlock[], text: string): number {
  const n = blocks.reduce((s, b) => s + b.size * b.count, 0);
  if (!Number.isSafeInteger(n))
    throw new RustTypeError(`the heap of ${text.trim()} is too large to count exactly`);
  return n;
}

/**
 * The message type a laid-out Rust type is, with these lengths. Throws {@link RustTypeError} when
 * its heap is past what can be counted exactly (callers check the lengths first).
 */
export function rustMessageType(l: RustLayout, lengths: readonly number[]): MessageType & { kind: 'rust' } {
  const blocks = l.heapBlocks(lengths);
  return {
    kind: 'rust',
    text: l.text,
    size: l.size,
    align: l.align,
    optionSize: l.optionSize,
    heap: l.heapBytes(lengths),
    allocs: l.heapAllocs(lengths),
    blocks,
  };
}

/** The layout of a type expression, or a message naming the part that cannot be laid out. */
export function analyzeRustType(text: string): RustLayoutResult {
  try {
    const node = parseRustType(text);
    const cx = { growables: [], notes: new Set<string>() };
    const r = resolve(node, cx);
    if (!r.sized) {
      return {
        ok: false,
        error: `"${r.text}" has no size known at compile time, so it cannot be sent by value; put it behind a pointer (Box<${r.text}>, &${r.text})`,
      };
    }
    const option = enumLayout([[], [r.lay]]);
    const parts = [...r.parts].sort((a, b) => a.offset - b.offset);
    return {
      ok: true,
      layout: {
        text: text.trim(),
        size: r.lay.size,
        align: r.lay.align,
        niche: nicheInfo(r.lay.niche),
        optionSize: option.size,
        parts,
        encoding: r.encoding ?? null,
        growables: cx.growables,
        notes: [...cx.notes],
        heapBlocks: (l) => merged(r.blocks(l)),
        heapBytes: (l) => bytesOf(r.blocks(l), text),
        heapAllocs: (l) => r.blocks(l).reduce((s, b) => s + b.count, 0),
      },
    };
  } catch (e) {
    if (e instanceof RustTypeError) return { ok: false, error: e.message };
    throw e;
  }
}

/** `{type, size_of, align_of}` as `npm run layout` prints it, or `{type, error}`. */
export function layoutRecord(
  text: string,
): { type: string; size_of: number; align_of: number } | { type: string; error: string } {
  const r = analyzeRustType(text);
  return r.ok
    ? { type: text, size_of: r.layout.size, align_of: r.layout.align }
    : { type: text, error: r.error };
}
