/**
 * async-channel 2.5.0 over concurrent-queue 2.5.0 and event-listener 5.4.1 (spec §5, §10).
 *
 * One `Arc<Channel<T>>` holds a `ConcurrentQueue<T>` (an enum: `Single` for `bounded(1)`, a
 * crossbeam-style array ring for `bounded(n > 1)`, a crossbeam-style 31-slot list for `unbounded()`)
 * and four `Event`s whose 72 B inners are created on first use. Nothing drains the queue when the
 * receiver goes: queued messages live until the last handle of either side is dropped.
 */
import type { Heap } from '../heap.ts';
import { CACHE_LINE, USIZE, layoutOf, roundUp, type Layout, type MessageType } from '../layout.ts';
import { ArrayRing, arraySlotBytes, ringBufferRefusal } from './array-ring.ts';
import { BaseChannel, RECV_FUTURE, futureHandle, refuse, requireCount } from './base.ts';
import type { CrateDescriptor } from './descriptor.ts';
import { BlockList31, listBlockText } from './list31.ts';
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

/** `EventListener` = `Pin<Box<InnerListener>>`: one per waiting operation, linked into the event's list. */
export const LISTENER_BYTES = 56;

export const SITE_CHANNEL = 'async-channel Arc<Channel>';
export const SITE_LISTENER = 'event-listener EventListener';
/** The waiting receive's listener on `recv_ops` (the same 56 B box). */
export const SITE_RECV_LISTENER = 'event-listener EventListener (receive)';
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

/** One listener in an event's intrusive list (event-listener 5.4.1 `intrusive.rs`). */
interface Listener {
  /** the send future's slot, or RECV_FUTURE */
  readonly owner: number;
  notified: boolean;
  /** the notification was an "additional" one (it is passed on as such) */
  additional: boolean;
}

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
  /** Listener lists of `send_ops` (waiting senders) and `recv_ops` (the waiting receive), in list order. */
  private readonly lists: { sendOps: Listener[]; recvOps: Listener[] } = { sendOps: [], recvOps: [] };
  private readonly sendListeners = new Map<number, Listener>();
  private recvListener: Listener | null = null;
  /**
   * The simulation's waiting producers (counted, never mixed with the futures above): their
   * listeners come after the futures' in `send_ops`, and the oldest `engineNotified` were notified.
   */
  private engineNotified = 0;

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
      // Each accepted message notifies one more recv_ops listener and all of stream_ops (notify
      // creates a missing inner).
      this.notify('recvOps', sent, true);
      this.createEvent('streamOps');
    }
    return { sent, full: n - sent, closed: 0 };
  }

  /** `try_recv`: each received message notifies one more send_ops listener; an empty or closed queue does nothing. */
  recvMany(n: number): number {
    if (!this.receiverAlive) throw new HandleError('the receiver was dropped');
    const got = n <= 0 ? 0 : this.queue.pop(n);
    if (got > 0) this.notify('sendOps', got, true);
    return got;
  }

  /** Listeners of the waiting senders, in list order (a notified one is about to run). */
  get sendListenerOrder(): readonly { readonly fut: number; readonly notified: boolean }[] {
    return this.lists.sendOps.map((l) => ({ fut: l.owner, notified: l.notified }));
  }

  // `Sender::send(v).await`: try_send; when full, listen on send_ops (a 56 B listener, and the 72 B
  // inner on first use) and try again; a notified listener is consumed and the loop repeats.
  protected override startSend(fut: number): void {
    this.driveSend(fut);
  }

  protected override pollSend(fut: number): void {
    this.driveSend(fut);
  }

  protected override abortSend(fut: number): 'rejected' {
    this.dropListener(this.sendListeners.get(fut));
    this.sendListeners.delete(fut);
    return 'rejected';
  }

  private driveSend(fut: number): void {
    for (;;) {
      const r = this.sendMany(futureHandle(fut), 1);
      if (r.full === 0) {
        // Done: the future drops its listener (a notification it did not use is passed on), then its clone.
        this.dropListener(this.sendListeners.get(fut));
        this.sendListeners.delete(fut);
        this.finishSend(fut, r.sent === 1 ? 'sent' : 'rejected');
        return;
      }
      const l = this.sendListeners.get(fut);
      if (l === undefined) this.sendListeners.set(fut, this.listen('sendOps', fut));
      else if (l.notified) {
        this.consume('sendOps', l);
        this.sendListeners.delete(fut);
      } else return; // Pending
    }
  }

  // `Receiver::recv().await`, the same loop on recv_ops.
  protected override startRecv(): void {
    for (;;) {
      const got = this.queue.pop(1);
      if (got > 0) this.notify('sendOps', 1, true);
      if (got > 0 || this.closed) {
        this.dropListener(this.recvListener ?? undefined);
        this.recvListener = null;
        this.finishRecv(got > 0);
        return;
      }
      const l = this.recvListener;
      if (l === null) this.recvListener = this.listen('recvOps', RECV_FUTURE);
      else if (l.notified) {
        this.consume('recvOps', l);
        this.recvListener = null;
      } else return;
    }
  }

  protected override abortRecv(): void {
    this.dropListener(this.recvListener ?? undefined);
    this.recvListener = null;
  }

  /**
   * The simulation's producers: `send(v).await` on their own Senders. One that finds the channel
   * full listens on `send_ops` (a 56 B listener; the event's 72 B inner on first use) and keeps
   * its message in its future. Nobody jumps ahead of a waiting listener here (the engine's
   * producers only send when none waits).
   */
  override sendOrPark(handle: number, n: number, maxPark: number): { sent: number; parked: number } {
    this.requireSender(handle);
    if (this.flavor === 'unbounded' || this.closed) return super.sendOrPark(handle, n, maxPark);
    const sent = this.engineParked > 0 || n <= 0 ? 0 : this.sendMany(handle, n).sent;
    const parked = Math.max(0, Math.min(n - sent, maxPark));
    if (parked > 0) {
      this.createEvent('sendOps');
      this.heap.alloc(SITE_LISTENER, LISTENER_BYTES, USIZE, parked);
      this.engineParked += parked;
    }
    return { sent, parked };
  }

  /**
   * Notified producers run: each try_send goes through first, then the future drops its listener
   * (freed). It was notified and never consumed, so the notification passes on to the next
   * listener not yet notified; that producer wakes after them (a FIFO scheduler), finds the
   * channel full again, consumes the notification (its listener is freed) and listens anew at the
   * back of the list (a new one). Its message stays with it.
   */
  override takeCompleted(handle: number, max: number): number {
    this.requireSender(handle);
    const k = Math.min(this.engineNotified, max);
    if (k <= 0) return 0;
    this.engineNotified -= k;
    this.engineParked -= k;
    this.heap.free(SITE_LISTENER, LISTENER_BYTES, k);
    const r = this.sendMany(handle, k);
    if (r.sent !== k) throw new Error(`async-channel: ${k} notified senders found room for ${r.sent}`);
    const relisten = Math.min(k, this.engineParked - this.engineNotified);
    if (relisten > 0) {
      this.heap.free(SITE_LISTENER, LISTENER_BYTES, relisten);
      this.heap.alloc(SITE_LISTENER, LISTENER_BYTES, USIZE, relisten);
    }
    return k;
  }

  /** Producers giving up drop their listeners (un-notified ones first; a notification passes on). */
  override cancelParked(n: number): void {
    super.cancelParked(n);
    this.heap.free(SITE_LISTENER, LISTENER_BYTES, n);
    this.engineNotified = Math.min(this.engineNotified, this.engineParked);
  }

  /** `Event::listen`: creates the inner if missing, boxes a listener and appends it to the list. */
  private listen(e: 'sendOps' | 'recvOps', owner: number): Listener {
    this.createEvent(e);
    this.heap.alloc(e === 'recvOps' ? SITE_RECV_LISTENER : SITE_LISTENER, LISTENER_BYTES, USIZE);
    const l: Listener = { owner, notified: false, additional: false };
    this.lists[e].push(l);
    return l;
  }

  /** A notified listener polled Ready: it leaves the list and its box is freed (nothing passed on). */
  private consume(e: 'sendOps' | 'recvOps', l: Listener): void {
    this.lists[e].splice(this.lists[e].indexOf(l), 1);
    this.heap.free(e === 'recvOps' ? SITE_RECV_LISTENER : SITE_LISTENER, LISTENER_BYTES);
  }

  /** Dropping a listener: if it was notified, the notification goes to the next listener. */
  private dropListener(l: Listener | undefined): void {
    if (l === undefined) return;
    const e = l.owner === RECV_FUTURE ? 'recvOps' : 'sendOps';
    this.consume(e, l);
    if (l.notified) this.notify(e, 1, l.additional);
  }

  /**
   * `Event::notify`: wakes up to `n` listeners not yet notified, in list order. A plain
   * notification counts the listeners already notified against `n`; an "additional" one does not.
   */
  private notify(e: EventName, n: number, additional: boolean): void {
    this.createEvent(e);
    if (e !== 'sendOps' && e !== 'recvOps') return;
    const list = this.lists[e];
    const engine = e === 'sendOps';
    let left = n;
    if (!additional) left -= list.filter((l) => l.notified).length + (engine ? this.engineNotified : 0);
    for (const l of list) {
      if (left <= 0) return;
      if (l.notified) continue;
      l.notified = true;
      l.additional = additional;
      this.woken.add(l.owner);
      left -= 1;
    }
    // then the simulation's producers' listeners, which come after the futures' in the list
    if (engine && left > 0) this.engineNotified += Math.min(left, this.engineParked - this.engineNotified);
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
    for (const e of EVENT_NAMES) this.notify(e, Infinity, false);
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
      sendListeners: this.sendListenerOrder,
      waitingSenders: this.lists.sendOps.length + this.engineParked,
      recvListeners: this.lists.recvOps.length,
      listenerBytes: LISTENER_BYTES,
      receiverWaiting: this.recvWaiting,
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

// ───────────────── descriptor: what the rest of the app knows about this crate ─────────────────

function arcText(message: MessageType): string {
  const t = layoutOf(message);
  return `Arc<Channel> ${channelArcBytes(t)} (align ${Math.max(CACHE_LINE, t.align)}`;
}

export const asyncChannelCrate: CrateDescriptor = {
  key: 'async',
  cargo: 'async-channel',
  short: 'async-channel',
  label: 'async-channel',
  version: 'async-channel 2.5.0',
  create: createAsyncChannel,
  flavors: [
    {
      impl: 'async-bounded',
      kind: 'bounded',
      bound: 'capacity',
      exactCapacity: true,
      call: 'bounded(C)',
      expression: (t, n) => `async_channel::bounded::<${t}>(${n})`,
      formula(message, capacity) {
        if (capacity === 1) {
          return `${arcText(message)}, the Single flavour holds T inline); +${EVENT_INNER_BYTES} per event listener on first use`;
        }
        const slot = arraySlotBytes(layoutOf(message));
        return `${arcText(message)}) + ring ${capacity}·${slot} = ${capacity * slot}; +${EVENT_INNER_BYTES} per event listener on first use`;
      },
    },
    {
      impl: 'async-unbounded',
      kind: 'unbounded',
      bound: 'none',
      exactCapacity: false,
      call: 'unbounded()',
      expression: (t) => `async_channel::unbounded::<${t}>()`,
      formula(message) {
        const t = layoutOf(message);
        return `${arcText(message)}); list blocks of ${listBlockText(t)} as crossbeam; +${EVENT_INNER_BYTES} per event listener on first use`;
      },
    },
  ],
};
