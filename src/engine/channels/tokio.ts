/**
 * tokio::sync::mpsc 1.53.1 (bounded, unbounded) and the semaphore-gated unbounded pattern.
 * See channel-memory-spec §1. The list of 32-slot blocks is modelled sequentially (one thread at a
 * time), which is exact for every measured trace. Because sequential use keeps the block chain
 * contiguous in index space, the whole chain is a handful of integers: no per-block objects, so a
 * billion pending messages cost nothing extra here.
 */
import type { Heap } from '../heap.ts';
import { CACHE_LINE, USIZE, layoutOf, roundUp, type Layout, type MessageType } from '../layout.ts';
import { BaseChannel, refuse } from './base.ts';
import type { CrateDescriptor } from './descriptor.ts';
import type { SlotState, TokioBlockView, TokioStructure } from './structure.ts';
import {
  HandleError,
  type BulkSendResult,
  type ChannelParams,
  type CreateResult,
  type ImplName,
} from './types.ts';

export const BLOCK_CAP = 32;

/** A tokio channel's counts at one moment, for `followLockstep`. */
export interface TokioMark {
  readonly queued: number;
  readonly available: number;
  readonly grown: number;
  readonly released: number;
  readonly sent: number;
  readonly rejected: number;
  readonly received: number;
}
/** `Block<T>` header: start_index, next, ready_slots, observed_tail_position. */
const BLOCK_HEADER = 4 * USIZE;
/** `Arc<Chan<T, S>>`: 16 bytes of counts padded to 128, plus a 384-byte `Chan` (three cache lines). */
export const CHAN_ARC_BYTES = 512;
/** Bytes of the 512 that hold data; the rest is cache-line padding (spec §1.2). */
const CHAN_USED = { bounded: 184, unbounded: 144 } as const;
/** `Arc<Semaphore>`: 16 bytes of counts + a 40-byte `Semaphore`. */
export const SEMAPHORE_ARC_BYTES = 56;
/** `OwnedSemaphorePermit { sem: Arc<Semaphore>, permits: u32 }` */
const OWNED_PERMIT = { size: 16, align: 8 } as const;
/** `Semaphore::MAX_PERMITS = usize::MAX >> 3` */
export const MAX_PERMITS = 2 ** 61 - 1;
/** How many spare blocks `reclaim_block` can link after `block_tail` (it tries three CASes). */
const MAX_SPARES = 3;

export const SITE_CHAN = 'tokio Arc<Chan>';
export const SITE_BLOCK = 'tokio block';
export const SITE_SEMAPHORE = 'tokio Arc<Semaphore>';

/** `Block<T>` size on x86_64: a 32-byte header followed by 32 slots of `T`. */
export function tokioBlockBytes(slot: Layout): number {
  return roundUp(BLOCK_HEADER + BLOCK_CAP * slot.size, Math.max(USIZE, slot.align));
}

/** Layout of the tuple `(T, OwnedSemaphorePermit)` sent through the gated channel. */
export function gatedSlotLayout(message: MessageType): Layout {
  const t = layoutOf(message);
  const align = Math.max(t.align, OWNED_PERMIT.align);
  return { size: roundUp(t.size + OWNED_PERMIT.size, align), align };
}

const startOf = (index: number): number => index - (index % BLOCK_CAP);

type Flavor = 'bounded' | 'unbounded' | 'semaphore';

export class TokioChannel extends BaseChannel {
  readonly impl: ImplName;
  readonly flavor: Flavor;
  readonly blockBytes: number;
  private readonly blockAlign: number;

  // Tx side
  /** next global slot index; every send and the final close marker take one */
  private tailPosition = 0;
  private blockTailStart = 0;
  /** start index of the last block linked in the chain (block_tail or the last spare after it) */
  private lastStart = 0;
  private closeIndex: number | null = null;

  // Rx side
  private rxIndex = 0;
  private headStart = 0;
  private freeHeadStart = 0;
  private rxClosed = false;
  /** messages the channel holds, received or destroyed ones excluded */
  private queued = 0;
  private freed = false;

  // Bounded: the channel's batch semaphore. Semaphore-gated: the gate's permits.
  private readonly bound: number;
  private available: number;
  private gateAlive: boolean;
  /**
   * Send futures queued on the semaphore (the channel's, or the gate's), oldest first. Each wait
   * node lives inside its future (tokio's intrusive `LinkedList`): the queue costs no heap at all.
   */
  private readonly semWaiters: number[] = [];
  /** Send futures that were handed a permit and have not run yet. */
  private readonly granted = new Set<number>();
  /** The channel's semaphore was closed (the receiver went): queued bounded senders fail. */
  private semClosed = false;
  /** Of the simulation's waiting producers (engineParked), those already handed their permit. */
  private engineGranted = 0;

  /** Blocks allocated and freed since the channel was built (lockstep.ts books a follower's from a leader's). */
  blocksGrown = 0;
  blocksReleased = 0;
  /** live heap bytes right after the last block allocation (lockstep.ts reads it around one send; −1: none) */
  grewTo = -1;

  constructor(impl: ImplName, flavor: Flavor, heap: Heap, params: ChannelParams, bound: number) {
    super(heap, params);
    this.impl = impl;
    this.flavor = flavor;
    this.bound = bound;
    this.available = bound;
    this.gateAlive = flavor === 'semaphore';
    const slot = flavor === 'semaphore' ? gatedSlotLayout(params.message) : layoutOf(params.message);
    this.blockBytes = tokioBlockBytes(slot);
    this.blockAlign = Math.max(USIZE, slot.align);
    if (flavor === 'semaphore') heap.alloc(SITE_SEMAPHORE, SEMAPHORE_ARC_BYTES, 8);
    heap.alloc(SITE_CHAN, CHAN_ARC_BYTES, CACHE_LINE);
    // list::channel() allocates block 0 eagerly.
    heap.alloc(SITE_BLOCK, this.blockBytes, this.blockAlign);
  }

  get pending(): number {
    return this.queued;
  }

  /** Blocks linked after block_tail, waiting to be reused. */
  get spareBlocks(): number {
    return (this.lastStart - this.blockTailStart) / BLOCK_CAP;
  }

  get totalBlocks(): number {
    return this.freed ? 0 : (this.lastStart - this.freeHeadStart) / BLOCK_CAP + 1;
  }

  /** Permits a new sender could take now (bounded: channel capacity left; semaphore: gate permits). */
  get availablePermits(): number {
    return this.flavor === 'unbounded' ? Infinity : this.available;
  }

  sendMany(sender: number, n: number): BulkSendResult {
    this.requireSender(sender);
    if (n <= 0) return { sent: 0, full: 0, closed: 0 };
    const sent = this.sendCount(n);
    if (!this.rxClosed) return { sent, full: n - sent, closed: 0 };
    // try_send: the closed check comes before the permit check (bounded, unbounded); tokio-semaphore
    // takes its permits first (try_acquire_owned) and gets the tuples with their permits back
    if (this.flavor !== 'semaphore') return { sent: 0, full: 0, closed: n };
    const permitted = Math.min(n, this.available);
    return { sent: 0, full: n - permitted, closed: permitted };
  }

  /**
   * How many of `n` send attempts the channel takes (`sendMany(…).sent`, its only effect), for a
   * sender the caller knows is live: the keep-up path (sim/keepup.ts) sends message by message and
   * needs neither the result object nor the handle lookup.
   */
  sendCount(n: number, wake = true): number {
    if (n <= 0 || this.rxClosed) return 0;
    const k = this.flavor === 'unbounded' ? n : Math.min(n, this.available);
    this.available -= this.flavor === 'unbounded' ? 0 : k;
    this.pushSlots(k, true, wake);
    return k;
  }

  /**
   * `sendMany(sender, 1)` then `runWoken()` for a live sender while the async receive waits and no
   * other future exists (none woken either): the send wakes the receive (a value written), and
   * runWoken, with no send future, polls it once (`startRecv`), which pops that very message, ends
   * the receive and unmarks it. Here the mark is never set: the receive is polled straight away,
   * the same statements minus the woken set's. Returns the messages sent (1, or 0 when the channel
   * refused it: then nothing woke and runWoken would have done nothing). Returns null, doing
   * nothing, when those conditions do not hold (the caller makes the two calls).
   */
  sendToWaitingReceive(): number | null {
    if (!this.recvWaiting || this.sendFutures.size > 0 || this.woken.size > 0) return null;
    if (this.sendCount(1, false) === 0) return 0;
    this.startRecv();
    return 1;
  }

  recvMany(n: number): number {
    if (!this.receiverAlive) throw new HandleError('the receiver was dropped');
    const got = this.popMany(n);
    if (got < n && !this.freed) this.emptyPop(); // the failing try_recv still advances head and reclaims
    this.queued -= got;
    this.returnPermits(got);
    return got;
  }

  /**
   * The simulation's producers: `send(v).await` on their own Sender (tokio-semaphore:
   * `acquire_owned` on the gate). A waiter's node lives in its future, so waiting costs 0 B; permits
   * a receive gives back go straight to the oldest waiters (FIFO, nobody jumps ahead).
   */
  override sendOrPark(handle: number, n: number, maxPark: number): { sent: number; parked: number } {
    this.requireSender(handle);
    if (this.flavor === 'unbounded' || this.semClosed) return super.sendOrPark(handle, n, maxPark);
    const queued = this.engineParked > 0 || this.semWaiters.length > 0;
    const sent = queued || n <= 0 ? 0 : this.sendMany(handle, n).sent;
    const parked = Math.max(0, Math.min(n - sent, maxPark));
    this.engineParked += parked;
    return { sent, parked };
  }

  /**
   * `sendOrPark(handle, n, maxPark)` would send all `n` at once, whatever `maxPark` (room for them,
   * nobody waiting ahead, the channel open): then it is exactly `sendCount(n)` (the keep-up path's
   * producers in `send(v).await`, sim/keepup.ts), with nothing parked.
   */
  sendsAtOnce(n: number): boolean {
    if (this.rxClosed) return false;
    if (this.flavor === 'unbounded') return this.engineParked === 0;
    return !this.semClosed && this.engineParked === 0 && this.semWaiters.length === 0 && this.available >= n;
  }

  /**
   * Lockstep (sim/lockstep.ts): the channel is quiet (open both ways, nobody waiting for a permit or
   * parked, no send future, nothing woken) and its chain is where `other`'s is in index space. Two such
   * channels given the same sends and receives (none refused) move their indices, and allocate and
   * free their blocks, at the same calls, whatever their flavors: only the block size, the permits
   * and the semaphore's Arc differ, which `followLockstep` accounts for.
   */
  inLockstepWith(other: TokioChannel): boolean {
    return (
      this.quiet() &&
      other.quiet() &&
      this.tailPosition === other.tailPosition &&
      this.blockTailStart === other.blockTailStart &&
      this.lastStart === other.lastStart &&
      this.rxIndex === other.rxIndex &&
      this.headStart === other.headStart &&
      this.freeHeadStart === other.freeHeadStart &&
      this.queued === other.queued &&
      this.recvWaiting === other.recvWaiting
    );
  }

  /**
   * The keep-up stretch (sim/keepup.ts) may make its calls here: quiet (see `inLockstepWith`) with a
   * Sender left, so that `sendCount` with enough permits, `sendToWaitingReceive`, `recvMany` of what
   * is queued and `recvWait` on an empty channel do only what their comments say (no future woken or
   * granted, the gate's Arc kept).
   */
  keepUpQuiet(): boolean {
    return this.senders.size > 0 && this.quiet();
  }

  // The keep-up stretch's calls (sim/keepup.ts), on a channel `keepUpQuiet` found quiet, which they
  // keep quiet: each is the named call's statements that do anything there (no future is woken or
  // granted, nobody waits for a permit, the gate's Arc stays: a Sender is left, the receiver alive).

  /** `sendCount(n)` with a permit for each (the caller counted them) and no receive waiting. */
  pushValues(n: number): void {
    if (this.flavor !== 'unbounded') this.available -= n;
    this.pushSlots(n, true, false);
  }

  /**
   * `sendToWaitingReceive()` with a permit for it: the value is written, and the waiting receive
   * (nothing else woken) pops it at once and ends with it; its permit comes back at that pop.
   */
  handToReceive(): void {
    this.pushSlots(1, true, false);
    this.popMany(1);
    this.queued -= 1;
    this.recvWaiting = false;
    this.addTally(0, 0, 1);
  }

  /** `recvMany(1)` with a value queued (the pop gets it: no empty pop). */
  popValue(): void {
    this.popMany(1);
    this.queued -= 1;
    if (this.flavor !== 'unbounded') this.available += 1;
  }

  /** `recvWait()` on an empty channel: the receive registers (no heap) after its pop found nothing. */
  waitOnEmpty(): void {
    this.recvWaiting = true;
    this.emptyPop();
  }

  private quiet(): boolean {
    return (
      this.receiverAlive &&
      !this.rxClosed &&
      !this.freed &&
      !this.semClosed &&
      this.closeIndex === null &&
      this.semWaiters.length === 0 &&
      this.granted.size === 0 &&
      this.engineParked === 0 &&
      this.engineGranted === 0 &&
      this.sendFutures.size === 0 &&
      this.woken.size === 0
    );
  }

  /** What `followLockstep` measures a leader's moves from. */
  lockstepMark(): TokioMark {
    const t = this.tally;
    return {
      queued: this.queued,
      available: this.available,
      grown: this.blocksGrown,
      released: this.blocksReleased,
      sent: t.sent,
      rejected: t.rejected,
      received: t.received,
    };
  }

  /**
   * Becomes what this channel (in lockstep with `leader` when both were at `mine` and `theirs`) is
   * after the same calls the leader made since: the chain's indices and the waiting receive are the
   * leader's, the permits moved as its queue did, and the blocks the leader allocated and freed are
   * booked at this channel's block size (heap.settle: the caller moves the live bytes and the peak).
   */
  followLockstep(leader: TokioChannel, mine: TokioMark, theirs: TokioMark): void {
    if (!leader.quiet()) throw new Error('tokio lockstep: the leader is not quiet');
    this.tailPosition = leader.tailPosition;
    this.blockTailStart = leader.blockTailStart;
    this.lastStart = leader.lastStart;
    this.rxIndex = leader.rxIndex;
    this.headStart = leader.headStart;
    this.freeHeadStart = leader.freeHeadStart;
    this.queued = leader.queued;
    this.recvWaiting = leader.recvWaiting;
    if (this.flavor !== 'unbounded') this.available = mine.available - (leader.queued - theirs.queued);
    const grown = leader.blocksGrown - theirs.grown;
    const released = leader.blocksReleased - theirs.released;
    this.blocksGrown = mine.grown + grown;
    this.blocksReleased = mine.released + released;
    this.heap.settle(SITE_BLOCK, this.blockBytes, this.blockAlign, grown, released);
    const lt = leader.tally;
    this.addTally(lt.sent - theirs.sent, lt.rejected - theirs.rejected, lt.received - theirs.received);
  }

  override takeCompleted(_handle: number, max: number): number {
    if (this.flavor === 'unbounded') return 0;
    const k = Math.min(this.engineGranted, max);
    if (k <= 0) return 0;
    this.engineGranted -= k;
    this.engineParked -= k;
    // each permit's send (tokio-semaphore: the tuple with its permit)
    this.pushSlots(k, true);
    return k;
  }

  override cancelParked(n: number): void {
    super.cancelParked(n);
    // Cancelled waiters lose their place; a permit already handed to one goes back (to the next
    // waiter, but every remaining one already holds one).
    const excess = this.engineGranted - this.engineParked;
    if (excess > 0) {
      this.engineGranted -= excess;
      this.available += excess;
    }
  }

  /** Send futures waiting for a permit, oldest first (their wait nodes cost 0 B). */
  get waitingSenders(): readonly number[] {
    return this.semWaiters;
  }

  // Async send: `send(v).await` = reserve (the semaphore's FIFO acquire), then the permit's send.
  // tokio-semaphore: `sem.clone().acquire_owned().await`, then `tx.send((v, permit))`.
  protected override startSend(fut: number): void {
    if (this.flavor === 'bounded' && this.semClosed) {
      this.finishSend(fut, 'rejected'); // reserve fails on a closed semaphore
      return;
    }
    if (this.flavor === 'unbounded' || (this.semWaiters.length === 0 && this.available > 0)) {
      if (this.flavor !== 'unbounded') this.available -= 1;
      this.sendWithPermit(fut);
      return;
    }
    this.semWaiters.push(fut);
  }

  protected override pollSend(fut: number): void {
    if (this.granted.delete(fut)) this.sendWithPermit(fut);
    else if (this.flavor === 'bounded' && this.semClosed && this.dequeue(fut))
      this.finishSend(fut, 'rejected');
  }

  protected override abortSend(fut: number): 'rejected' {
    this.dequeue(fut);
    // A permit handed over but not used goes back (to the next waiter).
    if (this.granted.delete(fut)) this.returnPermits(1);
    return 'rejected';
  }

  /** The future holds a permit (bounded or gated) and sends its message. */
  private sendWithPermit(fut: number): void {
    if (this.rxClosed) {
      // bounded: unreachable (the semaphore closed first); gated: the tuple comes back with its permit
      this.finishSend(fut, 'rejected');
      if (this.flavor !== 'unbounded') this.returnPermits(1);
      return;
    }
    this.pushSlots(1, true);
    this.finishSend(fut, 'sent');
  }

  private dequeue(fut: number): boolean {
    const i = this.semWaiters.indexOf(fut);
    if (i < 0) return false;
    this.semWaiters.splice(i, 1);
    return true;
  }

  // Async receive: `recv()` pops like try_recv; on an empty channel it registers the rx waker (no heap).
  protected override startRecv(): void {
    const got = this.popMany(1);
    if (got === 0 && !this.freed) this.emptyPop();
    if (got > 0) {
      this.queued -= got;
      this.returnPermits(got);
      this.finishRecv(true);
    } else if (this.closeIndex !== null && this.rxIndex >= this.closeIndex) {
      this.finishRecv(false); // every sender gone and nothing left: None
    }
  }

  protected onCloneSender(): void {
    // Arc refcount and tx_count only: no allocation.
  }

  protected onDropSender(_sender: number, last: boolean): void {
    if (!last) return;
    // Tx::close: the close marker takes a slot and may allocate a block, and wakes the receiver.
    this.closeIndex = this.tailPosition;
    this.pushSlots(1, false);
    this.releaseGateIfUnused();
    if (!this.receiverAlive) this.dropChan();
  }

  protected onDropReceiver(): void {
    this.rxClosed = true;
    if (this.flavor === 'bounded') {
      // close() closes the channel's semaphore: every queued sender wakes to an error.
      this.semClosed = true;
      for (const fut of this.semWaiters) this.woken.add(fut);
    }
    // Rx::drop drains: every readable value is popped and destroyed now; blocks follow the reclaim rule.
    const drained = this.recvDrain();
    this.destroyMessages(drained);
    if (this.senders.size === 0) this.dropChan();
  }

  private recvDrain(): number {
    // Rx::drop pops until a pop finds nothing; that last pop does its head/reclaim work too.
    const got = this.popMany(Infinity);
    this.emptyPop();
    this.queued -= got;
    this.returnPermits(got);
    return got;
  }

  /** A received or destroyed message gives its permit back (bounded: to the channel; gated: to the gate). */
  private returnPermits(count: number): void {
    if (count === 0) return;
    if (this.flavor !== 'unbounded') {
      // assign_permits: a released permit goes straight to the oldest waiter, which is woken.
      let left = count;
      while (left > 0 && this.semWaiters.length > 0 && !this.semClosed) {
        const fut = this.semWaiters.shift() as number;
        this.granted.add(fut);
        this.woken.add(fut);
        left -= 1;
      }
      // then the simulation's waiting producers (never mixed with futures), oldest first
      const engine = this.semClosed ? 0 : Math.min(left, this.engineParked - this.engineGranted);
      this.engineGranted += engine;
      left -= engine;
      this.available += left;
    }
    this.releaseGateIfUnused();
  }

  /** The gate's `Arc<Semaphore>` is held by every sender handle and every permit inside the channel. */
  private releaseGateIfUnused(): void {
    if (this.gateAlive && this.senders.size === 0 && this.queued === 0) {
      this.gateAlive = false;
      this.heap.free(SITE_SEMAPHORE, SEMAPHORE_ARC_BYTES);
    }
  }

  /**
   * Writes `k` consecutive slots starting at tail_position (values, or the close marker), growing
   * the chain where no block or spare exists and moving block_tail over full blocks (RELEASED).
   */
  private pushSlots(k: number, values: boolean, wake = true): void {
    if (k === 0) return;
    const last = this.tailPosition + k - 1;
    this.tailPosition += k;
    if (values) this.queued += k;
    if (wake) this.wakeRecv(); // a value or the close marker wakes the rx waker (see sendToWaitingReceive)
    const lastBlock = startOf(last);
    if (lastBlock > this.lastStart) {
      const grow = (lastBlock - this.lastStart) / BLOCK_CAP;
      this.heap.alloc(SITE_BLOCK, this.blockBytes, this.blockAlign, grow);
      this.blocksGrown += grow;
      this.grewTo = this.heap.liveBytes;
      this.lastStart = lastBlock;
    }
    // Sequentially every earlier block is final when a block's first slot is taken, so block_tail
    // follows the block of the newest slot (released blocks get observed_tail = their start + 33).
    if (lastBlock > this.blockTailStart) this.blockTailStart = lastBlock;
  }

  /** A pop that reads nothing: head moves to the block of rx.index if linked, then reclaim runs. */
  private emptyPop(): number {
    const start = startOf(this.rxIndex);
    if (start > this.lastStart) return 0;
    this.headStart = start;
    while (
      this.freeHeadStart !== this.headStart &&
      this.freeHeadStart < this.blockTailStart &&
      this.freeHeadStart + BLOCK_CAP + 1 <= this.rxIndex
    ) {
      this.freeHeadStart += BLOCK_CAP;
      this.reclaimBlock();
    }
    return 0;
  }

  /**
   * `max` successive successful pops at once. Each pop moves head to the block of rx.index and
   * reclaims free_head blocks whose condition holds; the conditions only get easier as rx.index
   * grows, so the state after the pops equals that of the last pop alone, and the reclaimed blocks
   * are reused while fewer than three spares are linked and freed after that. Returns the count read.
   */
  private popMany(max: number): number {
    const readableEnd = this.closeIndex ?? this.tailPosition;
    const k = Math.min(max, readableEnd - this.rxIndex);
    if (!(k > 0)) return 0;
    const last = this.rxIndex + k - 1;
    this.headStart = startOf(last);
    this.rxIndex += k;
    if (last < BLOCK_CAP + 1) return k;
    // Reclaimable at the last pop: start < head, start < block_tail, start + 33 <= last.
    const newest = Math.min(
      this.headStart - BLOCK_CAP,
      this.blockTailStart - BLOCK_CAP,
      startOf(last - BLOCK_CAP - 1),
    );
    if (newest < this.freeHeadStart) return k;
    const reclaimed = (newest - this.freeHeadStart) / BLOCK_CAP + 1;
    this.freeHeadStart = newest + BLOCK_CAP;
    const reused = Math.min(reclaimed, Math.max(0, MAX_SPARES - this.spareBlocks));
    this.lastStart += reused * BLOCK_CAP;
    this.heap.free(SITE_BLOCK, this.blockBytes, reclaimed - reused);
    this.blocksReleased += reclaimed - reused;
    return k;
  }

  /** Tx::reclaim_block: reuse the block as a spare after block_tail if fewer than three are linked, else free it. */
  private reclaimBlock(): void {
    if (this.spareBlocks < MAX_SPARES) {
      this.lastStart += BLOCK_CAP;
    } else {
      this.heap.free(SITE_BLOCK, this.blockBytes);
      this.blocksReleased += 1;
    }
  }

  /** Chan::drop: destroy what is left, free every block (live and spare), then the Arc. */
  private dropChan(): void {
    this.destroyMessages(this.queued);
    this.queued = 0;
    this.returnPermits(0);
    this.blocksReleased += this.totalBlocks;
    this.heap.free(SITE_BLOCK, this.blockBytes, this.totalBlocks);
    this.heap.free(SITE_CHAN, CHAN_ARC_BYTES);
    this.freed = true;
    this.releaseGateIfUnused();
  }

  structure(maxBlocks = 16): TokioStructure {
    const blocks: TokioBlockView[] = [];
    const total = this.totalBlocks;
    const half = Math.floor(maxBlocks / 2);
    const omitted = total > maxBlocks ? total - 2 * half : 0;
    for (let b = 0; b < total; b++) {
      if (omitted > 0 && b === half) b += omitted;
      blocks.push(this.blockView(this.freeHeadStart + b * BLOCK_CAP));
    }
    return {
      kind: 'tokio-list',
      pending: this.queued,
      senders: this.senders.size,
      receiverAlive: this.receiverAlive,
      blockCap: BLOCK_CAP,
      blockBytes: this.blockBytes,
      chanBytes: CHAN_ARC_BYTES,
      chanUsedBytes: this.flavor === 'bounded' ? CHAN_USED.bounded : CHAN_USED.unbounded,
      tailPosition: this.tailPosition,
      rxIndex: this.rxIndex,
      totalBlocks: total,
      spareBlocks: this.freed ? 0 : this.spareBlocks,
      blocks,
      omittedBlocks: omitted,
      txClosed: this.closeIndex !== null,
      closeMarkerIndex: this.closeIndex,
      rxClosed: this.rxClosed,
      semaphore: this.flavor === 'bounded' ? { available: this.available, capacity: this.bound } : null,
      gate:
        this.flavor === 'semaphore' && this.gateAlive
          ? { available: this.available, permits: this.bound, arcBytes: SEMAPHORE_ARC_BYTES }
          : null,
      waitList: [...this.semWaiters],
      waitingSenders: this.semWaiters.length + this.engineParked - this.engineGranted,
      waitListBytes: 0,
      receiverWaiting: this.recvWaiting,
    };
  }

  private blockView(start: number): TokioBlockView {
    const spare = start > this.blockTailStart;
    const slots: SlotState[] = [];
    for (let i = start; i < start + BLOCK_CAP; i++) {
      if (spare || i >= this.tailPosition) slots.push('empty');
      else if (i === this.closeIndex) slots.push('close');
      else slots.push(i < this.rxIndex ? 'read' : 'written');
    }
    const released = start < this.blockTailStart;
    return {
      start,
      slots,
      released,
      observedTail: released ? start + BLOCK_CAP + 1 : null,
      role: spare ? 'spare' : 'live',
      isHead: start === this.headStart,
      isFreeHead: start === this.freeHeadStart,
      isBlockTail: start === this.blockTailStart,
    };
  }
}

export function createTokio(impl: ImplName, heap: Heap, params: ChannelParams): CreateResult {
  if (impl === 'tokio-unbounded') {
    return { ok: true, channel: new TokioChannel(impl, 'unbounded', heap, params, 0) };
  }
  if (impl === 'tokio-bounded') {
    const buffer = params.capacity ?? Number.NaN;
    if (!(buffer > 0)) {
      return refuse(
        'panic',
        'tokio',
        'tokio::sync::mpsc::channel',
        'mpsc bounded channel requires buffer > 0',
      );
    }
    if (buffer > MAX_PERMITS) return refuseTooManyPermits('tokio::sync::mpsc::channel');
    return { ok: true, channel: new TokioChannel(impl, 'bounded', heap, params, buffer) };
  }
  if (impl === 'tokio-semaphore') {
    const permits = params.permits ?? Number.NaN;
    if (!(permits >= 0)) {
      return refuse(
        'limit',
        'tokio',
        'tokio::sync::Semaphore::new',
        `permits must be a count, got ${permits}`,
      );
    }
    if (permits > MAX_PERMITS) return refuseTooManyPermits('tokio::sync::Semaphore::new');
    return { ok: true, channel: new TokioChannel(impl, 'semaphore', heap, params, permits) };
  }
  return refuse('limit', 'tokio', impl, `${impl} is not a tokio channel`);
}

function refuseTooManyPermits(origin: string): CreateResult {
  return refuse(
    'panic',
    'tokio',
    origin,
    'a semaphore may not have more than MAX_PERMITS permits (2305843009213693951)',
  );
}

// ───────────────── descriptor: what the rest of the app knows about this crate ─────────────────

function tokioFormula(message: MessageType): string {
  const s = layoutOf(message).size;
  return `Arc<Chan> ${CHAN_ARC_BYTES} (align ${CACHE_LINE}, mostly padding) + block ${BLOCK_HEADER} + ${BLOCK_CAP}·${s} = ${tokioBlockBytes(layoutOf(message))}; one more block per ${BLOCK_CAP} messages; ≤ ${MAX_SPARES + 1} blocks kept after a drain`;
}

export const tokioCrate: CrateDescriptor = {
  key: 'tokio',
  cargo: 'tokio',
  short: 'tokio',
  label: 'tokio::sync::mpsc',
  version: 'tokio 1.53.1',
  create: createTokio,
  flavors: [
    {
      impl: 'tokio-bounded',
      kind: 'bounded',
      bound: 'capacity',
      exactCapacity: true,
      call: 'mpsc::channel(C)',
      expression: (t, n) => `tokio::sync::mpsc::channel::<${t}>(${n})`,
      formula: tokioFormula,
    },
    {
      impl: 'tokio-unbounded',
      kind: 'unbounded',
      bound: 'none',
      exactCapacity: false,
      call: 'mpsc::unbounded_channel()',
      expression: (t) => `tokio::sync::mpsc::unbounded_channel::<${t}>()`,
      formula: tokioFormula,
    },
    {
      impl: 'tokio-semaphore',
      kind: 'semaphore',
      bound: 'permits',
      exactCapacity: false,
      call: 'unbounded_channel() + Semaphore::new(C)',
      expression: (t, n) => `Semaphore::new(${n}) + unbounded_channel::<(${t}, OwnedSemaphorePermit)>()`,
      formula(message) {
        const tuple = gatedSlotLayout(message).size;
        return `Arc<Semaphore> ${SEMAPHORE_ARC_BYTES} + Arc<Chan> ${CHAN_ARC_BYTES} + block ${BLOCK_HEADER} + ${BLOCK_CAP}·${tuple} = ${tokioBlockBytes(gatedSlotLayout(message))} (a slot holds T + OwnedSemaphorePermit)`;
      },
    },
  ],
};
