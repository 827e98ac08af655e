/**
 * crossbeam-channel's design, shared by crossbeam-channel 0.5.16 and std::sync::mpsc (which has
 * been crossbeam's code, living in `std::sync::mpmc`, since Rust 1.67). See channel-memory-spec §3.
 *
 * Every flavour is one `Box<Counter<Channel>>` holding the sender and receiver counts; clones only
 * bump a count. Whichever side reaches zero second frees the box, after the channel's `Drop` has
 * dropped what is left and freed its blocks or buffer. The two crates differ in one rule only:
 * what a bounded (array) channel does with its messages when the last receiver goes.
 */
import type { Heap } from '../heap.ts';
import { CACHE_LINE, USIZE, layoutOf, type MessageType } from '../layout.ts';
import { ArrayRing, arraySlotBytes, ringBufferRefusal } from './array-ring.ts';
import { BaseChannel, RECV_FUTURE } from './base.ts';
import { BLOCK_CAP as LIST_BLOCK_CAP, BlockList31, listBlockText } from './list31.ts';
import type { ArrayStructure, ListStructure, ZeroStructure } from './structure.ts';
import {
  HandleError,
  type BulkSendResult,
  type ChannelParams,
  type CreateResult,
  type ImplName,
} from './types.ts';

export type MpmcFlavor = 'list' | 'array' | 'zero';

/** `Counter<C>` box sizes, the same for every `T` (the channels hold pointers, never a `T`) [meas]. */
export const COUNTER_BYTES: Readonly<Record<MpmcFlavor, number>> = { list: 512, array: 640, zero: 136 };
/**
 * `waker::Entry { oper, packet, cx: Context }`: what a blocked operation pushes onto the `Vec` of
 * its `SyncWaker` (spec §3.4). The Vec grows like any Vec (4 entries = 96 B on the first push, then
 * doubling) and keeps its capacity for the life of the channel [meas: +96 for the first waiter].
 */
export const WAKER_ENTRY_BYTES = 24;
/** `Context` = `Arc<Inner { select, packet, thread, thread_id }>`: one per thread that ever blocked, cached in a thread-local [meas]. */
export const THREAD_CONTEXT_BYTES = 48;

/** list and array pad their head and tail to a cache line; zero is a plain `Mutex`. */
const COUNTER_ALIGN: Readonly<Record<MpmcFlavor, number>> = {
  list: CACHE_LINE,
  array: CACHE_LINE,
  zero: USIZE,
};

export interface MpmcRules {
  /** crate name as shown to users and in allocation sites */
  readonly crate: 'crossbeam' | 'std';
  /**
   * Whether the last receiver's drop drops the array flavour's messages at once. std does (rust-lang/
   * rust#108164); crossbeam 0.5.16 only disconnects and keeps them until the last sender goes. Both
   * list flavours always drop them and free every block then.
   */
  readonly arrayDiscardsOnReceiverDrop: boolean;
  /** the constructor as the user calls it, for refusals, e.g. `crossbeam_channel::bounded` */
  readonly boundedOrigin: string;
}

/** Allocation site names of one crate. */
export function mpmcSites(crate: MpmcRules['crate']) {
  return {
    counter: `${crate} Box<Counter<Channel>>`,
    block: `${crate} list block`,
    buffer: `${crate} array buffer`,
    wakerEntries: `${crate} SyncWaker Vec<Entry> (kept)`,
    receiverWakerEntries: `${crate} receivers SyncWaker Vec<Entry> (kept)`,
  } as const;
}

/** The zero flavour holds nothing: a `try_send` pairs only with a receiver already blocked. */
class NoBuffer {
  readonly len = 0;
  push(): number {
    return 0;
  }
  pop(): number {
    return 0;
  }
  releaseAll(): number {
    return 0;
  }
}

export class MpmcChannel extends BaseChannel {
  readonly impl: ImplName;
  readonly flavor: MpmcFlavor;
  readonly counterBytes: number;
  private readonly queue: BlockList31 | ArrayRing | NoBuffer;
  private readonly site: ReturnType<typeof mpmcSites>;
  /** the tail's mark bit: set when either side disconnects; sends fail from then on */
  private disconnected = false;
  private freed = false;
  /** capacity of the senders' `SyncWaker` entry Vec (0 until a sender first blocks); it never shrinks */
  private senderEntriesCap = 0;
  /** capacity of the receivers' `SyncWaker` entry Vec (0 until the receiver first blocks); kept too */
  private receiverEntriesCap = 0;
  /** the blocked receive's entry is in the receivers' Vec (a send removes it when it wakes the thread) */
  private receiverRegistered = false;

  constructor(
    impl: ImplName,
    readonly rules: MpmcRules,
    heap: Heap,
    params: ChannelParams,
    /** null: unbounded (list); 0: rendezvous (zero); n: array of n slots */
    capacity: number | null,
  ) {
    super(heap, params);
    this.impl = impl;
    this.site = mpmcSites(rules.crate);
    const t = layoutOf(params.message);
    this.flavor = capacity === null ? 'list' : capacity === 0 ? 'zero' : 'array';
    // Channel construction (the array buffer first) comes before the Counter box.
    this.queue =
      this.flavor === 'list'
        ? new BlockList31(heap, this.site.block, t)
        : this.flavor === 'array'
          ? new ArrayRing(heap, this.site.buffer, t, capacity ?? 0)
          : new NoBuffer();
    this.counterBytes = COUNTER_BYTES[this.flavor];
    heap.alloc(this.site.counter, this.counterBytes, COUNTER_ALIGN[this.flavor]);
  }

  get pending(): number {
    return this.queue.len;
  }

  sendMany(sender: number, n: number): BulkSendResult {
    this.requireSender(sender);
    if (n <= 0) return { sent: 0, full: 0, closed: 0 };
    // start_send checks the mark bit before anything else: no block is allocated for a lost cause.
    if (this.disconnected) return { sent: 0, full: 0, closed: n };
    const sent = this.queue.push(n);
    if (sent > 0) this.wakeReceiver();
    return { sent, full: n - sent, closed: 0 };
  }

  /** `try_recv` on an empty (or disconnected and empty) channel does no heap work. */
  recvMany(n: number): number {
    if (!this.receiverAlive) throw new HandleError('the receiver was dropped');
    return n <= 0 ? 0 : this.queue.pop(n);
  }

  /**
   * The simulation's producers blocking in `send` on a full channel (the array and zero flavours;
   * the list never blocks a sender): each pushes an Entry onto the senders' waker Vec, which grows
   * to the most senders ever blocked at once and keeps that. The message stays on the thread's
   * stack. (The thread's own 48 B Context is the thread's, not the channel's: the engine counts it.)
   */
  protected override onEngineParked(): void {
    if (this.flavor === 'list') return;
    while (this.engineParked > this.senderEntriesCap) {
      const next = Math.max(4, this.senderEntriesCap * 2);
      if (this.senderEntriesCap === 0)
        this.heap.alloc(this.site.wakerEntries, next * WAKER_ENTRY_BYTES, USIZE);
      else {
        this.heap.realloc(
          this.site.wakerEntries,
          this.senderEntriesCap * WAKER_ENTRY_BYTES,
          next * WAKER_ENTRY_BYTES,
          USIZE,
        );
      }
      this.senderEntriesCap = next;
    }
  }

  // The consumer thread blocking in `recv` (spec §3.4; not in the golden/2 family, whose crates are
  // async): it registers an Entry in the receivers' SyncWaker Vec (the first one allocates 4 entries,
  // 96 B, kept for the channel's life) and parks; a send that succeeds removes the entry and unparks
  // it. Its 48 B Context is the thread's, not the channel's: the engine counts it. The zero flavour
  // pairs a blocked receiver with a sender directly, which the engine does not model (see README).
  protected override startRecv(): void {
    if (this.flavor === 'zero') throw new HandleError('the zero flavour’s blocking receive is not modelled');
    if (this.queue.pop(1) === 1) this.finishRecv(true);
    else if (this.disconnected) this.finishRecv(false);
    else if (!this.receiverRegistered) {
      this.receiverRegistered = true;
      if (this.receiverEntriesCap === 0) {
        this.receiverEntriesCap = 4;
        this.heap.alloc(this.site.receiverWakerEntries, 4 * WAKER_ENTRY_BYTES, USIZE);
      }
    }
  }

  /** The receiver thread blocked in `recv` stops waiting without a message (its entry leaves the Vec). */
  protected override abortRecv(): void {
    this.receiverRegistered = false;
  }

  /** `receivers.notify()`: the blocked receiver's entry is removed (the Vec keeps its capacity) and it wakes. */
  private wakeReceiver(): void {
    if (!this.receiverRegistered) return;
    this.receiverRegistered = false;
    this.woken.add(RECV_FUTURE);
  }

  /** Capacity of the receivers' waker entry Vec (entries of 24 B). */
  get receiverWakerCapacity(): number {
    return this.receiverEntriesCap;
  }

  /** Capacity of the senders' waker entry Vec (entries of 24 B). */
  get senderWakerCapacity(): number {
    return this.senderEntriesCap;
  }

  protected onCloneSender(): void {
    // counter.senders += 1: no allocation.
  }

  protected onDropSender(_sender: number, last: boolean): void {
    if (!last) return;
    // disconnect_senders only sets the mark bit (queued messages stay receivable) and wakes receivers.
    this.disconnected = true;
    this.wakeReceiver();
    if (!this.receiverAlive) this.destroy();
  }

  protected onDropReceiver(): void {
    // disconnect_receivers: the list (both crates) and std's array drop every queued message now;
    // crossbeam's array keeps them. Only the first disconnect does this; when the senders are already
    // gone, the box is destroyed right below, which drops everything anyway.
    const first = !this.disconnected;
    this.disconnected = true;
    if (first) {
      if (this.queue instanceof BlockList31) this.destroyMessages(this.queue.releaseAll());
      else if (this.queue instanceof ArrayRing && this.rules.arrayDiscardsOnReceiverDrop) {
        this.destroyMessages(this.queue.discardAll());
      }
    }
    if (this.senders.size === 0) this.destroy();
  }

  /** Both sides gone: `Channel::drop` drops the messages left and frees blocks/buffer, then the box goes. */
  private destroy(): void {
    if (this.freed) return;
    this.freed = true;
    this.destroyMessages(this.queue.releaseAll());
    this.heap.free(this.site.wakerEntries, this.senderEntriesCap * WAKER_ENTRY_BYTES);
    this.heap.free(this.site.receiverWakerEntries, this.receiverEntriesCap * WAKER_ENTRY_BYTES);
    this.heap.free(this.site.counter, this.counterBytes);
  }

  structure(): ListStructure | ArrayStructure | ZeroStructure {
    const common = {
      pending: this.pending,
      senders: this.senders.size,
      receiverAlive: this.receiverAlive,
      receiverWaiting: this.receiverRegistered,
      receiverWakerCapacity: this.receiverEntriesCap,
    };
    const header = this.freed ? 0 : this.counterBytes;
    if (this.queue instanceof BlockList31) return this.queue.structure(common, header);
    const waiting = {
      waitingSenders: this.engineParked,
      senderWakerCapacity: this.senderEntriesCap,
      wakerEntryBytes: WAKER_ENTRY_BYTES,
    };
    if (this.queue instanceof ArrayRing) return { ...this.queue.structure(common, header), ...waiting };
    return { kind: 'zero', ...common, headerBytes: header, ...waiting };
  }
}

/**
 * `bounded(cap)` / `sync_channel(cap)`: 0 is the zero (rendezvous) flavour, anything else an array
 * of `cap` slots allocated now; `null` is `unbounded()` / `channel()`.
 */
export function createMpmc(
  impl: ImplName,
  rules: MpmcRules,
  heap: Heap,
  params: ChannelParams,
  capacity: number | null,
): CreateResult {
  if (capacity !== null && capacity > 0) {
    const refusal = ringBufferRefusal(rules.crate, rules.boundedOrigin, capacity, layoutOf(params.message));
    if (refusal !== null) return refusal;
  }
  return { ok: true, channel: new MpmcChannel(impl, rules, heap, params, capacity) };
}

/** The formula text of the list and array flavours (crossbeam and std share them). */
export function mpmcFormula(bounded: boolean, message: MessageType, capacity: number): string {
  const t = layoutOf(message);
  if (!bounded) {
    return `Counter ${COUNTER_BYTES.list} (align ${COUNTER_ALIGN.list}); first block lazily ${listBlockText(t)}; next block at each block's ${LIST_BLOCK_CAP}st message; 1 block kept`;
  }
  if (capacity === 0) return `zero-capacity (rendezvous) flavour: Counter ${COUNTER_BYTES.zero}, no buffer`;
  const slot = arraySlotBytes(t);
  return `Counter ${COUNTER_BYTES.array} (align ${COUNTER_ALIGN.array}) + ring ${capacity}·${slot} = ${capacity * slot}, allocated up front`;
}
