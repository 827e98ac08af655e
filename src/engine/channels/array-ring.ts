/**
 * The preallocated ring of stamped slots designed by crossbeam-channel (`flavors/array.rs`) and
 * copied into std (`sync/mpmc/array.rs`) and concurrent-queue (`bounded.rs`); spec §3.2, §5.1.
 * The whole `Box<[Slot<T>]>` of `capacity` slots is allocated by the constructor and freed when
 * the channel dies; sends and receives only move stamps, so the ring is two message counters.
 */
import type { Heap } from '../heap.ts';
import { USIZE, roundUp, type Layout } from '../layout.ts';
import { refuse } from './base.ts';
import type { ArrayStructure, CommonStructure } from './structure.ts';
import type { CreateResult } from './types.ts';

/** `Slot<T> { stamp: AtomicUsize, msg: MaybeUninit<T> }`: 16 B for u64, 1032 B for `[u8; 1024]`. */
export function arraySlotBytes(t: Layout): number {
  return roundUp(USIZE + t.size, Math.max(USIZE, t.align));
}

/** Largest `Layout` size Rust accepts (`isize::MAX`); past it `collect()` panics. */
const ISIZE_MAX = 2n ** 63n - 1n;

/**
 * The refusal a `capacity`-slot buffer meets before any allocation, or null if it can be allocated:
 * a layout over `isize::MAX` panics with "capacity overflow"; one the simulated heap cannot count
 * (over 2^53 bytes, petabytes no machine has) is the allocator failing, which aborts.
 */
export function ringBufferRefusal(
  crate: string,
  origin: string,
  capacity: number,
  t: Layout,
): CreateResult | null {
  const bytes = BigInt(capacity) * BigInt(arraySlotBytes(t));
  if (bytes > ISIZE_MAX) return refuse('panic', crate, origin, 'capacity overflow');
  if (bytes > BigInt(Number.MAX_SAFE_INTEGER)) {
    return refuse('abort', crate, origin, `memory allocation of ${bytes} bytes failed`);
  }
  return null;
}

export class ArrayRing {
  readonly slotBytes: number;
  readonly bufferBytes: number;
  /** messages written so far (the tail stamp as a count) */
  private tail = 0;
  /** messages read or dropped so far */
  private head = 0;
  private freed = false;

  constructor(
    private readonly heap: Heap,
    private readonly site: string,
    message: Layout,
    readonly capacity: number,
  ) {
    this.slotBytes = arraySlotBytes(message);
    this.bufferBytes = capacity * this.slotBytes;
    heap.alloc(site, this.bufferBytes, Math.max(USIZE, message.align));
  }

  get len(): number {
    return this.tail - this.head;
  }

  /** Writes up to `n` messages into free slots; returns how many fitted (the rest find it full). */
  push(n: number): number {
    if (this.freed) throw new Error('push into a freed ring');
    const k = Math.min(n, this.capacity - this.len);
    this.tail += k;
    return k;
  }

  pop(n: number): number {
    const got = Math.min(n, this.len);
    this.head += got;
    return got;
  }

  /** Drops every stored message in place (std's `discard_all_messages`); the buffer stays. */
  discardAll(): number {
    const dropped = this.len;
    this.head = this.tail;
    return dropped;
  }

  /** The owner's `Drop`: stored messages are dropped, then the buffer is freed. */
  releaseAll(): number {
    const dropped = this.discardAll();
    this.heap.free(this.site, this.bufferBytes);
    this.freed = true;
    return dropped;
  }

  structure(common: CommonStructure, headerBytes: number): ArrayStructure {
    return {
      kind: 'array-ring',
      ...common,
      headerBytes,
      capacity: this.capacity,
      slotBytes: this.slotBytes,
      head: this.head % this.capacity,
      tail: this.tail % this.capacity,
      len: this.len,
    };
  }
}
