/**
 * flume 0.12 (`bounded(cap)` and `unbounded()`, std-Mutex build). See channel-memory-spec §4 and
 * §10. Everything lives in one `Arc<Shared<T>>`; messages sit in a `VecDeque<T>` that grows like
 * any Rust `Vec` and never shrinks. Nobody drains it: queued messages live until the last handle
 * (sender or receiver) is gone. `try_send`/`send`/`try_recv` never block here, so no hooks are
 * ever allocated and the `sending`/`waiting` deques stay empty.
 */
import type { Heap } from '../heap.ts';
import { layoutOf } from '../layout.ts';
import { BaseChannel, refuse } from './base.ts';
import type { FlumeStructure } from './structure.ts';
import {
  HandleError,
  type BulkSendResult,
  type ChannelParams,
  type CreateResult,
  type ImplName,
} from './types.ts';

/** `ArcInner<Shared<T>>` with the std `Mutex<Chan<T>>`: independent of T (the queue is a pointer). */
export const SHARED_ARC_BYTES = 152;

export const SITE_SHARED = 'flume Arc<Shared>';
export const SITE_QUEUE = 'flume VecDeque buffer';

/**
 * What `capacity()` reports for a VecDeque of a zero-sized type (`usize::MAX`, as the nearest
 * float): such a deque never allocates and never grows.
 */
export const ZST_CAPACITY = 2 ** 64;

/** RawVec's smallest non-zero capacity for elements of `elemSize` bytes. */
export function minNonZeroCapacity(elemSize: number): number {
  if (elemSize === 1) return 8;
  return elemSize <= 1024 ? 4 : 1;
}

/** Capacity after one `grow_one` of a full buffer of capacity `cap` (amortized doubling). */
export function grownCapacity(cap: number, elemSize: number): number {
  return Math.max(minNonZeroCapacity(elemSize), cap * 2, cap + 1);
}

export class FlumeChannel extends BaseChannel {
  readonly impl: ImplName;
  /** `bounded(cap)`'s cap, null when unbounded */
  readonly cap: number | null;
  readonly elemBytes: number;
  private readonly elemAlign: number;

  private queueLen = 0;
  /** `VecDeque` capacity in elements (0 until the first push) */
  private queueCap: number;
  /** `Shared.disconnected`: set when the last sender or the last receiver goes */
  private disconnected = false;
  private sharedAlive = true;

  constructor(impl: ImplName, heap: Heap, params: ChannelParams, cap: number | null) {
    super(heap, params);
    this.impl = impl;
    this.cap = cap;
    const t = layoutOf(params.message);
    this.elemBytes = t.size;
    this.elemAlign = t.align;
    this.queueCap = t.size === 0 ? ZST_CAPACITY : 0;
    // Nothing is preallocated, not even for bounded(n): VecDeque::new().
    heap.alloc(SITE_SHARED, SHARED_ARC_BYTES, 8);
  }

  get pending(): number {
    return this.queueLen;
  }

  /** VecDeque capacity in elements. */
  get queueCapacity(): number {
    return this.queueCap;
  }

  sendMany(sender: number, n: number): BulkSendResult {
    this.requireSender(sender);
    if (n <= 0) return { sent: 0, full: 0, closed: 0 };
    if (this.disconnected) return { sent: 0, full: 0, closed: n };
    // No receiver ever waits here, so a bounded send is accepted only below cap: bounded(0)
    // (rendezvous) therefore rejects every try_send as Full.
    const sent = this.cap === null ? n : Math.min(n, Math.max(0, this.cap - this.queueLen));
    this.pushBack(sent);
    return { sent, full: n - sent, closed: 0 };
  }

  recvMany(n: number): number {
    if (!this.receiverAlive) throw new HandleError('the receiver was dropped');
    if (n <= 0 || !this.sharedAlive) return 0;
    // pop_front only moves the head: the buffer keeps its size.
    const got = Math.min(n, this.queueLen);
    this.queueLen -= got;
    return got;
  }

  protected onCloneSender(): void {
    // sender_count + Arc refcount: no allocation.
  }

  protected onDropSender(_sender: number, last: boolean): void {
    if (last) this.disconnected = true; // disconnect_all
    this.releaseSharedIfUnused();
  }

  protected onDropReceiver(): void {
    // disconnect_all wakes hooks but does not touch the queue: messages stay.
    this.disconnected = true;
    this.releaseSharedIfUnused();
  }

  /** `count` push_backs: each push into a full deque grows it (first an alloc, then reallocs). */
  private pushBack(count: number): void {
    if (count === 0) return;
    const needed = this.queueLen + count;
    while (needed > this.queueCap) {
      const next = grownCapacity(this.queueCap, this.elemBytes);
      if (this.queueCap === 0) {
        this.heap.alloc(SITE_QUEUE, next * this.elemBytes, this.elemAlign);
      } else {
        this.heap.realloc(SITE_QUEUE, this.queueCap * this.elemBytes, next * this.elemBytes, this.elemAlign);
      }
      this.queueCap = next;
    }
    this.queueLen = needed;
  }

  /** The last handle gone: the queued messages are destroyed, then the buffer and the Arc freed. */
  private releaseSharedIfUnused(): void {
    if (!this.sharedAlive || this.receiverAlive || this.senders.size > 0) return;
    this.sharedAlive = false;
    this.destroyMessages(this.queueLen);
    this.queueLen = 0;
    if (this.elemBytes > 0 && this.queueCap > 0) {
      this.heap.free(SITE_QUEUE, this.queueCap * this.elemBytes);
    }
    this.queueCap = this.elemBytes === 0 ? ZST_CAPACITY : 0;
    this.heap.free(SITE_SHARED, SHARED_ARC_BYTES);
  }

  structure(): FlumeStructure {
    return {
      kind: 'flume-vecdeque',
      pending: this.queueLen,
      senders: this.senders.size,
      receiverAlive: this.receiverAlive,
      bounded: this.cap !== null,
      capacity: this.cap,
      sharedBytes: this.sharedAlive ? SHARED_ARC_BYTES : 0,
      elemBytes: this.elemBytes,
      queueLen: this.queueLen,
      queueCapacity: this.queueCap,
      waitingSenders: 0,
      disconnected: this.disconnected,
    };
  }
}

export function createFlume(impl: ImplName, heap: Heap, params: ChannelParams): CreateResult {
  if (impl === 'flume-unbounded') {
    return { ok: true, channel: new FlumeChannel(impl, heap, params, null) };
  }
  if (impl === 'flume-bounded') {
    const cap = params.capacity ?? Number.NaN;
    if (!Number.isInteger(cap) || cap < 0) {
      return refuse('limit', 'flume', 'flume::bounded', `capacity must be a count, got ${cap}`);
    }
    return { ok: true, channel: new FlumeChannel(impl, heap, params, cap) };
  }
  return refuse('limit', 'flume', impl, `${impl} is not a flume channel`);
}
