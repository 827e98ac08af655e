/**
 * The linked list of 31-slot blocks designed by crossbeam-channel (`flavors/list.rs`) and copied
 * byte for byte into std (`sync/mpmc/list.rs`) and concurrent-queue (`unbounded.rs`); spec §3.1,
 * §5.1. One implementation serves all three: they differ only in what their owner does around it.
 *
 * Each block covers a lap of 32 positions of which 31 hold messages (position 31 marks "next block
 * being installed"). Used one operation at a time, message m always sits in block ⌊m/31⌋, slot
 * m mod 31, so the whole list is two counters: messages pushed and messages popped.
 *   - The first block is allocated lazily, by the first push.
 *   - A push into slot 30 allocates the next block before it claims the slot and installs it at once.
 *   - A pop of slot 30 frees that block (all earlier slots were read), nothing is reused.
 */
import type { Heap } from '../heap.ts';
import { USIZE, roundUp, type Layout } from '../layout.ts';
import type { CommonStructure, ListBlockView, ListStructure, SlotState } from './structure.ts';

export const LAP = 32;
export const BLOCK_CAP = LAP - 1;

/** `Slot<T> { msg: MaybeUninit<T>, state: AtomicUsize }` */
export function listSlotBytes(t: Layout): number {
  return roundUp(t.size + USIZE, Math.max(USIZE, t.align));
}

/** `Block<T> { next: AtomicPtr, slots: [Slot<T>; 31] }`: 504 B for u64, 256 B for a zero-sized T. */
export function listBlockBytes(t: Layout): number {
  return roundUp(USIZE + BLOCK_CAP * listSlotBytes(t), Math.max(USIZE, t.align));
}

/** `8 + 31·16 = 504`, with the padding spelled out where the alignment adds some (formula texts). */
export function listBlockText(t: Layout): string {
  const slot = listSlotBytes(t);
  const raw = USIZE + BLOCK_CAP * slot;
  const block = listBlockBytes(t);
  const pad = block === raw ? '' : ` + ${block - raw}`;
  return `${USIZE} + ${BLOCK_CAP}·${slot}${pad} = ${block}${pad === '' ? '' : ` (padded to align ${Math.max(USIZE, t.align)})`}`;
}

/** Blocks ever allocated once `pushed` messages went in (lazy first block, next block at slot 30). */
const blocksAllocatedAfter = (pushed: number): number =>
  pushed === 0 ? 0 : Math.floor(pushed / BLOCK_CAP) + 1;
/** Blocks freed once `popped` messages came out (a block goes when its slot 30 is read). */
const blocksFreedAfter = (popped: number): number => Math.floor(popped / BLOCK_CAP);

export class BlockList31 {
  readonly blockBytes: number;
  private readonly blockAlign: number;
  /** messages pushed so far (the tail as a message count) */
  private tail = 0;
  /** messages popped or discarded so far (the head as a message count) */
  private head = 0;
  /** every block was freed (messages discarded or the queue dropped); no push may follow */
  private released = false;

  constructor(
    private readonly heap: Heap,
    private readonly site: string,
    message: Layout,
  ) {
    this.blockBytes = listBlockBytes(message);
    this.blockAlign = Math.max(USIZE, message.align);
  }

  get len(): number {
    return this.tail - this.head;
  }

  get pushed(): number {
    return this.tail;
  }

  get popped(): number {
    return this.head;
  }

  get liveBlocks(): number {
    return this.released ? 0 : blocksAllocatedAfter(this.tail) - blocksFreedAfter(this.head);
  }

  /** Writes `n` messages (an unbounded list accepts them all); returns `n`. */
  push(n: number): number {
    if (this.released) throw new Error('push into a list whose blocks were released');
    const grow = blocksAllocatedAfter(this.tail + n) - blocksAllocatedAfter(this.tail);
    this.tail += n;
    this.heap.alloc(this.site, this.blockBytes, this.blockAlign, grow);
    return n;
  }

  /** Reads up to `n` messages; returns how many there were. An empty list does no heap work. */
  pop(n: number): number {
    const got = Math.min(n, this.len);
    const freed = blocksFreedAfter(this.head + got) - blocksFreedAfter(this.head);
    this.head += got;
    this.heap.free(this.site, this.blockBytes, freed);
    return got;
  }

  /**
   * `discard_all_messages` and the queue's `Drop` alike: every stored message is dropped and every
   * block freed. Returns the number of messages dropped (their payloads are the caller's to free).
   */
  releaseAll(): number {
    const dropped = this.len;
    this.heap.free(this.site, this.blockBytes, this.liveBlocks);
    this.head = this.tail;
    this.released = true;
    return dropped;
  }

  /** The list for drawing: at most `maxBlocks` blocks, the first and last halves of the live ones. */
  structure(common: CommonStructure, headerBytes: number, maxBlocks = 16): ListStructure {
    const total = this.liveBlocks;
    const first = blocksFreedAfter(this.head);
    const half = Math.floor(maxBlocks / 2);
    const omitted = total > maxBlocks ? total - 2 * half : 0;
    const blocks: ListBlockView[] = [];
    for (let b = 0; b < total; b++) {
      if (omitted > 0 && b === half) b += omitted;
      blocks.push(this.blockView(first + b));
    }
    return {
      kind: 'list-31',
      ...common,
      blockBytes: this.blockBytes,
      headerBytes,
      head: this.head,
      tail: this.tail,
      totalBlocks: total,
      blocks,
      omittedBlocks: omitted,
    };
  }

  private blockView(index: number): ListBlockView {
    const slots: SlotState[] = [];
    for (let i = 0; i < BLOCK_CAP; i++) {
      const m = index * BLOCK_CAP + i;
      slots.push(m < this.head ? 'read' : m < this.tail ? 'written' : 'empty');
    }
    slots.push('unused');
    return { index, slots };
  }
}
