/** Shared plumbing for the crate models: handle bookkeeping, single ops from bulk ones, message destruction. */
import type { Heap } from '../heap.ts';
import { payloadBlocks, type MessageType } from '../layout.ts';
import { freePayloads } from '../payload.ts';
import type { ChannelStructure } from './structure.ts';
import {
  HandleError,
  type BulkSendResult,
  type ChannelModel,
  type ChannelParams,
  type CrateRefusal,
  type CreateResult,
  type ImplName,
  type SendOutcome,
  type WaitTally,
} from './types.ts';

/** The waiting receive's place in the woken set (send futures use their slot ids, which are ≥ 0). */
export const RECV_FUTURE = -1;

/** Sender handle id of the clone a send future owns (the handles named by callers are ≥ 0). */
export function futureHandle(fut: number): number {
  return -2 - fut;
}

/** The send future owning sender handle `handle`, or null for a caller's handle. */
export function futureOfHandle(handle: number): number | null {
  return handle <= -2 ? -2 - handle : null;
}

/** A model bug that keeps waking futures forever would hang the replay: stop it with a clear error. */
const MAX_WAKE_PASSES = 1_000_000;

export abstract class BaseChannel implements ChannelModel {
  abstract readonly impl: ImplName;
  abstract readonly pending: number;
  readonly message: MessageType;
  /** Live sender handle ids, in creation order. */
  protected readonly senders = new Set<number>();
  receiverAlive = true;
  /** Live send futures (golden/2 slots), each owning the sender clone {@link futureHandle}. */
  protected readonly sendFutures = new Set<number>();
  private readonly usedFutures = new Set<number>();
  /** Futures whose waker was woken since they were last polled ({@link RECV_FUTURE} for the receive). */
  protected readonly woken = new Set<number>();
  /** An async receive is waiting. */
  protected recvWaiting = false;
  private readonly tallyCounts = { sent: 0, rejected: 0, received: 0 };

  constructor(
    readonly heap: Heap,
    params: ChannelParams,
  ) {
    this.message = params.message;
    this.senders.add(0);
  }

  senderIds(): readonly number[] {
    return [...this.senders];
  }

  get tally(): WaitTally {
    return this.tallyCounts;
  }

  get hasWaiting(): boolean {
    return this.recvWaiting || this.sendFutures.size > 0;
  }

  /** Send futures still alive, in slot order. */
  waitingSendFutures(): number[] {
    return [...this.sendFutures].sort((a, b) => a - b);
  }

  sendWait(from: number, fut: number): void {
    this.requireSender(from);
    if (!Number.isSafeInteger(fut) || fut < 0 || this.usedFutures.has(fut)) {
      throw new HandleError(`send future ${fut} was already used`);
    }
    this.usedFutures.add(fut);
    this.cloneSender(from, futureHandle(fut));
    this.sendFutures.add(fut);
    this.startSend(fut);
  }

  cancelSend(fut: number): void {
    if (!this.sendFutures.has(fut)) return; // finished (or never started): nothing to drop
    this.woken.delete(fut);
    this.finishSend(fut, this.abortSend(fut));
  }

  recvWait(): void {
    if (this.recvWaiting) return;
    if (!this.receiverAlive) throw new HandleError('the receiver was dropped');
    this.recvWaiting = true;
    this.startRecv();
  }

  cancelRecv(): void {
    if (!this.recvWaiting) return;
    this.woken.delete(RECV_FUTURE);
    this.recvWaiting = false;
    this.abortRecv();
  }

  runWoken(): void {
    if (this.sendFutures.size === 0) {
      // only the receive can be woken (the engine's waiting consumer, once per message): one poll
      // settles it, as the passes below would
      if (this.woken.size === 0) return;
      for (let pass = 0; this.woken.delete(RECV_FUTURE) && this.recvWaiting; pass++) {
        if (pass > MAX_WAKE_PASSES) throw new Error(`${this.impl}: woken futures never settle`);
        this.pollRecv();
      }
      this.woken.clear();
      return;
    }
    for (let pass = 0; this.woken.size > 0; pass++) {
      if (pass > MAX_WAKE_PASSES) throw new Error(`${this.impl}: woken futures never settle`);
      for (const id of this.woken) {
        if (id === RECV_FUTURE ? !this.recvWaiting : !this.sendFutures.has(id)) this.woken.delete(id);
      }
      for (const fut of this.waitingSendFutures()) {
        if (this.woken.delete(fut)) this.pollSend(fut);
      }
      if (this.woken.delete(RECV_FUTURE) && this.recvWaiting) this.pollRecv();
    }
  }

  /**
   * A send future ends and is dropped with the clone it owns. `sent`: the channel took its message
   * now; `rejected`: it gave up or failed; null: its message was counted when the channel took it.
   */
  protected finishSend(fut: number, outcome: 'sent' | 'rejected' | null): void {
    if (outcome === 'sent') this.tallyCounts.sent += 1;
    else if (outcome === 'rejected') this.tallyCounts.rejected += 1;
    this.sendFutures.delete(fut);
    this.woken.delete(fut);
    this.dropSender(futureHandle(fut));
  }

  /** A message the channel took from a send future that keeps waiting (futures-channel's start_send). */
  /** Moves the tally by what another model's moved (sim/lockstep.ts, through TokioChannel.followLockstep). */
  protected addTally(sent: number, rejected: number, received: number): void {
    this.tallyCounts.sent += sent;
    this.tallyCounts.rejected += rejected;
    this.tallyCounts.received += received;
  }

  protected countSent(): void {
    this.tallyCounts.sent += 1;
  }

  /** The waiting receive ends (with a message when `got`). */
  protected finishRecv(got: boolean): void {
    if (got) this.tallyCounts.received += 1;
    this.recvWaiting = false;
    this.woken.delete(RECV_FUTURE);
  }

  /** Marks the waiting receive woken (a send or a close reached it). */
  protected wakeRecv(): void {
    if (this.recvWaiting) this.woken.add(RECV_FUTURE);
  }

  // The crate's async send and receive. Crates without them (crossbeam, std) keep these defaults.
  /** First poll of a new send future (its clone exists); it ends with {@link finishSend} or waits. */
  protected startSend(_fut: number): void {
    throw new HandleError(`${this.impl} has no async send: waiting operations are not modelled`);
  }
  /** Poll of a woken send future. */
  protected pollSend(_fut: number): void {
    throw new HandleError(`${this.impl} has no async send: waiting operations are not modelled`);
  }
  /**
   * The send future is dropped while it waits: undo its registration (finishSend follows). Returns
   * 'rejected' when its message goes with it, null when the channel already took the message.
   */
  protected abortSend(_fut: number): 'rejected' | null {
    return 'rejected';
  }
  /** First poll of a new receive; it ends with {@link finishRecv} or waits. */
  protected startRecv(): void {
    throw new HandleError(`${this.impl} has no async receive: waiting operations are not modelled`);
  }
  /** Poll of the woken receive. */
  protected pollRecv(): void {
    this.startRecv();
  }
  /** The waiting receive is dropped. */
  protected abortRecv(): void {}

  // ───── the simulation's waiting producers, in bulk (ChannelModel.sendOrPark and the rest) ─────
  // The default is a crate whose waiting sender keeps its message (on its stack, in its future) and
  // sends it once a receive made room: crossbeam and std block the producer's thread. Crates that
  // allocate for a waiting sender, or hand permits over, override these.
  /** Producers waiting in sendOrPark (completed ones not yet taken included). */
  protected engineParked = 0;

  get parkedSenders(): number {
    return this.engineParked;
  }

  sendOrPark(handle: number, n: number, maxPark: number): { sent: number; parked: number } {
    // Nobody jumps ahead of a waiting producer: new messages wait behind them.
    const sent = this.engineParked > 0 || n <= 0 ? 0 : this.sendMany(handle, n).sent;
    const parked = Math.max(0, Math.min(n - sent, maxPark));
    if (parked > 0) {
      this.engineParked += parked;
      this.onEngineParked(parked);
    }
    return { sent, parked };
  }

  takeCompleted(handle: number, max: number): number {
    const k = Math.min(this.engineParked, max);
    if (k <= 0) return 0;
    const sent = this.sendMany(handle, k).sent;
    this.engineParked -= sent;
    return sent;
  }

  cancelParked(n: number): void {
    if (n <= 0) return;
    if (n > this.engineParked) throw new HandleError(`only ${this.engineParked} producers wait, not ${n}`);
    this.engineParked -= n;
  }

  /** `n` more producers started waiting (after engineParked grew): what the crate allocates for them. */
  protected onEngineParked(_n: number): void {}

  /** `n` send attempts at once; every model does this arithmetically, never message by message. */
  abstract sendMany(sender: number, n: number): BulkSendResult;
  /** `n` receive attempts at once; returns how many got a message. */
  abstract recvMany(n: number): number;
  abstract structure(): ChannelStructure;
  protected abstract onCloneSender(from: number, as: number): void;
  /** Called after `sender` left the live set; `last` when no sender is left. */
  protected abstract onDropSender(sender: number, last: boolean): void;
  protected abstract onDropReceiver(): void;

  send(sender: number): SendOutcome {
    const r = this.sendMany(sender, 1);
    return r.sent === 1 ? 'sent' : r.full === 1 ? 'full' : 'closed';
  }

  recv(): boolean {
    return this.recvMany(1) === 1;
  }

  cloneSender(from: number, as: number): void {
    this.requireSender(from);
    if (this.senders.has(as)) throw new HandleError(`sender ${as} already exists`);
    this.senders.add(as);
    this.onCloneSender(from, as);
  }

  dropSender(sender: number): void {
    this.requireSender(sender);
    this.senders.delete(sender);
    this.onDropSender(sender, this.senders.size === 0);
  }

  dropReceiver(): void {
    if (!this.receiverAlive) throw new HandleError('the receiver was already dropped');
    this.cancelRecv(); // a waiting receive borrows the receiver: it goes first
    this.receiverAlive = false;
    this.onDropReceiver();
  }

  protected requireSender(sender: number): void {
    if (!this.senders.has(sender)) throw new HandleError(`sender ${sender} does not exist`);
  }

  /** Runs the destructor of `count` stored messages: frees their payloads (a String's buffer, each Box…). */
  protected destroyMessages(count: number): void {
    freePayloads(this.heap, payloadBlocks(this.message), count);
  }
}

export function refuse(
  kind: CrateRefusal['kind'],
  crate: string,
  origin: string,
  message: string,
): CreateResult {
  return { ok: false, refusal: { kind, crate, origin, message } };
}

/** Capacity/permits given to a bounded constructor, or a refusal-worthy description of what is missing. */
export function requireCount(params: ChannelParams, key: 'capacity' | 'permits'): number {
  const v = params[key];
  if (v === undefined || !Number.isSafeInteger(v) || v < 0) {
    throw new RangeError(`${key} must be a non-negative integer, got ${String(v)}`);
  }
  return v;
}
