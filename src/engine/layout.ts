/**
 * Rust layout arithmetic for the message types Channel Lab knows (x86_64: usize = 8 bytes).
 * Sizes are what `size_of`/`align_of` return; heap payloads (a `String`'s buffer) are separate.
 */

export const USIZE = 8;
/** `CachePadded` alignment on x86_64, used by tokio, crossbeam, std and concurrent-queue. */
export const CACHE_LINE = 128;

/** `count` heap allocations of `size` bytes each (one part of what a message owns). */
export interface HeapBlock {
  readonly size: number;
  readonly count: number;
}

export type MessageType =
  /** `[u8; N]`: a plain value, no heap. */
  | { readonly kind: 'bytes'; readonly size: number }
  /** `u64` */
  | { readonly kind: 'u64' }
  /** `String` holding `len` bytes: 24 bytes inline plus one heap buffer of `len` bytes (none when empty). */
  | { readonly kind: 'string'; readonly len: number }
  /**
   * A Rust type expression laid out by `rust-type/` (rustc's rules): its size, alignment, the size of
   * `Option<T>`, and the heap one message owns: its `blocks`, each part that owns heap (a `Box`, a
   * `String`, a `Vec`'s buffer…) its own allocation, `heap` bytes in `allocs` allocations in all.
   */
  | {
      readonly kind: 'rust';
      readonly text: string;
      readonly size: number;
      readonly align: number;
      readonly optionSize: number;
      readonly heap: number;
      readonly allocs: number;
      readonly blocks: readonly HeapBlock[];
    }
  /** Any other type, by its size and alignment; `niche` says whether `Option<T>` can hide its tag in `T`. */
  | { readonly kind: 'custom'; readonly size: number; readonly align: number; readonly niche: boolean };

export interface Layout {
  readonly size: number;
  readonly align: number;
}

/** Rounds `x` up to a multiple of `m` (`m` > 0). */
export function roundUp(x: number, m: number): number {
  const r = x % m;
  return r === 0 ? x : x + (m - r);
}

export function layoutOf(t: MessageType): Layout {
  switch (t.kind) {
    case 'bytes':
      return { size: t.size, align: 1 };
    case 'u64':
      return { size: 8, align: 8 };
    case 'string':
      return { size: 24, align: 8 };
    case 'rust':
      return { size: t.size, align: t.align };
    case 'custom':
      // Rust sizes are always a multiple of the alignment.
      return { size: roundUp(t.size, t.align), align: t.align };
  }
}

export function sizeOf(t: MessageType): number {
  return layoutOf(t).size;
}

export function alignOf(t: MessageType): number {
  return layoutOf(t).align;
}

/** Whether `Option<T>` can store its `None` in an invalid bit pattern of `T` (String: its pointer is non-null). */
export function hasNiche(t: MessageType): boolean {
  switch (t.kind) {
    case 'string':
      return true;
    case 'custom':
      return t.niche;
    case 'rust':
      return t.optionSize === t.size;
    default:
      return false;
  }
}

/** `Option<T>`: the same as `T` with a niche; otherwise a tag placed before `T` at `T`'s alignment. */
export function optionLayout(t: MessageType): Layout {
  const { size, align } = layoutOf(t);
  if (t.kind === 'rust') return { size: t.optionSize, align };
  if (hasNiche(t)) return { size, align };
  return { size: roundUp(align + size, align), align };
}

/**
 * Heap bytes one message owns besides its inline value: a `String`'s buffer, or everything a Rust
 * type's boxes, vectors and strings hold.
 */
export function payloadBytes(t: MessageType): number {
  return t.kind === 'string' ? t.len : t.kind === 'rust' ? t.heap : 0;
}

const NO_BLOCKS: readonly HeapBlock[] = [];

/**
 * The heap allocations one message makes, part by part: a `String`'s buffer, or each box, string
 * and vector buffer of a Rust type (a `(String, Vec<u8>)` makes two). Zero-sized parts make none.
 */
export function payloadBlocks(t: MessageType): readonly HeapBlock[] {
  if (t.kind === 'string') return t.len > 0 ? [{ size: t.len, count: 1 }] : NO_BLOCKS;
  if (t.kind === 'rust') return t.blocks;
  return NO_BLOCKS;
}

/** Human name of the Rust type, e.g. `[u8; 1024]`, `String (100 B)`. */
export function rustTypeName(t: MessageType): string {
  switch (t.kind) {
    case 'bytes':
      return `[u8; ${t.size}]`;
    case 'u64':
      return 'u64';
    case 'string':
      return `String (${t.len} B)`;
    case 'rust':
      return t.text;
    case 'custom':
      return `struct (${t.size} B, align ${t.align})`;
  }
}

export const PAYLOAD_SITE = 'message payload';
