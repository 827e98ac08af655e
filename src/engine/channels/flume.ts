/**
 * flume 0.12 (`bounded(cap)` and `unbounded()`, std-Mutex build, `async` feature). See
 * channel-memory-spec §4 and §10. Everything lives in one `Arc<Shared<T>>`; messages sit in a
 * `VecDeque<T>` that grows like any Rust `Vec` and never shrinks. Nobody drains it: queued messages
 * live until the last handle (sender or receiver) is gone.
 *
 * Waiting operations allocate a hook each (`Arc<Hook<T, AsyncSignal>>`): a sender's hook holds its
 * message on the heap until a receive pulls it into the queue; a receiver's hook is a bare trigger.
 * Each hook is shared by the future and the `sending`/`waiting` VecDeque (16 B fat pointers), and
 * those deques grow like the queue and keep their capacity.
 */
import type { Heap } from '../heap.ts';
import { layoutOf, optionLayout, roundUp, type MessageType } from '../layout.ts';
import { BaseChannel, RECV_FUTURE, refuse } from './base.ts';
import type { CrateDescriptor } from './descriptor.ts';
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
export const SITE_HOOK = 'flume hook';
/** The waiting receive's hook (a trigger: the same type, so the same size, as a sender's). */
export const SITE_RECV_HOOK = 'flume receive hook';
export const SITE_SENDING = 'flume sending VecDeque';
export const SITE_WAITING = 'flume waiting VecDeque';

/** `AsyncSignal { waker: spin::Mutex<Waker> (24), woken: AtomicBool, stream: bool }` */
const ASYNC_SIGNAL_BYTES = 32;
/** An `Arc<Hook<T, dyn Signal>>` in the `sending`/`waiting` deques: a fat pointer. */
const HOOK_REF_BYTES = 16;
/** `ArcInner`'s strong and weak counts. */
const ARC_COUNTS = 16;

/**
 * `ArcInner<Hook<T, AsyncSignal>>`, `Hook(Option<std::sync::Mutex<Option<T>>>, AsyncSignal)`. The
 * std Mutex is a futex `u32` and a poison flag followed by the data (kept last: `T: ?Sized`); both
 * are atomics, whose `UnsafeCell` hides any niche, so the outer `Option` needs its own tag, placed
 * before the Mutex at its alignment. Measured: 72 B for `[u8; 8]`, 80 for `u64`, 88 for `String`,
 * 192 for `[u8; 128]`. Senders' and receivers' hooks have the same type, hence the same size.
 */
export function flumeHookBytes(message: MessageType): number {
  const inner = optionLayout(message);
  const mutexAlign = Math.max(4, inner.align);
  const mutex = roundUp(roundUp(5, inner.align) + inner.size, mutexAlign);
  const optionMutex = mutexAlign + mutex;
  const hookAlign = Math.max(mutexAlign, 8);
  const hook = roundUp(roundUp(optionMutex, 8) + ASYNC_SIGNAL_BYTES, hookAlign);
  return roundUp(ARC_COUNTS, hookAlign) + hook;
}

/** One hook `Arc`: alive while the future or a deque holds it. */
interface Hook {
  /** the send future's slot, or RECV_FUTURE */
  readonly fut: number;
  /** a sender's hook still holds its message */
  hasMsg: boolean;
  /** held by the `sending` (or `waiting`) deque */
  inDeque: boolean;
  /** held by its future */
  held: boolean;
  /** its signal was fired (`woken` is never reset) */
  fired: boolean;
}

/** Capacity after growing a full VecDeque of 16 B entries: 4, then doubling (first an alloc, then reallocs). */
function growDeque(heap: Heap, site: string, cap: number): number {
  const next = grownCapacity(cap, HOOK_REF_BYTES);
  if (cap === 0) heap.alloc(site, next * HOOK_REF_BYTES, 8);
  else heap.realloc(site, cap * HOOK_REF_BYTES, next * HOOK_REF_BYTES, 8);
  return next;
}

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
  readonly hookBytes: number;
  /** `Chan.sending`: waiting senders' hooks, oldest first; its capacity is kept */
  private sending: Hook[] = [];
  private sendingCap = 0;
  /** `Chan.waiting`: the waiting receiver's hook */
  private waiting: Hook[] = [];
  private waitingCap = 0;
  private readonly sendHooks = new Map<number, Hook>();
  private recvHook: Hook | null = null;
  /**
   * The simulation's waiting producers (counted, never mixed with the futures above): hooks still
   * in `sending` holding their message, and hooks a receive emptied whose producer has not run yet.
   */
  private engineSending = 0;
  private enginePulled = 0;

  constructor(impl: ImplName, heap: Heap, params: ChannelParams, cap: number | null) {
    super(heap, params);
    this.impl = impl;
    this.cap = cap;
    const t = layoutOf(params.message);
    this.elemBytes = t.size;
    this.elemAlign = t.align;
    this.queueCap = t.size === 0 ? ZST_CAPACITY : 0;
    this.hookBytes = flumeHookBytes(params.message);
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
    // A waiting receiver takes the first message whatever the capacity (its hook is popped and fired).
    const handed = this.handToReceiver() ? 1 : 0;
    // Otherwise a bounded send is accepted only below cap: bounded(0) (rendezvous) with no
    // receiver waiting rejects every try_send as Full.
    const rest = n - handed;
    const sent = this.cap === null ? rest : Math.min(rest, Math.max(0, this.cap - this.queueLen));
    this.pushBack(sent);
    return { sent: sent + handed, full: rest - sent, closed: 0 };
  }

  recvMany(n: number): number {
    if (!this.receiverAlive) throw new HandleError('the receiver was dropped');
    if (n <= 0 || !this.sharedAlive) return 0;
    if (this.sending.length > 0 || this.engineSending > 0) {
      // Each try_recv first pulls waiting senders' messages into the queue (up to cap + 1).
      let got = 0;
      while (got < n) {
        this.pullPending(true);
        if (this.queueLen === 0) break;
        this.queueLen -= 1;
        got += 1;
        if (this.sending.length === 0 && this.engineSending > 0 && this.queueLen === this.cap) {
          // From here each try_recv pulls one more hook (back to cap + 1, room the deque already
          // has) and pops one: the next ones at once.
          const m = Math.min(n - got, this.engineSending);
          this.engineSending -= m;
          this.enginePulled += m;
          got += m;
        }
        if (this.sending.length === 0 && this.engineSending === 0) {
          const k = Math.min(n - got, this.queueLen);
          this.queueLen -= k;
          return got + k;
        }
      }
      return got;
    }
    // pop_front only moves the head: the buffer keeps its size.
    const got = Math.min(n, this.queueLen);
    this.queueLen -= got;
    return got;
  }

  /** Waiting senders' hooks in queue order (by future slot) and whether each still holds its message. */
  get sendingHooks(): readonly { readonly fut: number; readonly holdsMessage: boolean }[] {
    return this.sending.map((h) => ({ fut: h.fut, holdsMessage: h.hasMsg }));
  }

  // Async send: `into_send_async(v).await`.
  protected override startSend(fut: number): void {
    if (this.disconnected) {
      this.finishSend(fut, 'rejected');
      return;
    }
    if (this.handToReceiver()) {
      this.finishSend(fut, 'sent');
      return;
    }
    if (this.cap === null || this.queueLen < this.cap) {
      this.pushBack(1);
      this.finishSend(fut, 'sent');
      return;
    }
    // Full: a hook holding the message goes into `sending`; the future keeps the other Arc.
    const hook: Hook = { fut, hasMsg: true, inDeque: true, held: true, fired: false };
    this.heap.alloc(SITE_HOOK, this.hookBytes, 8);
    this.sendHooks.set(fut, hook);
    if (this.sending.length === this.sendingCap) {
      this.sendingCap = growDeque(this.heap, SITE_SENDING, this.sendingCap);
    }
    this.sending.push(hook);
  }

  protected override pollSend(fut: number): void {
    const hook = this.sendHooks.get(fut);
    if (hook === undefined) return;
    if (!hook.hasMsg) {
      this.dropSendHook(fut, hook); // a receive pulled the message: Ok
      this.finishSend(fut, 'sent');
    } else if (this.disconnected) {
      // The message comes back with the error; the future lets go of its Arc without removing the
      // hook from `sending`, where it stays until the channel is freed.
      hook.hasMsg = false;
      hook.held = false;
      this.sendHooks.delete(fut);
      this.releaseHook(hook);
      this.finishSend(fut, 'rejected');
    }
  }

  protected override abortSend(fut: number): 'rejected' {
    const hook = this.sendHooks.get(fut);
    if (hook !== undefined) this.dropSendHook(fut, hook);
    return 'rejected';
  }

  /** SendFut's drop (`reset_hook`): out of `sending` if still there, then its Arc goes. */
  private dropSendHook(fut: number, hook: Hook): void {
    this.sendHooks.delete(fut);
    if (hook.inDeque) {
      this.sending.splice(this.sending.indexOf(hook), 1);
      hook.inDeque = false;
    }
    hook.held = false;
    this.releaseHook(hook);
  }

  // Async receive: `recv_async().await`.
  protected override startRecv(): void {
    this.pullPending(true);
    if (this.queueLen > 0) {
      this.queueLen -= 1;
      this.finishRecv(true);
    } else if (this.disconnected) {
      this.finishRecv(false);
    } else {
      const hook: Hook = { fut: RECV_FUTURE, hasMsg: false, inDeque: true, held: true, fired: false };
      this.heap.alloc(SITE_RECV_HOOK, this.hookBytes, 8);
      this.recvHook = hook;
      this.pushWaiting(hook);
    }
  }

  protected override pollRecv(): void {
    const hook = this.recvHook;
    if (hook === null) return;
    this.pullPending(true);
    if (this.queueLen > 0 || this.disconnected) {
      const got = this.queueLen > 0;
      if (got) this.queueLen -= 1;
      this.finishRecv(got);
      this.dropRecvHook(hook);
    } else if (hook.fired && !hook.inDeque) {
      this.pushWaiting(hook); // woken for nothing: back into `waiting`
    }
  }

  protected override abortRecv(): void {
    if (this.recvHook !== null) this.dropRecvHook(this.recvHook);
  }

  private dropRecvHook(hook: Hook): void {
    this.recvHook = null;
    if (hook.inDeque) {
      this.waiting.splice(this.waiting.indexOf(hook), 1);
      hook.inDeque = false;
    }
    hook.held = false;
    this.releaseHook(hook);
  }

  private pushWaiting(hook: Hook): void {
    if (this.waiting.length === this.waitingCap) {
      this.waitingCap = growDeque(this.heap, SITE_WAITING, this.waitingCap);
    }
    hook.inDeque = true;
    this.waiting.push(hook);
  }

  /**
   * A send finding a receiver waiting pops its hook and fires it; an async receiver's hook has no
   * slot, so the message goes into the queue (even past cap) for the woken receive to take.
   */
  private handToReceiver(): boolean {
    const hook = this.waiting.shift();
    if (hook === undefined) return false;
    hook.inDeque = false;
    hook.fired = true;
    this.woken.add(RECV_FUTURE);
    this.releaseHook(hook);
    this.pushBack(1);
    return true;
  }

  /** `pull_pending`: moves waiting senders' messages into the queue up to cap (+1 for a receive). */
  private pullPending(extra: boolean): void {
    if (this.cap === null) return;
    const effective = this.cap + (extra ? 1 : 0);
    while (this.queueLen < effective && this.sending.length > 0) {
      const hook = this.sending.shift() as Hook;
      hook.hasMsg = false;
      hook.inDeque = false;
      hook.fired = true;
      this.woken.add(hook.fut);
      this.pushBack(1);
      this.releaseHook(hook);
    }
    // the simulation's waiting producers: their hooks stay held by their futures until they run
    const m = Math.min(Math.max(0, effective - this.queueLen), this.engineSending);
    if (m > 0) {
      this.engineSending -= m;
      this.enginePulled += m;
      this.pushBack(m);
    }
  }

  /**
   * The simulation's producers: `send_async(v).await` on their own Senders. A producer that finds
   * the channel full allocates a hook holding its message and pushes it into `sending` (growing
   * that deque, which keeps its capacity). Nobody jumps ahead of a waiting hook: flume's send pulls
   * the waiting ones into the queue first.
   */
  override sendOrPark(handle: number, n: number, maxPark: number): { sent: number; parked: number } {
    this.requireSender(handle);
    if (this.cap === null || this.disconnected) return super.sendOrPark(handle, n, maxPark);
    const queued = this.engineSending + this.enginePulled > 0 || this.sending.length > 0;
    const sent = queued || n <= 0 ? 0 : this.sendMany(handle, n).sent;
    const parked = Math.max(0, Math.min(n - sent, maxPark));
    if (parked > 0) {
      this.heap.alloc(SITE_HOOK, this.hookBytes, 8, parked);
      this.engineSending += parked;
      while (this.sending.length + this.engineSending > this.sendingCap) {
        this.sendingCap = growDeque(this.heap, SITE_SENDING, this.sendingCap);
      }
    }
    return { sent, parked };
  }

  /** A producer whose hook a receive emptied runs: its send is done, its hook's last Arc goes. */
  override takeCompleted(_handle: number, max: number): number {
    if (this.cap === null) return 0;
    const k = Math.min(this.enginePulled, max);
    if (k <= 0) return 0;
    this.enginePulled -= k;
    this.heap.free(SITE_HOOK, this.hookBytes, k);
    return k;
  }

  /** A producer giving up takes its hook out of `sending` (the deque keeps its capacity) and frees it. */
  override cancelParked(n: number): void {
    if (n <= 0) return;
    if (n > this.engineSending) throw new HandleError(`only ${this.engineSending} hooks wait, not ${n}`);
    this.engineSending -= n;
    this.heap.free(SITE_HOOK, this.hookBytes, n);
  }

  override get parkedSenders(): number {
    return this.engineSending + this.enginePulled;
  }

  private releaseHook(hook: Hook): void {
    if (!hook.inDeque && !hook.held) {
      this.heap.free(hook.fut === RECV_FUTURE ? SITE_RECV_HOOK : SITE_HOOK, this.hookBytes);
    }
  }

  /** `disconnect_all`: pull what fits, then fire every hook (their futures see the disconnection). */
  private disconnectAll(): void {
    this.disconnected = true;
    this.pullPending(false);
    for (const hook of this.sending) {
      hook.fired = true;
      this.woken.add(hook.fut);
    }
    for (const hook of this.waiting) {
      hook.fired = true;
      this.woken.add(hook.fut);
    }
  }

  protected onCloneSender(): void {
    // sender_count + Arc refcount: no allocation.
  }

  protected onDropSender(_sender: number, last: boolean): void {
    if (last) this.disconnectAll();
    this.releaseSharedIfUnused();
  }

  protected onDropReceiver(): void {
    // disconnect_all wakes hooks but does not drain the queue: messages stay.
    this.disconnectAll();
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
    // The deques drop the hooks only they still hold (futures that failed left them there).
    for (const hook of [...this.sending, ...this.waiting]) {
      hook.inDeque = false;
      if (hook.hasMsg) this.destroyMessages(1);
      this.releaseHook(hook);
    }
    this.sending = [];
    this.waiting = [];
    // hooks of the simulation's producers still in `sending` (the engine cancels them first)
    this.destroyMessages(this.engineSending);
    this.heap.free(SITE_HOOK, this.hookBytes, this.engineSending);
    this.engineSending = 0;
    this.heap.free(SITE_SENDING, this.sendingCap * HOOK_REF_BYTES);
    this.heap.free(SITE_WAITING, this.waitingCap * HOOK_REF_BYTES);
    this.sendingCap = 0;
    this.waitingCap = 0;
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
      waitingSenders: this.sending.length + this.engineSending + this.enginePulled,
      sendingHooks: this.sendingHooks,
      hookBytes: this.hookBytes,
      sendingCapacity: this.sendingCap,
      waitingCapacity: this.waitingCap,
      receiverWaiting: this.recvWaiting,
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

// ───────────────── descriptor: what the rest of the app knows about this crate ─────────────────

function flumeFormula(message: MessageType): string {
  const s = layoutOf(message).size;
  const first = minNonZeroCapacity(s);
  return `Arc<Shared> ${SHARED_ARC_BYTES}; VecDeque<T> grows ${first} → ${first * 2} → ${first * 4} … slots of ${s} B (×2, realloc) and never shrinks`;
}

export const flumeCrate: CrateDescriptor = {
  key: 'flume',
  cargo: 'flume',
  short: 'flume',
  label: 'flume',
  version: 'flume 0.12.0',
  create: createFlume,
  flavors: [
    {
      impl: 'flume-bounded',
      kind: 'bounded',
      bound: 'capacity',
      exactCapacity: true,
      call: 'bounded(C)',
      expression: (t, n) => `flume::bounded::<${t}>(${n})`,
      formula: flumeFormula,
    },
    {
      impl: 'flume-unbounded',
      kind: 'unbounded',
      bound: 'none',
      exactCapacity: false,
      call: 'unbounded()',
      expression: (t) => `flume::unbounded::<${t}>()`,
      formula: flumeFormula,
    },
  ],
};
