/**
 * futures-channel 0.3.33 `mpsc` (bounded `channel(buffer)` and `unbounded()`). See
 * channel-memory-spec §2 and §10. The message queue is Vyukov's intrusive MPSC list: one boxed
 * `Node<T>` per message plus a stub, and every receive frees the node that was the stub. Because
 * the model runs one operation at a time, the queue is just a count of nodes; only the bounded
 * channel's parked senders need identities (a handful of small objects, one per sender handle).
 */
import type { Heap } from '../heap.ts';
import { USIZE, optionLayout, roundUp, type MessageType } from '../layout.ts';
import type { CrateDescriptor } from './descriptor.ts';
import { BaseChannel, futureHandle, futureOfHandle, refuse } from './base.ts';
import { IdQueue, IdSet } from './id-ranges.ts';
import { LISTED_MAX, type FuturesStructure } from './structure.ts';
import {
  HandleError,
  type BulkSendResult,
  type ChannelParams,
  type CrateRefusal,
  type CreateResult,
  type ImplName,
} from './types.ts';

/** `ArcInner<BoundedInner<T>>`: counts 16 + buffer, state, two queues (16 each), num_senders, AtomicWaker 24. */
export const BOUNDED_INNER_BYTES = 96;
/** `ArcInner<UnboundedInner<T>>`: the same without `buffer` and `parked_queue`. */
export const UNBOUNDED_INNER_BYTES = 72;
/** `Node<Arc<Mutex<SenderTask>>>`: next pointer + `Option<Arc<_>>` (niche). */
export const PARKED_NODE_BYTES = 16;
/** `ArcInner<Mutex<SenderTask { task: Option<Waker>, is_parked: bool }>>` */
export const SENDER_TASK_BYTES = 48;

/** `OPEN_MASK` is the top bit of a usize; `MAX_CAPACITY = !OPEN_MASK`; `MAX_BUFFER = MAX_CAPACITY >> 1`. */
const MAX_CAPACITY = (1n << 63n) - 1n;
const MAX_BUFFER = MAX_CAPACITY >> 1n;

export const SITE_INNER = 'futures Arc<Inner>';
export const SITE_NODE = 'futures message node';
export const SITE_PARKED_NODE = 'futures parked-queue node';
/**
 * The parked queue's stub node, allocated with the channel. A pop frees the old stub and the popped
 * node becomes the stub, so the queue always holds 1 + entries nodes: the stub is booked apart from
 * the entries, as part of the channel (it is there whether anyone ever parks or not), and the entries
 * are what waiting senders cost.
 */
export const SITE_PARKED_STUB = 'futures parked-queue stub';
export const SITE_SENDER_TASK = 'futures Arc<SenderTask>';

/**
 * How many senders may exist at once: a clone at this count panics. Bounded: `MAX_CAPACITY - buffer`
 * (so that buffer + senders fits the state's count bits); unbounded: `MAX_BUFFER`. Both are beyond
 * 2^62, far out of reach of any simulation, but the check is kept so the rule is on record.
 */
export function futuresMaxSenders(buffer: number | null): bigint {
  return buffer === null ? MAX_BUFFER : MAX_CAPACITY - BigInt(buffer);
}

/** Size of `Node<T> { next: AtomicPtr<Node<T>>, value: Option<T> }`: never zero, even for a zero-sized T. */
export function futuresNodeBytes(message: MessageType): number {
  const opt = optionLayout(message);
  return roundUp(USIZE + opt.size, Math.max(USIZE, opt.align));
}

function nodeAlign(message: MessageType): number {
  return Math.max(USIZE, optionLayout(message).align);
}

/**
 * A crate panic raised by an operation on an existing channel rather than by its constructor
 * (futures-channel: `Sender::clone` past the maximum number of senders). It carries the same
 * {@link CrateRefusal} a refused `create` returns, so callers can show it the same way. The
 * channel is left exactly as before the call (the real clone panics before changing anything).
 */
export class CratePanicError extends Error {
  override readonly name = 'CratePanicError';
  constructor(readonly refusal: CrateRefusal) {
    super(refusal.message);
  }
}

/** One `Arc<Mutex<SenderTask>>`; it outlives its sender while the parked queue holds a clone. */
interface SenderTask {
  readonly owner: number;
  /** `is_parked`; in sequential use it is true exactly while the task sits in the parked queue */
  parked: boolean;
  /** the sender handle still holds its Arc */
  held: boolean;
}

interface BoundedSenderState {
  readonly task: SenderTask;
  /** `maybe_parked`: the sender parked itself and has not yet seen that it was unparked */
  maybeParked: boolean;
}

export class FuturesChannel extends BaseChannel {
  readonly impl: ImplName;
  readonly bounded: boolean;
  /** bounded: `buffer`; each sender has one more guaranteed slot */
  readonly buffer: number;
  readonly nodeBytes: number;
  readonly innerBytes: number;
  private readonly nodeAlign: number;

  /** the `OPEN_MASK` bit of `state` */
  private open = true;
  /** the low bits of `state`: messages queued (each in its own node after the stub) */
  private numMessages = 0;
  /** `Receiver.inner` is `Some`: cleared by a receive that finds the channel closed and empty */
  private receiverHoldsInner = true;
  private innerAlive = true;
  /** bounded: per live sender handle */
  private readonly handles = new Map<number, BoundedSenderState>();
  /** bounded: `parked_queue` in FIFO order (entries may belong to senders already dropped) */
  private parkedQueue: SenderTask[] = [];
  /**
   * The simulation's producers parked after the entries above (counted, never mixed with send
   * futures): `engineParked` entries, of which the oldest `engineUnparked` were popped by receives
   * and their producers have not run yet.
   */
  private engineUnparked = 0;
  /** SenderTasks of dropped producers still held by their parked entry (freed when it pops) */
  private keptTasks = 0;
  /** parked tasks spawned per send, each holding its own Sender clone's SenderTask */
  private engineClones = 0;
  /** producers about to drop their Sender while parked: their SenderTask stays with the entry */
  private keepOnDrop = 0;
  /**
   * The simulation's producers parked by their own `try_send` (`trySendProducers`), in queue order
   * after `parkedQueue`'s entries (the two are never mixed), as id ranges; the same ids as a set; and
   * those of them whose producer has dropped its Sender (the entry keeps the SenderTask until it pops).
   */
  private readonly producersParked = new IdQueue();
  private readonly producersParkedSet = new IdSet();
  private readonly producersGone = new IdSet();
  /** pairs of ids, reused call after call (trySendProducers, popProducers) */
  private readonly scratch: number[] = [];
  /** parked entries of tasks that called try_send on their own clone and ended (each keeps its clone's SenderTask) */
  private cloneEntries = 0;

  constructor(impl: ImplName, heap: Heap, params: ChannelParams, buffer: number | null) {
    super(heap, params);
    this.impl = impl;
    this.bounded = buffer !== null;
    this.buffer = buffer ?? 0;
    this.nodeBytes = futuresNodeBytes(params.message);
    this.nodeAlign = nodeAlign(params.message);
    this.innerBytes = this.bounded ? BOUNDED_INNER_BYTES : UNBOUNDED_INNER_BYTES;
    heap.alloc(SITE_INNER, this.innerBytes, 8);
    heap.alloc(SITE_NODE, this.nodeBytes, this.nodeAlign); // message_queue stub
    if (this.bounded) {
      heap.alloc(SITE_PARKED_STUB, PARKED_NODE_BYTES, 8);
      heap.alloc(SITE_SENDER_TASK, SENDER_TASK_BYTES, 8); // the first sender's task
      this.handles.set(0, this.newSenderState(0));
    }
  }

  get pending(): number {
    return this.numMessages;
  }

  sendMany(sender: number, n: number): BulkSendResult {
    this.requireSender(sender);
    if (n <= 0) return { sent: 0, full: 0, closed: 0 };
    if (!this.bounded) {
      // unbounded_send: only a closed channel refuses.
      if (!this.open) return { sent: 0, full: 0, closed: n };
      this.push(n);
      return { sent: n, full: 0, closed: 0 };
    }
    const s = this.handles.get(sender);
    if (s === undefined) throw new Error(`futures: no SenderTask for sender ${sender}`);
    // poll_unparked comes first: a parked sender is refused as Full even on a closed channel.
    if (this.producersParkedSet.size > 0 && this.producersParkedSet.has(sender)) {
      return { sent: 0, full: n, closed: 0 };
    }
    if (s.maybeParked) {
      if (s.task.parked) return { sent: 0, full: n, closed: 0 };
      s.maybeParked = false;
    }
    if (!this.open) return { sent: 0, full: 0, closed: n };
    // Messages that keep the count within `buffer` go in freely; the one that pushes it over is
    // still accepted but parks its sender, whose later attempts are Full until a receive unparks it.
    const free = Math.max(0, this.buffer - this.numMessages);
    const sent = Math.min(n, free + 1);
    this.push(sent);
    if (sent === free + 1) this.park(s);
    return { sent, full: n - sent, closed: 0 };
  }

  /**
   * Async send, as `SinkExt::send` drives it: `poll_ready` (an error on a closed channel), then
   * `start_send`, which takes the message at once (it counts as sent) and may park the sender, then
   * `poll_flush`, which waits until this sender is unparked. The future owns a clone, so it brings
   * its own 48 B SenderTask and its own guaranteed slot.
   */
  protected override startSend(fut: number): void {
    const handle = futureHandle(fut);
    if (!this.open) {
      this.finishSend(fut, 'rejected');
      return;
    }
    this.sendMany(handle, 1);
    this.countSent();
    if (!this.isParked(handle)) this.finishSend(fut, null);
  }

  protected override pollSend(fut: number): void {
    if (!this.isParked(futureHandle(fut))) this.finishSend(fut, null);
  }

  protected override abortSend(): null {
    return null; // the channel took the message at start_send; dropping the clone leaves it queued
  }

  /** poll_next: a message, or None on a closed empty channel (the receiver lets go of the inner). */
  protected override startRecv(): void {
    if (!this.receiverHoldsInner) {
      this.finishRecv(false);
      return;
    }
    if (this.numMessages > 0) {
      this.popMessages(1);
      this.finishRecv(true);
    } else if (!this.open) {
      this.receiverHoldsInner = false;
      this.finishRecv(false);
      this.releaseInnerIfUnused();
    }
  }

  /**
   * The simulation's producers, each with its own Sender (its own 48 B SenderTask and its own
   * guaranteed slot): `send(v).await` takes the message into a node at once; a message that brings
   * the count over `buffer` parks its sender (a 16 B parked-queue node) until a receive pops that
   * entry. So the channel holds up to buffer + number of senders messages.
   */
  override sendOrPark(
    handle: number,
    n: number,
    maxPark: number,
    clonePerSend = false,
  ): { sent: number; parked: number } {
    this.requireSender(handle);
    if (!this.bounded || !this.open) return super.sendOrPark(handle, n, maxPark);
    const sent = Math.max(0, Math.min(n, this.buffer - this.numMessages));
    const parked = Math.max(0, Math.min(n - sent, maxPark));
    // A task per send clones the Sender first (a new SenderTask, and its own guaranteed slot): one
    // that is not parked drops its clone at once; a parked one keeps it until it is unparked.
    if (clonePerSend && sent > 0) this.heap.churn(SITE_SENDER_TASK, SENDER_TASK_BYTES, 8, sent);
    this.push(sent + parked);
    if (parked > 0) {
      if (clonePerSend) {
        this.heap.alloc(SITE_SENDER_TASK, SENDER_TASK_BYTES, 8, parked);
        this.engineClones += parked;
      }
      this.heap.alloc(SITE_PARKED_NODE, PARKED_NODE_BYTES, 8, parked);
      this.engineParked += parked;
    }
    return { sent, parked };
  }

  /**
   * The simulation's producers calling `try_send`, each through its own Sender: arrival c (c0 ≤ c <
   * c0 + n, in order) is producer `first + (c mod count)`'s, that handle's. Per the crate
   * (channel-memory-spec §2.2, `BoundedSenderInner::try_send` / `do_send_b`):
   * - A parked Sender is refused (Full) and nothing changes: `poll_unparked(None)` finds
   *   `maybe_parked` and its task still `is_parked`, sets the task's waker to None (it is None
   *   already: `park` cleared it and try_send never registers one) and returns Pending; no count,
   *   queue or allocation moves. So refusals are counted, never simulated: a stretch of a billion
   *   of them costs what one costs.
   * - Any other Sender's message is taken (count + 1, a node); if the count is then over `buffer`
   *   the Sender parks (a 16 B parked-queue node; its SenderTask's Arc is cloned, not allocated).
   * While the count is below `buffer` nobody is parked (each parked entry came with a message over
   * the buffer and each receive pops one of each, so entries = max(0, count − buffer)): the first
   * buffer − count arrivals are all taken. After that each unparked Sender's next arrival is taken
   * and parks it; every Sender of the ring has one arrival in any `count` consecutive ones, so after
   * one round all are parked and the rest of the stretch is refused. The work is one pass over the
   * parked ranges, whatever `n`. The accepted arrivals go into `accepted` as (offset from c0,
   * length) pairs, in order. A receive pops these entries after `parkedQueue`'s, oldest first.
   */
  trySendProducers(c0: number, n: number, first: number, count: number, accepted: number[]): BulkSendResult {
    if (!this.bounded) throw new HandleError('futures-channel: only a bounded channel parks its senders');
    if (n <= 0 || count <= 0) return { sent: 0, full: 0, closed: 0 };
    if (!this.open) {
      const full = this.parkedHits(c0, n, first, count);
      return { sent: 0, full, closed: n - full };
    }
    const set = this.producersParkedSet;
    let sent = 0;
    const free = this.buffer - this.numMessages;
    if (free > 0) {
      if (this.parkedEntries > 0)
        throw new Error('futures-channel: parked entries with the count below the buffer');
      sent = Math.min(n, free);
      this.push(sent);
      accepted.push(0, sent);
    }
    if (sent < n) {
      // the next w arrivals reach each Sender of the ring at most once, from ring index r on: the
      // unparked ones among ids first+r … first+count−1, then (wrapping) first … first+r+w−count−1
      const w = Math.min(n - sent, count);
      const r = (c0 + sent) % count;
      const gaps = this.scratch;
      gaps.length = 0;
      set.gapsInto(first + r, first + Math.min(count, r + w), gaps);
      const wrapAt = gaps.length;
      if (r + w > count) set.gapsInto(first, first + r + w - count, gaps);
      const base = sent;
      for (let k = 0; k < gaps.length; k += 2) {
        const id = gaps[k] as number;
        const len = (gaps[k + 1] as number) - id;
        // its arrival's offset from c0: base + (id − first − r), or past the wrap count further
        const offset = base + (id - first - r) + (k >= wrapAt ? count : 0);
        const last = accepted.length - 2;
        if (last >= 0 && (accepted[last] as number) + (accepted[last + 1] as number) === offset) {
          accepted[last + 1] = (accepted[last + 1] as number) + len;
        } else accepted.push(offset, len);
        this.push(len);
        this.producersParked.push(id, id + len);
        set.add(id, id + len);
        this.heap.alloc(SITE_PARKED_NODE, PARKED_NODE_BYTES, 8, len);
        sent += len;
      }
    }
    return { sent, full: n - sent, closed: 0 };
  }

  /**
   * Tasks spawned per send, each calling `try_send` on its own fresh clone of the Sender
   * (`producers.pattern = "task-per-send"`). A fresh clone is never parked, so every message is taken
   * on an open channel, without bound. Within the buffer the clone stays unparked and goes with its
   * task (its 48 B SenderTask allocated and freed); over it the clone parks, and its parked entry
   * keeps the SenderTask until a receive pops it. Per message this is `clone_sender`, `send`,
   * `drop_sender` on a new handle (the simulation logs it so); here it is counted.
   */
  trySendClones(n: number): BulkSendResult {
    if (!this.bounded) throw new HandleError('futures-channel: only a bounded channel parks its senders');
    if (n <= 0) return { sent: 0, full: 0, closed: 0 };
    if (!this.open) return { sent: 0, full: 0, closed: n };
    const within = Math.max(0, Math.min(n, this.buffer - this.numMessages));
    const parked = n - within;
    this.heap.churn(SITE_SENDER_TASK, SENDER_TASK_BYTES, 8, within);
    this.heap.alloc(SITE_SENDER_TASK, SENDER_TASK_BYTES, 8, parked);
    this.push(n);
    this.heap.alloc(SITE_PARKED_NODE, PARKED_NODE_BYTES, 8, parked);
    this.cloneEntries += parked;
    return { sent: n, full: 0, closed: 0 };
  }

  /** Pops `k` parked entries of ended tasks' clones: each frees its node and the clone's SenderTask. */
  private popClones(k: number): void {
    if (k <= 0) return;
    this.cloneEntries -= k;
    this.heap.free(SITE_PARKED_NODE, PARKED_NODE_BYTES, k);
    this.heap.free(SITE_SENDER_TASK, SENDER_TASK_BYTES, k);
  }

  /** Arrivals c0 … c0+n−1 whose Sender (ring `first`, `count`) is parked. */
  private parkedHits(c0: number, n: number, first: number, count: number): number {
    const set = this.producersParkedSet;
    const rounds = Math.floor(n / count);
    let hits = rounds > 0 ? rounds * set.countIn(first, first + count) : 0;
    const rest = n - rounds * count;
    const r = (c0 + rounds * count) % count;
    hits += set.countIn(first + r, first + Math.min(count, r + rest));
    if (r + rest > count) hits += set.countIn(first, first + r + rest - count);
    return hits;
  }

  /** Entries in the parked queue, whoever they belong to. */
  private get parkedEntries(): number {
    return (
      this.parkedQueue.length +
      this.producersParked.size +
      this.cloneEntries +
      this.engineParked -
      this.engineUnparked
    );
  }

  /**
   * Parked entries whose sender waits for them to pop: the simulation's producers in `send().await`,
   * a send future's clone in `poll_flush`, a Sender parked by `start_send` whose caller then polls its
   * flush. The simulation's producers parked by their own `try_send`, and the entries of tasks' clones
   * that tried once and ended, are parked, not waiting: nothing blocks, a parked Sender's next try is
   * refused (Full) until a receive pops its entry (channel-memory-spec §2.2).
   */
  private get waitingEntries(): number {
    return this.parkedEntries - this.producersParked.size - this.cloneEntries;
  }

  /** Pops `k` of the producers' parked entries: they are unparked; a gone producer's SenderTask goes with its entry. */
  private popProducers(k: number): void {
    if (k <= 0) return;
    const popped = this.scratch;
    popped.length = 0;
    this.producersParked.shiftInto(k, popped);
    for (let j = 0; j < popped.length; j += 2) {
      const lo = popped[j] as number;
      const hi = popped[j + 1] as number;
      this.producersParkedSet.remove(lo, hi);
      if (this.producersGone.size > 0) {
        this.heap.free(SITE_SENDER_TASK, SENDER_TASK_BYTES, this.producersGone.remove(lo, hi));
      }
    }
    this.heap.free(SITE_PARKED_NODE, PARKED_NODE_BYTES, k);
  }

  /** Producers whose entry a receive popped run: their send is done (the message was queued already). */
  override takeCompleted(_handle: number, max: number): number {
    const k = Math.min(this.engineUnparked, max);
    if (k <= 0) return 0;
    this.engineUnparked -= k;
    this.engineParked -= k;
    // tasks spawned per send finish and drop their clones (every waiting producer is one, or none is)
    const clones = Math.min(k, this.engineClones);
    this.engineClones -= clones;
    this.heap.free(SITE_SENDER_TASK, SENDER_TASK_BYTES, clones);
    return k;
  }

  /**
   * A parked send cannot give its message back: the channel took it at start_send. Dropping the
   * future leaves the message queued and the Sender parked, so the engine never cancels here.
   */
  override cancelParked(n: number): void {
    if (n > 0) throw new HandleError('futures-channel: a parked sender’s message is already queued');
  }

  /** The next `n` Senders dropped belong to parked producers: their SenderTask stays with the entry. */
  keepTasksOfParked(n: number): void {
    this.keepOnDrop += n;
  }

  /** `n` popped entries belonged to producers that dropped their Sender: their SenderTasks go now. */
  releaseKeptTasks(n: number): void {
    if (n <= 0) return;
    if (n > this.keptTasks) throw new HandleError(`only ${this.keptTasks} SenderTasks are kept, not ${n}`);
    this.keptTasks -= n;
    this.heap.free(SITE_SENDER_TASK, SENDER_TASK_BYTES, n);
  }

  /** Bounded: the sender's task sits in the parked queue (its poll_flush is pending). */
  private isParked(handle: number): boolean {
    return this.bounded && (this.handles.get(handle)?.task.parked ?? false);
  }

  recvMany(n: number): number {
    if (!this.receiverAlive) throw new HandleError('the receiver was dropped');
    if (n <= 0 || !this.receiverHoldsInner) return 0;
    const got = Math.min(n, this.numMessages);
    this.popMessages(got);
    if (got < n && !this.open && this.numMessages === 0) {
      // try_recv on a closed, empty channel: the receiver lets go of its Arc right here.
      this.receiverHoldsInner = false;
      this.releaseInnerIfUnused();
    }
    return got;
  }

  override cloneSender(from: number, as: number): void {
    this.requireSender(from);
    // Clone checks the limit before touching anything (no SenderTask, no count change).
    if (BigInt(this.senders.size) >= futuresMaxSenders(this.bounded ? this.buffer : null)) {
      throw new CratePanicError({
        kind: 'panic',
        crate: 'futures-channel',
        origin: this.bounded
          ? 'futures_channel::mpsc::Sender::clone'
          : 'futures_channel::mpsc::UnboundedSender::clone',
        message: 'cannot clone `Sender` -- too many outstanding senders',
      });
    }
    super.cloneSender(from, as);
  }

  protected onCloneSender(_from: number, as: number): void {
    // Bounded: every clone gets a fresh SenderTask (it starts unparked). Unbounded: a refcount only.
    if (this.bounded) {
      this.heap.alloc(SITE_SENDER_TASK, SENDER_TASK_BYTES, 8);
      this.handles.set(as, this.newSenderState(as));
    }
  }

  protected onDropSender(sender: number, last: boolean): void {
    if (last) {
      this.open = false; // close_channel, which wakes recv_task
      this.wakeRecv();
    }
    if (this.bounded) {
      const s = this.handles.get(sender);
      this.handles.delete(sender);
      if (s !== undefined) {
        s.task.held = false;
        if (this.keepOnDrop > 0) {
          this.keepOnDrop -= 1;
          this.keptTasks += 1;
        } else if (this.producersParkedSet.size > 0 && this.producersParkedSet.has(sender)) {
          this.producersGone.add(sender, sender + 1); // its parked entry still holds the SenderTask
        } else this.releaseTaskIfUnused(s.task);
      }
    }
    this.releaseInnerIfUnused();
  }

  protected onDropReceiver(): void {
    if (!this.receiverHoldsInner) return; // already let go at a closed-and-empty receive
    // close(): clear the open bit and wake every parked sender (their queue entries are freed).
    this.open = false;
    this.unpark(this.parkedQueue.length);
    this.popProducers(this.producersParked.size);
    this.popClones(this.cloneEntries);
    const engine = this.engineParked - this.engineUnparked;
    this.heap.free(SITE_PARKED_NODE, PARKED_NODE_BYTES, engine);
    this.engineUnparked += engine;
    this.heap.free(SITE_SENDER_TASK, SENDER_TASK_BYTES, this.keptTasks);
    this.keptTasks = 0;
    // Then drain: every queued message is popped (its old stub freed) and destroyed now.
    const drained = this.numMessages;
    this.popMessages(drained);
    this.destroyMessages(drained);
    this.receiverHoldsInner = false;
    this.releaseInnerIfUnused();
  }

  private newSenderState(owner: number): BoundedSenderState {
    return { task: { owner, parked: false, held: true }, maybeParked: false };
  }

  private push(count: number): void {
    this.heap.alloc(SITE_NODE, this.nodeBytes, this.nodeAlign, count);
    this.numMessages += count;
    this.wakeRecv(); // queue_push_and_signal wakes recv_task
  }

  /** `count` successful pops: each frees the old stub; bounded ones also unpark one sender each. */
  private popMessages(count: number): void {
    if (count === 0) return;
    this.heap.free(SITE_NODE, this.nodeBytes, count);
    this.numMessages -= count;
    if (!this.bounded) return;
    const futures = Math.min(count, this.parkedQueue.length);
    this.unpark(futures);
    const producers = Math.min(count - futures, this.producersParked.size);
    this.popProducers(producers);
    const clones = Math.min(count - futures - producers, this.cloneEntries);
    this.popClones(clones);
    const engine = Math.min(count - futures - producers - clones, this.engineParked - this.engineUnparked);
    if (engine > 0) {
      this.heap.free(SITE_PARKED_NODE, PARKED_NODE_BYTES, engine);
      this.engineUnparked += engine;
    }
  }

  private park(s: BoundedSenderState): void {
    s.task.parked = true;
    this.parkedQueue.push(s.task);
    this.heap.alloc(SITE_PARKED_NODE, PARKED_NODE_BYTES, 8);
    s.maybeParked = this.open;
  }

  /** Pops `count` parked entries: frees their old stubs, notifies them, drops the queue's Arc clones. */
  private unpark(count: number): void {
    if (count === 0) return;
    const popped = this.parkedQueue.slice(0, count);
    this.parkedQueue = this.parkedQueue.slice(count);
    this.heap.free(SITE_PARKED_NODE, PARKED_NODE_BYTES, count);
    for (const task of popped) {
      task.parked = false;
      const fut = futureOfHandle(task.owner);
      if (fut !== null) this.woken.add(fut); // notify(): wakes the send future parked in poll_flush
      this.releaseTaskIfUnused(task);
    }
  }

  private releaseTaskIfUnused(task: SenderTask): void {
    if (!task.held && !task.parked) this.heap.free(SITE_SENDER_TASK, SENDER_TASK_BYTES);
  }

  /** The last Arc holder gone: both queues are dropped with whatever they hold, then the ArcInner. */
  private releaseInnerIfUnused(): void {
    if (!this.innerAlive || this.receiverHoldsInner || this.senders.size > 0) return;
    this.innerAlive = false;
    this.destroyMessages(this.numMessages);
    this.heap.free(SITE_NODE, this.nodeBytes, this.numMessages + 1);
    this.numMessages = 0;
    if (this.bounded) {
      const entries = this.parkedQueue;
      this.parkedQueue = [];
      this.popProducers(this.producersParked.size);
      this.popClones(this.cloneEntries);
      const engine = this.engineParked - this.engineUnparked;
      this.heap.free(SITE_PARKED_NODE, PARKED_NODE_BYTES, entries.length + engine);
      this.heap.free(SITE_PARKED_STUB, PARKED_NODE_BYTES);
      this.heap.free(SITE_SENDER_TASK, SENDER_TASK_BYTES, this.keptTasks);
      this.keptTasks = 0;
      this.engineUnparked = this.engineParked;
      for (const task of entries) {
        task.parked = false;
        this.releaseTaskIfUnused(task);
      }
    }
    this.heap.free(SITE_INNER, this.innerBytes);
  }

  /** The first {@link LISTED_MAX} senders with their parked flag: O(LISTED_MAX), however many there are. */
  private listedSenderTasks(): { id: number; parked: boolean }[] {
    const out: { id: number; parked: boolean }[] = [];
    const set = this.producersParkedSet;
    for (const [id, s] of this.handles) {
      if (out.length === LISTED_MAX) break;
      out.push({ id, parked: s.task.parked || (set.size > 0 && set.has(id)) });
    }
    return out;
  }

  /** The first {@link LISTED_MAX} named parked entries in queue order (send futures' first, then try_send producers'). */
  private listedParked(): number[] {
    const out = this.parkedQueue.slice(0, LISTED_MAX).map((t) => t.owner);
    if (out.length < LISTED_MAX) out.push(...this.producersParked.toArray(LISTED_MAX - out.length));
    return out;
  }

  structure(): FuturesStructure {
    return {
      kind: 'futures-nodes',
      pending: this.numMessages,
      senders: this.senders.size,
      receiverAlive: this.receiverAlive,
      bounded: this.bounded,
      innerBytes: this.innerAlive ? this.innerBytes : 0,
      nodeBytes: this.nodeBytes,
      queuedNodes: this.numMessages,
      buffer: this.bounded ? this.buffer : null,
      senderTasks: this.bounded ? this.listedSenderTasks() : [],
      parkedQueue: this.listedParked(),
      parkedCount: this.parkedEntries,
      waitingSenders: this.waitingEntries,
      parkedNodeBytes: PARKED_NODE_BYTES,
      senderTaskBytes: SENDER_TASK_BYTES,
      receiverWaiting: this.recvWaiting,
      closed: !this.open,
    };
  }
}

export function createFutures(impl: ImplName, heap: Heap, params: ChannelParams): CreateResult {
  if (impl === 'futures-unbounded') {
    return { ok: true, channel: new FuturesChannel(impl, heap, params, null) };
  }
  if (impl === 'futures-bounded') {
    const buffer = params.capacity ?? Number.NaN;
    if (!Number.isInteger(buffer) || buffer < 0) {
      return refuse(
        'limit',
        'futures-channel',
        'futures_channel::mpsc::channel',
        `buffer must be a count, got ${buffer}`,
      );
    }
    if (BigInt(buffer) >= MAX_BUFFER) {
      return refuse(
        'panic',
        'futures-channel',
        'futures_channel::mpsc::channel',
        'requested buffer size too large',
      );
    }
    return { ok: true, channel: new FuturesChannel(impl, heap, params, buffer) };
  }
  return refuse('limit', 'futures-channel', impl, `${impl} is not a futures-channel channel`);
}

// ───────────────── descriptor: what the rest of the app knows about this crate ─────────────────

export const futuresCrate: CrateDescriptor = {
  key: 'futures',
  cargo: 'futures-channel',
  short: 'futures-channel',
  label: 'futures-channel mpsc',
  version: 'futures-channel 0.3.33',
  create: createFutures,
  flavors: [
    {
      impl: 'futures-bounded',
      kind: 'bounded',
      bound: 'capacity',
      // a full channel holds capacity + one message per sender
      exactCapacity: false,
      call: 'mpsc::channel(C)',
      expression: (t, n) => `futures::channel::mpsc::channel::<${t}>(${n})`,
      formula: (message, capacity) => {
        const node = futuresNodeBytes(message);
        return `Arc<BoundedInner> ${BOUNDED_INNER_BYTES} + stub node ${node} + parked stub ${PARKED_NODE_BYTES} + SenderTask ${SENDER_TASK_BYTES}; +${node} per queued message; capacity ${capacity} + senders`;
      },
    },
    {
      impl: 'futures-unbounded',
      kind: 'unbounded',
      bound: 'none',
      exactCapacity: false,
      call: 'mpsc::unbounded()',
      expression: (t) => `futures::channel::mpsc::unbounded::<${t}>()`,
      formula: (message) => {
        const node = futuresNodeBytes(message);
        return `Arc<UnboundedInner> ${UNBOUNDED_INNER_BYTES} + stub node ${node}; +${node} per queued message, freed on receive`;
      },
    },
  ],
};
