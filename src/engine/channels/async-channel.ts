/**
 * async-channel 2.5.0 over concurrent-queue 2.5.0 and event-listener 5.4.1 (spec §5, §10).
 *
 * One `Arc<Channel<T>>` holds a `ConcurrentQueue<T>` (an enum: `Single` for `bounded(1)`, a
 * crossbeam-style array ring for `bounded(n > 1)`, a crossbeam-style 31-slot list for `unbounded()`)
 * and four `Event`s whose 72 B inners are created on first use. Nothing drains the queue when the
 * receiver goes: queued messages live until the last handle of either side is dropped.
 */
import type { Heap } from '../heap.ts';
import { CACHE_LINE, USIZE, layoutOf, roundUp, type Layout } from '../layout.ts';
import { ArrayRing, ringBufferRefusal } from './array-ring.ts';
import { BaseChannel, refuse, requireCount } from './base.ts';
import { BlockList31 } from './list31.ts';
import type { AsyncChannelStructure } from './structure.ts';
import {
  HandleError,
  type BulkSendResult,
  type ChannelParams,
  type CreateResult,
  type ImplName,
} from './types.ts';

/** `Arc<event_listener::Inner>` (the intrusive listener list under a std Mutex). */
export const EVENT_INNER_BYTES = 72;

export const SITE_CHANNEL = 'async-channel Arc<Channel>';
export const SITE_EVENT = 'event-listener Arc<Inner>';
export const SITE_BLOCK = 'concurrent-queue block';
export const SITE_BUFFER = 'concurrent-queue buffer';

/** `Inner::Bounded`: the tag's cache line, then head and tail (one line each) and 32 bytes of fields. */
const BOUNDED_VARIANT = CACHE_LINE + 3 * CACHE_LINE;
/** `Channel`'s fields after the queue: four `Event` pointers and the two handle counts. */
const CHANNEL_FIELDS = 6 * USIZE;

/**
 * `ArcInner<Channel<T>>`: 768 B unless `T` is large. The queue enum is as big as its biggest
 * variant, and `Single` stores `T` inline (after the tag, `Single { state, slot: T }`), so from
 * `size_of::<T>()` = 497 on it outgrows the 512 B `Bounded` variant: `[u8; 1024]` gives 1408 B.
 */
export function channelArcBytes(t: Layout): number {
  const a = Math.max(USIZE, t.align);
  const align = Math.max(CACHE_LINE, a);
  const single = a + roundUp(USIZE + t.size, a);
  const queue = roundUp(Math.max(single, BOUNDED_VARIANT), align);
  const channel = roundUp(queue + CHANNEL_FIELDS, align);
  // strong and weak counts, padded to the channel's alignment
  return align + channel;
}

const EVENT_NAMES = ['sendOps', 'recvOps', 'streamOps', 'closedOps'] as const;
type EventName = (typeof EVENT_NAMES)[number];

/** concurrent-queue's `Single`: one inline slot, no allocation of its own. */
class SingleSlot {
  len = 0;
  push(n: number): number {
    const k = Math.min(n, 1 - this.len);
    this.len += k;
    return k;
  }
  pop(n: number): number {
    const got = Math.min(n, this.len);
    this.len -= got;
    return got;
  }
  releaseAll(): number {
    return this.pop(1);
  }
}

export class AsyncChannel extends BaseChannel {
  readonly impl: ImplName;
  readonly flavor: 'single' | 'bounded' | 'unbounded';
  readonly channelBytes: number;
  private readonly queue: SingleSlot | ArrayRing | BlockList31;
  private readonly events: Record<EventName, boolean> = {
    sendOps: false,
    recvOps: false,
    streamOps: false,
    closedOps: false,
  };
  /** the queue's closed mark, set by the first `close()` (last sender or last receiver dropped) */
  private closed = false;
  private freed = false;

  constructor(impl: ImplName, heap: Heap, params: ChannelParams, capacity: number | null) {
    super(heap, params);
    this.impl = impl;
    const t = layoutOf(params.message);
    this.channelBytes = channelArcBytes(t);
    // The queue is built (a bounded buffer allocated) before the Arc.
    if (capacity === null) {
      this.flavor = 'unbounded';
      this.queue = new BlockList31(heap, SITE_BLOCK, t);
    } else if (capacity === 1) {
      this.flavor = 'single';
      this.queue = new SingleSlot();
    } else {
      this.flavor = 'bounded';
      this.queue = new ArrayRing(heap, SITE_BUFFER, t, capacity);
    }
    heap.alloc(SITE_CHANNEL, this.channelBytes, Math.max(CACHE_LINE, t.align));
  }

  get pending(): number {
    return this.queue.len;
  }

  /** `try_send`: a push that fails (closed first, then full) touches nothing. */
  sendMany(sender: number, n: number): BulkSendResult {
    this.requireSender(sender);
    if (n <= 0) return { sent: 0, full: 0, closed: 0 };
    if (this.closed) return { sent: 0, full: 0, closed: n };
    const sent = this.queue.push(n);
    if (sent > 0) {
      // Each accepted message notifies recv_ops and stream_ops; notify creates a missing inner.
      this.createEvent('recvOps');
      this.createEvent('streamOps');
    }
    return { sent, full: n - sent, closed: 0 };
  }

  /** `try_recv`: a received message notifies send_ops; an empty or closed queue does nothing. */
  recvMany(n: number): number {
    if (!this.receiverAlive) throw new HandleError('the receiver was dropped');
    const got = n <= 0 ? 0 : this.queue.pop(n);
    if (got > 0) this.createEvent('sendOps');
    return got;
  }

  protected onCloneSender(): void {
    // sender_count += 1 (and an Arc clone): no allocation.
  }

  protected onDropSender(_sender: number, last: boolean): void {
    if (!last) return;
    this.close();
    if (!this.receiverAlive) this.dropArc();
  }

  protected onDropReceiver(): void {
    this.close();
    if (this.senders.size === 0) this.dropArc();
  }

  /** `Channel::close`: the first call marks the queue closed and notifies all four events. */
  private close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const e of EVENT_NAMES) this.createEvent(e);
  }

  private createEvent(e: EventName): void {
    if (this.events[e]) return;
    this.events[e] = true;
    this.heap.alloc(SITE_EVENT, EVENT_INNER_BYTES, USIZE);
  }

  /** Last handle gone: the queue drops its messages and blocks/buffer, the events their inners. */
  private dropArc(): void {
    if (this.freed) return;
    this.freed = true;
    this.destroyMessages(this.queue.releaseAll());
    const events = EVENT_NAMES.filter((e) => this.events[e]).length;
    for (const e of EVENT_NAMES) this.events[e] = false;
    this.heap.free(SITE_EVENT, EVENT_INNER_BYTES, events);
    this.heap.free(SITE_CHANNEL, this.channelBytes);
  }

  structure(): AsyncChannelStructure {
    const common = { pending: this.pending, senders: this.senders.size, receiverAlive: this.receiverAlive };
    // The queue lives inside the Arc: its header bytes are part of channelBytes.
    const queue =
      this.queue instanceof SingleSlot
        ? { kind: 'single' as const, full: this.queue.len === 1 }
        : this.queue.structure(common, 0);
    return {
      kind: 'async-channel',
      ...common,
      flavor: this.flavor,
      channelBytes: this.freed ? 0 : this.channelBytes,
      events: { ...this.events },
      eventBytes: EVENT_INNER_BYTES,
      queue,
      closed: this.closed,
    };
  }
}

export function createAsyncChannel(impl: ImplName, heap: Heap, params: ChannelParams): CreateResult {
  if (impl === 'async-unbounded') return { ok: true, channel: new AsyncChannel(impl, heap, params, null) };
  if (impl === 'async-bounded') {
    const cap = requireCount(params, 'capacity');
    if (cap === 0)
      return refuse('panic', 'async-channel', 'async_channel::bounded', 'capacity cannot be zero');
    if (cap > 1) {
      const refusal = ringBufferRefusal(
        'async-channel',
        'async_channel::bounded',
        cap,
        layoutOf(params.message),
      );
      if (refusal !== null) return refusal;
    }
    return { ok: true, channel: new AsyncChannel(impl, heap, params, cap) };
  }
  return refuse('limit', 'async-channel', impl, `${impl} is not an async-channel channel`);
}
