/**
 * One strategy running the shared workload: the channel (a crate model), the producers, the
 * consumers, and the counters. A lane moves from *decision point* to decision point (a consumer
 * finishing its batch, an idle consumer meeting the next arrival, the oldest parked sender timing
 * out, a producer leaving, a stall ending). Between two decision points only arrivals happen, and
 * they are handled in bulk: one `sendMany` for all of them, in arrival order, with no receive in
 * between, which is exactly the order the real program would produce. The heap therefore only grows
 * between decision points, and its extremes are exact at the points where the engine looks.
 *
 * Consumers receive with `recv_many(limit)` and handle the messages one after another; the messages
 * (and their permits, when gated) are dropped together when the whole batch is done. With a limit of
 * 1 this is the usual one-message loop.
 */
import { Heap } from '../heap.ts';
import { payloadBlocks, payloadBytes, sizeOf, type HeapBlock, type MessageType } from '../layout.ts';
import { allocPayloads, churnPayloads, freePayloads, payloadAllocs } from '../payload.ts';
import { channelParams, createChannel } from '../channels/index.ts';
import type { BulkSendResult, ChannelModel, CrateRefusal, ImplName } from '../channels/types.ts';
import type { GoldenOp } from '../golden.ts';
import type { Scenario, StrategySpec } from '../scenario/schema.ts';
import { ArrivalSource, type ArrivalPlan, type Segment } from './arrivals.ts';
import { AT_ARRIVAL, RunQueue, arrivalOf, leaversIn, waitStartOf, type Run } from './runs.ts';
import { LatencyHistogram, LatencyWindow } from './histogram.ts';
import { ServiceTimes, type ServiceDraws } from './service.ts';
import {
  ENGINE_SITES,
  GATE_ARC_BYTES,
  SITE_GATE,
  SITE_CONSUMER_CONTEXT,
  SITE_HANDLER_TASK,
  SITE_RECV_BUFFER,
  SITE_THREAD_CONTEXT,
  gatedMessage,
  handlerTaskBytes,
  parkedSenderBytes,
  sendTaskSite,
} from './costs.ts';
import { FuturesChannel } from '../channels/futures.ts';
import { MpmcChannel, THREAD_CONTEXT_BYTES } from '../channels/mpmc.ts';

/** Logged handle ids of the Sender clones of tasks spawned per send, past any producer's (at most 10^6). */
const CLONE_IDS = 2 ** 40;

/**
 * How this lane's producers hand a message to the channel: `plain` (unbounded send), `try` (refused
 * when full), `wait` (parks when full) or `gate` (a semaphore permit first). Not the scenario's
 * `SendMode` (`await`/`try`/`timeout`), from which it is derived.
 */
export type SendPath = 'plain' | 'try' | 'wait' | 'gate';

/** The scenario in force from `at` (µs) on, after a timed change, and this lane's strategy in it. */
export interface TimedChange {
  readonly at: number;
  readonly scenario: Scenario;
  readonly spec: StrategySpec;
}

/** One consumer task: what it is handling now and until when (not a Web Worker). */
export interface ConsumerWorker {
  busy: boolean;
  /** a timed change lowered the consumer count: this worker stops once its batch is done */
  retiring?: boolean;
  start: number;
  end: number;
  count: number;
  batch: Run[];
  /** crossbeam/std: this worker's thread blocked in recv once (it keeps its 48 B Context) */
  blocked?: boolean;
}

export interface LaneCounters {
  offered: number;
  sent: number;
  received: number;
  handled: number;
  rejected: number;
  timedOut: number;
  dropped: number;
  /** parked sends cancelled because their producer disconnected */
  cancelled: number;
  /** messages waiting upstream that vanished with their producer */
  lostUpstream: number;
}

export class Lane {
  readonly heap = new Heap();
  readonly channel: ChannelModel | null;
  readonly refusal: CrateRefusal | null;
  readonly source: ArrivalSource;
  /** time up to which arrivals have been handled, µs (−1 before the start) */
  now = -1;
  readonly queue = new RunQueue();
  readonly waiters = new RunQueue();
  readonly upstream = new RunQueue();
  /** spawned handler tasks waiting for a worker */
  readonly tasks = new RunQueue();
  readonly workers: ConsumerWorker[];
  readonly counters: LaneCounters = {
    offered: 0,
    sent: 0,
    received: 0,
    handled: 0,
    rejected: 0,
    timedOut: 0,
    dropped: 0,
    cancelled: 0,
    lostUpstream: 0,
  };
  gate: number;
  inFlight = 0;
  readonly e2eTotal = new LatencyHistogram();
  readonly e2eInterval = new LatencyWindow();
  readonly queueTotal = new LatencyHistogram();
  heapMin = 0;
  heapMax = 0;
  maxDepth = 0;
  maxWaiting = 0;
  /** decisions keepup.ts's stretch took (for tests: that path was taken) */
  stretched = 0;
  /** the channel's own bytes when its queue last became empty, or null if it never drained */
  keptAfterDrain: number | null = null;

  /**
   * The lane's settings. The fast paths (steady.ts, keepup.ts) read the public ones to decide whether
   * a stretch qualifies; steady.ts changes the lane only through methods (sendOrPark, observeLow, …).
   */
  readonly mode: SendPath;
  readonly spawn: boolean;
  readonly gated: boolean;
  readonly timeout: number;
  /** heap bytes one message owns, and the allocations that make them up (one per heap part) */
  readonly payload: number;
  readonly payloadBlocks: readonly HeapBlock[];
  readonly payloadAllocs: number;
  /**
   * What the engine itself allocates per waiting sender (a task spawned per send: its cell, freed
   * at once when the send does not wait), bytes and count. What the crate allocates for a waiting
   * sender (hooks, listeners, parked-queue nodes) the crate model allocates (sendOrPark).
   */
  readonly parkedBytes: number;
  readonly parkedAllocs: number;
  /**
   * A task spawned per send (`tokio::spawn(async move { tx.send(msg).await })` with `let tx =
   * tx.clone()`): `spawn` returns at once, so the producer never waits; every arrival becomes a task
   * that sends (or waits to) on its own, and the waiting tasks pile up without bound. Each clones the
   * Sender: futures-channel bounded gives each clone its own SenderTask (and guaranteed slot).
   */
  readonly taskPerSend: boolean;
  /** where those task cells are counted (their size is measured for tokio only) */
  readonly sendTaskSite: string;
  /**
   * futures-channel bounded: a waiting producer's message is already in the channel (start_send
   * took it; the sender is parked until a receive pops its entry), so the consumer can receive it.
   */
  private readonly heldInChannel: boolean;
  /**
   * futures-channel bounded with `try_send`: each producer tries through its own Sender, which the
   * crate parks when its message takes the count over the buffer and refuses until a receive pops
   * its entry (`FuturesChannel.trySendProducers`); so the channel holds up to buffer + producers.
   */
  readonly trySendEach: boolean;
  /** futures-channel: parked entries of producers that left (their message and SenderTask stay) */
  private goneParked = 0;
  /** handles logged for tasks' clones with try_send (`trySendClones`) */
  private clonesLogged = 0;
  /** every producer left while tasks spawned per send still wait: the handle standing for their clones */
  private deferredDrop: number | null = null;
  /** crossbeam/std (array, zero): producer threads that ever blocked in send (each keeps its Context) */
  private blockedThreads: Uint8Array | null = null;
  private blockedThreadCount = 0;
  private readonly taskBytes: number;
  batchLimit: number;
  readonly sendHandle: number;
  readonly service: ServiceTimes;
  stallStart: number;
  stallEnd: number;
  /** timed changes still to apply (scenario `changes`, see `schedule`), in time order */
  private timed: readonly TimedChange[] = [];
  private nextTimed = 0;
  /** Senders cloned so far (one per producer that ever connected) */
  private senders: number;
  /** the scenario and strategy in force (the last timed change applied) */
  private current: { scenario: Scenario; spec: StrategySpec };
  disconnected = false;
  /** a receive happened since parked senders last tried: they may find room */
  roomFreed = false;
  /**
   * The consumer can wait in the crate's receive on an empty channel (`recv().await`, or a blocking
   * `recv` for crossbeam/std). Not for a rendezvous channel of flume, crossbeam or std, where a
   * waiting receiver would pair with a sender directly, which the engine does not model.
   */
  private readonly consumerCanWait: boolean;
  /**
   * Messages at the front of `queue` that the waiting receive already took from the channel (it was
   * woken by their send); the consumer handles them at this decision.
   */
  private handed = 0;
  /** `handed`, for lockstep.ts (which compares lanes and copies one lane's state into another) */
  get handedNow(): number {
    return this.handed;
  }
  set handedNow(n: number) {
    this.handed = n;
  }
  /** crossbeam/std with a dispatcher: its thread blocked in recv once (it keeps its Context) */
  private dispatcherBlocked = false;
  /** op-log index from which offers may merge (a send that woke the receive ends an offer) */
  private mergeFrom = 0;

  constructor(
    readonly spec: StrategySpec,
    readonly impl: ImplName,
    readonly message: MessageType,
    scenario: Scenario,
    readonly plan: ArrivalPlan,
    /** record every call made on the channel model, in the golden-trace op format (tests, debugging) */
    readonly opLog: GoldenOp[] | null = null,
    /** messages the channel took (> 0) and gave (< 0), call by call (the benchmark's baseline replays it) */
    readonly trace: number[] | null = null,
    /** the service-time memo the simulation's lanes share (service.ts) */
    draws?: ServiceDraws,
  ) {
    this.source = new ArrivalSource(plan);
    const kind = spec.kind;
    this.mode =
      kind === 'bounded'
        ? spec.send === 'try'
          ? 'try'
          : 'wait'
        : kind === 'semaphore-producer'
          ? 'gate'
          : 'plain';
    this.heldInChannel = impl === 'futures-bounded';
    // A futures-channel send that times out has already handed its message over, and the sender
    // stays parked until a receive pops its entry: nothing times out there.
    this.timeout =
      kind === 'bounded' && spec.send === 'timeout' && !this.heldInChannel
        ? Math.round(spec.timeoutMs * 1000)
        : Infinity;
    this.spawn = kind === 'semaphore-dispatcher' || scenario.consumers.spawnTasks;
    this.gated = kind === 'semaphore-producer' || kind === 'semaphore-dispatcher';
    this.gate = this.gated ? spec.permits : Infinity;
    this.payload = payloadBytes(message);
    this.payloadBlocks = payloadBlocks(message);
    this.payloadAllocs = payloadAllocs(this.payloadBlocks);
    this.parkedBytes = scenario.producers.pattern === 'task-per-send' ? parkedSenderBytes(message) : 0;
    this.parkedAllocs = this.parkedBytes > 0 ? 1 : 0;
    this.taskPerSend = scenario.producers.pattern === 'task-per-send';
    this.trySendEach = impl === 'futures-bounded' && this.mode === 'try';
    this.sendTaskSite = sendTaskSite(impl);
    this.taskBytes = handlerTaskBytes(message, this.gated, scenario.consumers.taskStateBytes);
    this.service = new ServiceTimes(scenario, draws);
    // With a task per message, a worker runs up to `batch` queued tasks back to back (their memory
    // is counted until the last of them ends); with the default of 1 each task is freed when it ends.
    this.batchLimit = this.service.instant ? Infinity : scenario.consumers.batch;
    const stallFor = Math.round(scenario.consumers.stallForMs * 1000);
    this.stallStart = stallFor > 0 ? Math.round(scenario.consumers.stallAtMs * 1000) : Infinity;
    this.stallEnd = stallFor > 0 ? this.stallStart + stallFor : Infinity;
    this.workers = Array.from({ length: scenario.consumers.count }, () => ({
      busy: false,
      start: 0,
      end: 0,
      count: 0,
      batch: [],
    }));

    // A gate in front of a crate other than tokio's gated model: the Arc<Semaphore> is the lane's,
    // and at the producer each message travels with its permit.
    const foreignGate = this.gated && impl !== 'tokio-semaphore';
    if (foreignGate) this.heap.alloc(SITE_GATE, GATE_ARC_BYTES, 8);
    const carried = foreignGate && kind === 'semaphore-producer' ? gatedMessage(message) : message;
    const r = createChannel(impl, this.heap, channelParams(impl, carried, spec));
    opLog?.push({ op: 'create' });
    this.channel = r.ok ? r.channel : null;
    this.refusal = r.ok ? null : r.refusal;
    const rendezvous =
      spec.kind === 'bounded' &&
      spec.capacity === 0 &&
      (this.channel instanceof MpmcChannel || impl === 'flume-bounded');
    this.consumerCanWait = this.channel !== null && !rendezvous;
    if (this.channel instanceof MpmcChannel && this.channel.flavor !== 'list' && this.mode === 'wait') {
      this.blockedThreads = new Uint8Array(Math.max(1, plan.producers));
    }
    // Every producer holds its own Sender (clones cost what the crate says: 0 for tokio, 48 B for
    // a bounded futures-channel Sender). Producers 0..L−1 are the ones that leave; the rest send
    // through handle L (or 0 when everybody leaves), which stands for each producer's own Sender
    // in the models' bulk waiting operations (sendOrPark: futures-channel gives each its own slot).
    const producers = plan.producers;
    if (this.channel !== null) {
      for (let p = 1; p < producers; p++) {
        this.channel.cloneSender(0, p);
        opLog?.push({ op: 'clone_sender', from: 0, as: p });
      }
    }
    this.senders = producers;
    this.current = { scenario, spec };
    this.sendHandle = plan.leavers < producers ? plan.leavers : 0;
    if (this.channel !== null && !this.spawn && scenario.consumers.batch > 1) {
      // recv_many reserves room for `limit` values in the consumer's Vec the first time.
      const bytes = Math.min(scenario.consumers.batch, 2 ** 40) * sizeOf(message);
      this.heap.alloc(SITE_RECV_BUFFER, bytes, 8, this.workers.length);
    }
    // the consumers start at 0: an empty channel makes one wait in its receive at once
    this.waitForMessages(0);
    this.heapMin = this.heapMax = this.heap.liveBytes;
  }

  get alive(): boolean {
    return this.channel !== null;
  }

  // ───────────────────────────── time ─────────────────────────────

  stalled(t: number): boolean {
    return t >= this.stallStart && t < this.stallEnd;
  }

  /** The next decision point after `now`, or Infinity. */
  nextDecision(): number {
    if (this.channel === null) return Infinity;
    const now = this.now;
    let next = Infinity;
    let idle = false;
    for (const w of this.workers) {
      if (w.busy) next = Math.min(next, w.end);
      else idle = true;
    }
    if (this.stallStart > now) next = Math.min(next, this.stallStart);
    if (this.stallEnd > now) next = Math.min(next, this.stallEnd);
    const change = this.timed[this.nextTimed];
    if (change !== undefined) next = Math.min(next, change.at);
    if (!this.disconnected && this.plan.disconnectAt > now) next = Math.min(next, this.plan.disconnectAt);
    if (this.timeout < Infinity) {
      // A sender parking during the coming stretch cannot time out before it ends.
      next = Math.min(next, now + Math.max(1, this.timeout));
      if (this.waiters.total > 0) {
        next = Math.min(next, Math.ceil(waitStartOf(this.waiters.front() as Run, 0) + this.timeout));
      }
    }
    if (this.spawn || (idle && !this.stalled(now) && this.workers.length > 0)) {
      next = Math.min(next, this.source.nextArrival(now, Math.min(next, this.plan.duration)));
    }
    return next > now ? next : now + 1;
  }

  /** Handles the arrivals in (now, t]; t must not lie beyond the next decision point. */
  advanceTo(t: number): void {
    if (t <= this.now) return;
    if (this.channel !== null) this.source.forEach(this.now, t, this);
    this.now = t;
  }

  /** Advances to t and takes the decisions due at t. */
  decideAt(t: number): void {
    this.advanceTo(t);
    if (this.channel === null) return;
    // a message the waiting receive got at t is in a worker's hands before a change at t applies
    if (this.handed > 0) this.receive(t);
    while ((this.timed[this.nextTimed]?.at ?? Infinity) <= t)
      this.applyTimed(this.timed[this.nextTimed++] as TimedChange);
    if (!this.disconnected && t >= this.plan.disconnectAt) this.disconnect();
    this.expire(t);
    for (let round = 0; ; round++) {
      let changed = this.complete(t);
      changed = this.receive(t) || changed;
      changed = this.serveWaiters(t) || changed;
      if (!changed || round > 1_000_000) break;
    }
    this.track();
    this.dropDeferred();
    this.queue.compact();
    this.waiters.compact();
    this.upstream.compact();
    this.tasks.compact();
    this.waitForMessages(t);
  }

  // ───────────────────────────── the waiting consumer ─────────────────────────────

  /**
   * After each decision: the consumer waits in the crate's receive when it is free to receive and
   * the channel is empty (a worker idle, or the dispatcher, not stalled, some sender left), and stops
   * waiting when it is not (a stall, no worker left). What the crate allocates for the waiting
   * receive, its model allocates (`recvWait` / `cancelRecv`); a send that finds it waiting hands it
   * the message (`settle`). One receive waits at a time: the workers share the receiver.
   * Returns true when it allocated an engine site (a consumer thread's Context).
   */
  waitForMessages(t: number): boolean {
    if (!this.consumerCanWait) return false;
    const channel = this.channel as ChannelModel;
    const waiting = channel.hasWaiting;
    let worker: ConsumerWorker | null = null;
    // a stall pauses the workers, not the dispatcher
    let want =
      this.receivable === 0 &&
      channel.receiverAlive &&
      (this.spawn || !this.stalled(t)) &&
      !this.sendersGone();
    if (want && !this.spawn) {
      for (const w of this.workers) {
        if (!w.busy && w.retiring !== true) {
          worker = w;
          break;
        }
      }
      want = worker !== null;
    }
    if (want === waiting) return false;
    if (!want) {
      this.opLog?.push({ op: 'cancel_recv' });
      channel.cancelRecv();
      this.observe();
      return false;
    }
    this.opLog?.push({ op: 'recv_wait' });
    channel.recvWait();
    this.settle();
    let engine = false;
    if (channel instanceof MpmcChannel) {
      // the thread's Context is allocated the first time it blocks, and kept
      if (worker !== null ? worker.blocked !== true : !this.dispatcherBlocked) {
        if (worker !== null) worker.blocked = true;
        else this.dispatcherBlocked = true;
        this.heap.alloc(SITE_CONSUMER_CONTEXT, THREAD_CONTEXT_BYTES, 8);
        engine = true;
      }
    }
    this.observe();
    return engine;
  }

  /** Every Sender is gone: a receive would return None at once (keepup.ts's stretch reads it too). */
  sendersGone(): boolean {
    return this.disconnected && this.plan.leavers > 0 && this.plan.leavers >= this.senders;
  }

  /**
   * Woken futures run before the next operation (golden README §9): the waiting receive takes the
   * message a send handed it (or learns that the channel closed).
   */
  private settle(): void {
    const channel = this.channel as ChannelModel;
    if (!channel.hasWaiting) return;
    const before = channel.tally.received;
    channel.runWoken();
    const got = channel.tally.received - before;
    if (got > 0) {
      this.handed += got;
      this.trace?.push(-got);
    }
  }

  // ───────────────────────────── producers ─────────────────────────────

  /** Arrivals (called by the arrival source from `advanceTo`). */
  arrive(seg: Segment, i0: number, n: number, t: number): void {
    this.counters.offered += n;
    // the workers stalled at stallStart: from then on they are not in recv (arrivals at that very
    // instant come before the decision that would stop the wait)
    if (t >= this.stallStart && t < this.stallEnd && !this.spawn && this.channel?.hasWaiting === true) {
      this.opLog?.push({ op: 'cancel_recv' });
      this.channel.cancelRecv();
    }
    if (this.disconnected && this.plan.leavers > 0 && this.plan.leavers >= this.plan.producersAt(t)) {
      // every producer has dropped its Sender: nobody is left to send (e.g. spike messages)
      this.counters.lostUpstream += n;
      return;
    }
    switch (this.mode) {
      case 'plain':
      case 'try': {
        const k = this.trySendEach ? this.trySendProducers(seg, i0, n) : this.send(seg, i0, n);
        this.reject(n - k);
        break;
      }
      case 'gate': {
        const k = Math.min(n, this.gate);
        this.gate -= k;
        const sent = this.send(seg, i0, k);
        this.gate += k - sent;
        this.reject(n - sent);
        break;
      }
      case 'wait': {
        // Older messages waiting upstream go first (producers that just connected take them).
        if (this.upstream.total > 0) this.pump(t);
        if (this.upstream.total > 0) {
          this.upstream.push(seg, i0, n);
          break;
        }
        const used = this.offer(seg, i0, n, AT_ARRIVAL, t);
        this.upstream.push(seg, i0 + used, n - used);
        break;
      }
    }
    this.track();
  }

  /**
   * Producers build `n` messages and send them: returns how many the channel took. A message the
   * channel refuses is dropped right after being built (its payload never piles up).
   */
  private send(seg: Segment, i0: number, n: number): number {
    if (n <= 0) return 0;
    const r = this.sendMany(n);
    allocPayloads(this.heap, this.payloadBlocks, r.sent);
    // a task spawned for each of these sends ran to its end at once
    this.churn(this.sendTaskSite, this.parkedBytes, n, 128);
    this.queue.push(seg, i0, r.sent);
    this.counters.sent += r.sent;
    this.observe();
    return r.sent;
  }

  /**
   * futures-channel `try_send`, each producer through its own Sender (arrival c is producer c mod P's
   * of the producers the segment's arrivals are dealt to; after producers left, the ones that stay).
   * Returns how many the channel took; the refused ones are dropped by the caller.
   */
  private trySendProducers(seg: Segment, i0: number, n: number): number {
    if (n <= 0) return 0;
    const channel = this.channel as FuturesChannel;
    const producers = seg.producers ?? this.plan.producers;
    const leavers = this.plan.leavers;
    // arrivals after the leavers left are dealt to the others (runs.ts `leaversIn` reads them so too)
    const first = leavers > 0 && !seg.mixed ? leavers : 0;
    const count = producers - first;
    // the first message wakes the waiting receive, which runs before the next send
    let sent = 0;
    let done = 0;
    if (channel.hasWaiting) {
      sent += this.trySendRun(channel, seg, i0, 1, first, count);
      done = 1;
    }
    sent += this.trySendRun(channel, seg, i0 + done, n - done, first, count);
    // a task spawned for each of these sends ran to its end at once (try_send never waits)
    this.churn(this.sendTaskSite, this.parkedBytes, n, 128);
    this.counters.sent += sent;
    this.observe();
    return sent;
  }

  private trySendRun(
    channel: FuturesChannel,
    seg: Segment,
    i0: number,
    n: number,
    first: number,
    count: number,
  ): number {
    if (n <= 0) return 0;
    if (this.taskPerSend) return this.trySendClones(channel, seg, i0, n);
    const accepted: number[] = [];
    const r = channel.trySendProducers(seg.c0 + i0, n, first, count, accepted);
    for (let k = 0; k < accepted.length; k += 2) {
      const len = accepted[k + 1] as number;
      allocPayloads(this.heap, this.payloadBlocks, len);
      this.queue.push(seg, i0 + (accepted[k] as number), len);
    }
    if (this.opLog !== null) this.logTrySends(seg.c0 + i0, n, first, count, accepted);
    this.settle();
    if (r.sent > 0) this.trace?.push(r.sent);
    return r.sent;
  }

  /** A task spawned per send, `try_send` on its own fresh clone (never parked): every message is taken. */
  private trySendClones(channel: FuturesChannel, seg: Segment, i0: number, n: number): number {
    const r = channel.trySendClones(n);
    allocPayloads(this.heap, this.payloadBlocks, r.sent);
    this.queue.push(seg, i0, r.sent);
    const log = this.opLog;
    if (log !== null) {
      // per task: clone the Sender, try_send once, drop the clone (new handle ids above the producers')
      for (let k = 0; k < n; k++) {
        const as = CLONE_IDS + this.clonesLogged++;
        log.push({ op: 'clone_sender', from: this.sendHandle, as }, { op: 'send', sender: as, n: 1 });
        log.push({ op: 'drop_sender', sender: as });
      }
    }
    this.settle();
    if (r.sent > 0) this.trace?.push(r.sent);
    return r.sent;
  }

  /**
   * The op log of `trySendRun`, as the calls each producer's own Sender makes (`send`, one handle at a
   * time), for a fresh model to replay through its per-Sender rules: the accepted sends in arrival
   * order; then each refused producer's attempts in one op (a refusal changes nothing, and every
   * producer refused in a stretch is still parked at its end: no receive happens inside it).
   */
  private logTrySends(
    c0: number,
    n: number,
    first: number,
    count: number,
    accepted: readonly number[],
  ): void {
    const log = this.opLog as GoldenOp[];
    const took = new Map<number, number>();
    for (let k = 0; k < accepted.length; k += 2) {
      const at = accepted[k] as number;
      for (let j = at; j < at + (accepted[k + 1] as number); j++) {
        const sender = first + ((c0 + j) % count);
        took.set(sender, (took.get(sender) ?? 0) + 1);
        const last = log[log.length - 1];
        if (last?.op === 'send' && last.sender === sender) log[log.length - 1] = { ...last, n: last.n + 1 };
        else log.push({ op: 'send', sender, n: 1 });
      }
    }
    for (let j = 0; j < Math.min(n, count); j++) {
      const sender = first + ((c0 + j) % count);
      const refused = Math.floor((n - 1 - j) / count) + 1 - (took.get(sender) ?? 0);
      if (refused > 0) log.push({ op: 'send', sender, n: refused });
    }
  }

  sendMany(n: number): BulkSendResult {
    this.opLog?.push({ op: 'send', sender: this.sendHandle, n });
    const channel = this.channel as ChannelModel;
    let r = channel.sendMany(this.sendHandle, channel.hasWaiting ? 1 : n);
    if (n > 1 && channel.hasWaiting) {
      // the first message woke the waiting receive, which runs before the next send
      this.settle();
      const rest = channel.sendMany(this.sendHandle, n - 1);
      r = { sent: r.sent + rest.sent, full: r.full + rest.full, closed: r.closed + rest.closed };
    } else this.settle();
    if (r.sent > 0) this.trace?.push(r.sent);
    return r;
  }

  recvMany(n: number): number {
    this.opLog?.push({ op: 'recv', n });
    const got = (this.channel as ChannelModel).recvMany(n);
    if (got > 0) this.trace?.push(-got);
    return got;
  }

  /** `n` messages were built and dropped at once (rejected): only the allocation counters move. */
  reject(n: number): void {
    if (n <= 0) return;
    this.counters.rejected += n;
    const top = churnPayloads(this.heap, this.payloadBlocks, n);
    if (top > this.heapMax) this.heapMax = top;
  }

  private churn(site: string, bytes: number, n: number, align = 1): void {
    if (n <= 0 || bytes === 0) return;
    const top = this.heap.churn(site, bytes, align, n);
    if (top > this.heapMax) this.heapMax = top;
  }

  /**
   * Producers free to take a message now (not parked in a send; gone producers' entries excluded).
   * With a task spawned per send nobody is held back: every message gets its own task at once.
   */
  private freeProducers(t: number): number {
    if (this.taskPerSend) return Infinity;
    return Math.max(0, this.plan.connectedCount(t) - (this.waiters.total - this.goneParked));
  }

  /**
   * Wait mode: producers send `n` messages, each through its own Sender, with the crate's async
   * send (`ChannelModel.sendOrPark`): those the channel takes at once are sent, free producers wait
   * with the next ones (what the crate allocates for them, the model allocates), the rest are not
   * attempted. Returns how many were sent or are waiting.
   */
  private offer(seg: Segment, i0: number, n: number, wait: number, t: number): number {
    if (n <= 0) return 0;
    const r = this.sendOrPark(n, this.freeProducers(t));
    const used = r.sent + r.parked;
    allocPayloads(this.heap, this.payloadBlocks, used);
    if (r.sent > 0) {
      // a task spawned for each of these sends ran to its end at once
      this.churn(this.sendTaskSite, this.parkedBytes, r.sent, 128);
      this.queue.push(seg, i0, r.sent);
      this.counters.sent += r.sent;
    }
    if (r.parked > 0) {
      if (this.parkedBytes > 0) this.heap.alloc(this.sendTaskSite, this.parkedBytes, 128, r.parked);
      this.waiters.push(seg, i0 + r.sent, r.parked, wait);
      if (this.blockedThreads !== null) this.threadsBlock(seg.c0 + i0 + r.sent, r.parked);
    }
    this.observe();
    return used;
  }

  /** crossbeam/std: some producer thread has not blocked yet (the fast path leaves those parks to the normal one). */
  get threadsYetToBlock(): boolean {
    return this.blockedThreads !== null && this.blockedThreadCount < this.blockedThreads.length;
  }

  /**
   * crossbeam/std: the producers of arrivals c0 … c0+n−1 (arrival c is producer c mod P's) block
   * in send; a thread blocking for the first time allocates its Context, kept for its life.
   */
  private threadsBlock(c0: number, n: number): void {
    const seen = this.blockedThreads as Uint8Array;
    const p = seen.length;
    let added = 0;
    for (let j = 0; j < Math.min(n, p) && this.blockedThreadCount + added < p; j++) {
      const producer = (c0 + j) % p;
      if (seen[producer] === 0) {
        seen[producer] = 1;
        added++;
      }
    }
    if (added === 0) return;
    this.blockedThreadCount += added;
    this.heap.alloc(SITE_THREAD_CONTEXT, THREAD_CONTEXT_BYTES, 8, added);
  }

  /** `ChannelModel.sendOrPark` through the producers' handle, logged (consecutive offers merge). */
  sendOrPark(n: number, maxPark: number): { sent: number; parked: number } {
    const channel = this.channel as ChannelModel;
    if (n > 1 && channel.hasWaiting) {
      // the first message wakes the waiting receive, which runs before the next send
      const first = this.sendOrPark(1, maxPark);
      const rest = this.sendOrPark(n - 1, maxPark - first.parked);
      return { sent: first.sent + rest.sent, parked: first.parked + rest.parked };
    }
    const r = channel.sendOrPark(this.sendHandle, n, maxPark, this.taskPerSend);
    this.logOffer(r.sent, r.parked);
    if (channel.hasWaiting) {
      this.settle();
      if (this.opLog !== null) this.mergeFrom = this.opLog.length;
    }
    if (r.sent > 0) this.trace?.push(r.sent);
    return r;
  }

  /** Logs a `sendOrPark` through the producers' handle that sent `sent` and parked `parked` (keepup.ts makes some itself). */
  logOffer(sent: number, parked: number): void {
    const log = this.opLog;
    if (log === null || sent + parked === 0) return;
    // Logged as what happened, so that two offers in a row replay as one (the steady path makes one).
    const last = log.length > this.mergeFrom ? log[log.length - 1] : undefined;
    if (last?.op === 'offer' && last.sender === this.sendHandle) {
      log[log.length - 1] = { ...last, n: last.n + sent + parked, park: last.park + parked };
    } else {
      const op = { op: 'offer', sender: this.sendHandle, n: sent + parked, park: parked } as const;
      log.push(this.taskPerSend ? { ...op, clone: true } : op);
    }
  }

  /**
   * keepup.ts made a send that the waiting receive took at once (`TokioChannel.sendToWaitingReceive`):
   * what `settle` books after runWoken (the message is in the consumer's hands), and for an offer the
   * end of merging that `sendOrPark` marks there.
   */
  tookHanded(got: number, offer: boolean): void {
    if (got > 0) {
      this.handed += got;
      this.trace?.push(-got);
    }
    if (offer && this.opLog !== null) this.mergeFrom = this.opLog.length;
  }

  /** `ChannelModel.takeCompleted` through the producers' handle, logged. */
  takeCompleted(max: number): number {
    const k = (this.channel as ChannelModel).takeCompleted(this.sendHandle, max);
    if (k > 0) {
      this.opLog?.push({ op: 'take_completed', sender: this.sendHandle, n: k });
      this.trace?.push(k);
    }
    return k;
  }

  /** Waiting senders leave without sending (a timeout, their producer leaving): the crate's and the task's allocations go. */
  private cancelWaiting(n: number): void {
    if (n <= 0) return;
    (this.channel as ChannelModel).cancelParked(n);
    this.opLog?.push({ op: 'cancel_parked', n });
    this.heap.free(this.sendTaskSite, this.parkedBytes, n);
    freePayloads(this.heap, this.payloadBlocks, n);
  }

  /**
   * Producers that are not parked take their next messages from upstream at t: while nobody is
   * parked they send straight away; once the channel is full each free producer parks with one.
   */
  private pump(t: number): void {
    while (this.upstream.total > 0) {
      if (this.freeProducers(t) === 0) return;
      const front = this.upstream.front() as Run;
      const run = { seg: front.seg, i0: front.i0, n: front.n };
      this.upstream.take(run.n);
      const used = this.offer(run.seg, run.i0, run.n, t, t);
      if (used < run.n) {
        // back to the front of upstream: no producer is free for them
        this.upstream.unshift(run.seg, run.i0 + used, run.n - used);
        return;
      }
    }
  }

  /**
   * Waiting senders whose send completed (a receive made room) stop waiting, oldest first, at
   * most `max`: their messages join the queue. Returns how many.
   */
  private serve(max: number): number {
    const k = this.takeCompleted(max);
    if (k === 0) return 0;
    if (this.goneParked > 0) {
      // futures-channel: entries of producers that left free their SenderTask when they pop
      let gone = 0;
      let left = k;
      for (
        let i = 0, run = this.waiters.runAt(0);
        run !== undefined && left > 0;
        run = this.waiters.runAt(++i)
      ) {
        const m = Math.min(left, run.n);
        gone += leaversIn(run.seg, run.i0, m, this.plan.producers, this.plan.leavers);
        left -= m;
      }
      // (a task spawned per send parks with its own clone's SenderTask, freed by takeCompleted)
      if (this.channel instanceof FuturesChannel && !this.taskPerSend) this.channel.releaseKeptTasks(gone);
      this.goneParked -= gone;
    }
    this.counters.sent += k;
    this.waiters.moveTo(this.queue, k);
    this.heap.free(this.sendTaskSite, this.parkedBytes, k);
    this.observe();
    return k;
  }

  /** Parked senders whose permit arrived: the oldest first (tokio hands permits to the oldest waiter). */
  private serveWaiters(t: number): boolean {
    // Only a receive frees room: without one since the last attempt, a parked sender cannot go.
    if (this.mode !== 'wait' || this.waiters.total === 0 || !this.roomFreed) return false;
    this.roomFreed = false;
    if (this.serve(Infinity) === 0) return false;
    this.pump(t);
    this.track();
    return true;
  }

  private expire(t: number): void {
    if (this.timeout === Infinity) return;
    let expired = 0;
    while (this.waiters.total > 0) {
      const front = this.waiters.front() as Run;
      // parked senders in a run started waiting in order: count those whose deadline has come
      let n = 0;
      if (front.wait !== AT_ARRIVAL) n = front.wait + this.timeout <= t ? front.n : 0;
      else {
        const deadline = t - this.timeout;
        for (let lo = 0, hi = front.n; lo < hi;) {
          const mid = (lo + hi) >>> 1;
          if (arrivalOf(front, mid) <= deadline) lo = n = mid + 1;
          else hi = mid;
        }
      }
      if (n === 0) break;
      this.waiters.take(n);
      expired += n;
    }
    if (expired === 0) return;
    this.counters.timedOut += expired;
    this.cancelWaiting(expired);
    this.observe();
    this.pump(t);
  }

  private disconnect(): void {
    this.disconnected = true;
    const plan = this.plan;
    const channel = this.channel as ChannelModel;
    // A producer leaving drops its waiting send first (it owns the Sender the send borrows). Tasks
    // spawned per send own their clones: they are not the producer's to drop and keep waiting.
    if (this.heldInChannel) {
      // futures-channel: the message is queued already and the parked entry keeps the SenderTask
      // (the producer's own; a spawned task's entry holds its clone's, and the producer's own goes)
      let gone = 0;
      this.waiters.forEach((run) => {
        gone += leaversIn(run.seg, run.i0, run.n, plan.producers, plan.leavers);
      });
      if (channel instanceof FuturesChannel && !this.taskPerSend) channel.keepTasksOfParked(gone);
      this.goneParked += gone;
    } else if (!this.taskPerSend) {
      const cancelled = this.waiters.removeLeavers(plan.producers, plan.leavers);
      this.counters.cancelled += cancelled;
      this.cancelWaiting(cancelled);
    }
    for (let p = 0; p < plan.leavers; p++) {
      // Every producer leaving while spawned tasks still wait: their clones keep the channel open.
      // The handle that stands for those clones (the lane's sendHandle) is dropped once the last of
      // them is done (`dropDeferred`).
      if (p === this.sendHandle && this.taskPerSend && this.waiters.total > 0) {
        this.deferredDrop = p;
        continue;
      }
      channel.dropSender(p);
      this.opLog?.push({ op: 'drop_sender', sender: p });
      this.settle(); // the last Sender gone wakes a waiting receive (it gets None)
    }
    this.counters.lostUpstream += this.upstream.removeLeavers(plan.producers, plan.leavers);
    this.observe();
  }

  /** Drops the handle of the spawned tasks' clones once none of them waits any more (see `disconnect`). */
  private dropDeferred(): void {
    if (this.deferredDrop === null || this.waiters.total > 0) return;
    const p = this.deferredDrop;
    this.deferredDrop = null;
    (this.channel as ChannelModel).dropSender(p);
    this.opLog?.push({ op: 'drop_sender', sender: p });
    this.settle();
    this.observe();
  }

  // ───────────────────────────── consumers ─────────────────────────────

  private complete(t: number): boolean {
    let changed = false;
    for (const w of this.workers) {
      if (!w.busy || w.end > t) continue;
      changed = true;
      const per = (w.end - w.start) / w.count;
      let offset = 0;
      for (const run of w.batch) {
        // message j of the batch finishes at start + (j + 1)·per
        const x0 = w.start + (offset + 1) * per - arrivalOf(run, 0);
        this.e2eTotal.addRange(x0, per - run.seg.spacing, run.n);
        this.e2eInterval.addRange(x0, per - run.seg.spacing, run.n);
        offset += run.n;
      }
      freePayloads(this.heap, this.payloadBlocks, w.count);
      if (this.spawn) this.heap.free(SITE_HANDLER_TASK, this.taskBytes, w.count);
      if (this.gated) this.gate += w.count;
      this.inFlight -= w.count;
      this.counters.handled += w.count;
      w.busy = false;
      w.batch = [];
      this.observe();
    }
    if (changed) this.retireIdle();
    return changed;
  }

  private receive(t: number): boolean {
    if (this.spawn) return this.dispatch(t);
    if (this.stalled(t)) return false;
    let changed = false;
    for (const w of this.workers) {
      if (w.busy || w.retiring === true || this.receivable === 0) continue;
      const got = this.take(Math.min(this.batchLimit, this.receivable), t, w.batch);
      if (got === 0) break;
      this.start(w, got, t);
      changed = true;
    }
    return changed;
  }

  /** Takes up to `max` of the messages the waiting receive got (already out of the channel). */
  takeHanded(max: number): number {
    const k = Math.min(max, this.handed);
    this.handed -= k;
    return k;
  }

  /** Messages a receive can take: the queue's, and futures-channel's parked senders' (queued already). */
  get receivable(): number {
    return this.queue.total + (this.heldInChannel ? this.waiters.total : 0);
  }

  /** recv_many from the channel; the runs taken go to `into`. */
  private take(k: number, t: number, into: Run[]): number {
    const handed = this.takeHanded(k);
    const got = handed + (k > handed ? this.recvMany(k - handed) : 0);
    if (got > 0) this.roomFreed = true;
    // futures-channel: it received parked senders' messages, whose entries its pops unparked
    if (got > this.queue.total) this.serve(got - this.queue.total);
    const first = into.length;
    this.queue.takeInto(got, into);
    for (let i = first; i < into.length; i++) {
      const run = into[i] as Run;
      this.queueTotal.addRange(t - arrivalOf(run, 0), -run.seg.spacing, run.n);
    }
    this.counters.received += got;
    this.inFlight += got;
    if (got > 0 && this.queue.total === 0) this.keptAfterDrain = this.channelBytes();
    this.observe();
    return got;
  }

  private start(w: ConsumerWorker, count: number, t: number): void {
    w.busy = true;
    w.count = count;
    w.start = t;
    const ordinal = this.counters.received - count;
    // one message: from the memo the lanes share (the same number, see ServiceTimes.single)
    const work = count === 1 ? this.service.single(ordinal) : this.service.duration(ordinal, count);
    w.end =
      t < this.stallStart && t + work > this.stallStart
        ? t + work + (this.stallEnd - this.stallStart)
        : t + work;
  }

  /** Dispatcher / task-per-message: receive everything, spawn a task per message (gated: if a permit is free). */
  private dispatch(t: number): boolean {
    let changed = false;
    if (this.receivable > 0) {
      const got: Run[] = [];
      const n = this.take(this.receivable, t, got);
      this.inFlight -= n;
      // Gated at the dispatcher: a task needs a permit (try_acquire_owned), the rest are dropped.
      let admit = this.spec.kind === 'semaphore-dispatcher' ? Math.min(n, this.gate) : n;
      if (this.spec.kind === 'semaphore-dispatcher') this.gate -= admit;
      for (const run of got) {
        const a = Math.min(admit, run.n);
        admit -= a;
        this.tasks.push(run.seg, run.i0, a);
        this.inFlight += a;
        this.heap.alloc(SITE_HANDLER_TASK, this.taskBytes, 128, a);
        const dropped = run.n - a;
        this.counters.rejected += dropped;
        freePayloads(this.heap, this.payloadBlocks, dropped);
      }
      this.observe();
      changed = true;
    }
    if (this.stalled(t)) return changed;
    for (const w of this.workers) {
      if (w.busy || w.retiring === true || this.tasks.total === 0) continue;
      const n = this.tasks.takeInto(Math.min(this.batchLimit, this.tasks.total), w.batch);
      this.start(w, n, t);
      changed = true;
    }
    return changed;
  }

  // ───────────────────────────── timed changes ─────────────────────────────

  /** The scenario's timed changes after time 0 (the engine builds the lane with those at 0 applied). */
  schedule(changes: readonly TimedChange[]): void {
    this.timed = changes;
    this.nextTimed = 0;
  }

  /** The time of the next timed change, or Infinity (the fast path stops short of it). */
  get nextChangeAt(): number {
    return this.timed[this.nextTimed]?.at ?? Infinity;
  }

  /** Applies what a timed change means for this lane (changes.ts says what each one means). */
  private applyTimed(change: TimedChange): void {
    const before = this.current;
    const s = change.scenario;
    this.current = { scenario: s, spec: change.spec };
    const channel = this.channel as ChannelModel;
    // new producers connect and clone a Sender; producers that stop keep theirs
    for (let p = this.senders; p < s.producers.count; p++) {
      channel.cloneSender(0, p);
      this.opLog?.push({ op: 'clone_sender', from: 0, as: p });
    }
    this.senders = Math.max(this.senders, s.producers.count);
    const c = s.consumers;
    if (c.serviceUs !== before.scenario.consumers.serviceUs) {
      this.service.setMean(c.serviceUs);
      this.batchLimit = this.service.instant ? Infinity : c.batch;
    }
    const stallFor = Math.round(c.stallForMs * 1000);
    this.stallStart = stallFor > 0 ? Math.round(c.stallAtMs * 1000) : Infinity;
    this.stallEnd = stallFor > 0 ? this.stallStart + stallFor : Infinity;
    if (this.gated) this.gate += change.spec.permits - before.spec.permits;
    this.setConsumers(c.count);
    this.observe();
  }

  /** More workers start now; fewer: the ones above the count finish their batch, then stop. */
  private setConsumers(count: number): void {
    const working = this.workers.filter((w) => w.retiring !== true);
    for (let i = count; i < working.length; i++) (working[i] as ConsumerWorker).retiring = true;
    const added = count - working.length;
    for (let i = 0; i < added; i++) this.workers.push({ busy: false, start: 0, end: 0, count: 0, batch: [] });
    const buffer = this.recvBufferBytes();
    if (added > 0 && buffer > 0) this.heap.alloc(SITE_RECV_BUFFER, buffer, 8, added);
    this.retireIdle();
  }

  /** Workers told to stop that have no batch in hand leave, dropping their recv_many buffer. */
  private retireIdle(): void {
    const gone = this.workers.filter((w) => w.retiring === true && !w.busy).length;
    if (gone === 0) return;
    let contexts = 0;
    for (let i = this.workers.length - 1; i >= 0; i--) {
      const w = this.workers[i] as ConsumerWorker;
      if (w.retiring === true && !w.busy) {
        this.workers.splice(i, 1);
        if (w.blocked === true) contexts++; // the thread ends: its thread-local Context goes
      }
    }
    this.heap.free(SITE_CONSUMER_CONTEXT, THREAD_CONTEXT_BYTES, contexts);
    const buffer = this.recvBufferBytes();
    if (buffer > 0) this.heap.free(SITE_RECV_BUFFER, buffer, gone);
  }

  /** recv_many's Vec per worker (0 when messages are received one by one or handed to tasks). */
  private recvBufferBytes(): number {
    const batch = this.current.scenario.consumers.batch;
    return !this.spawn && batch > 1 ? Math.min(batch, 2 ** 40) * sizeOf(this.message) : 0;
  }

  // ───────────────────────────── metrics ─────────────────────────────

  observe(): void {
    const b = this.heap.liveBytes;
    if (b < this.heapMin) this.heapMin = b;
    if (b > this.heapMax) this.heapMax = b;
  }

  /** A low point the heap went through between two observations (the fast path computes them). */
  observeLow(bytes: number): void {
    if (bytes < this.heapMin) this.heapMin = bytes;
  }

  /** The channel's own bytes now are what it keeps after draining (the fast path's last cycle). */
  noteDrained(): void {
    this.keptAfterDrain = this.channelBytes();
  }

  private track(): void {
    if (this.queue.total > this.maxDepth) this.maxDepth = this.queue.total;
    if (this.waiters.total > this.maxWaiting) this.maxWaiting = this.waiters.total;
  }

  /** Starts a new sampling interval at the current heap. */
  resetInterval(): void {
    this.heapMin = this.heapMax = this.heap.liveBytes;
    this.e2eInterval.reset();
  }

  /** Bytes the channel itself holds (blocks, buffers, its Arc), without messages' payloads or tasks. */
  channelBytes(): number {
    return this.heap.liveBytes - this.heap.sitesBytes(ENGINE_SITES);
  }

  /** set by the fast path while the queue's runs lag behind (steady.ts): the retained count to report */
  private retainedOverride: number | null = null;

  /** Runs `take` (a sample) with `retained` reported as the retained messages: the fast path's queues lag. */
  sampleWithRetained(retained: number, take: () => void): void {
    this.retainedOverride = retained;
    try {
      take();
    } finally {
      this.retainedOverride = null;
    }
  }

  /** Queued messages whose producer has left. */
  retainedMessages(): number {
    if (this.retainedOverride !== null) return this.retainedOverride;
    const plan = this.plan;
    if (!this.disconnected || plan.leavers === 0) return 0;
    let n = this.goneParked; // futures-channel: queued already, with their parked entry
    for (let i = 0, run = this.queue.runAt(0); run !== undefined; run = this.queue.runAt(++i)) {
      n += leaversIn(run.seg, run.i0, run.n, plan.producers, plan.leavers);
    }
    return n;
  }

  /** The oldest parked senders, for drawing. */
  oldestWaiters(max: number): { producer: number; sinceMs: number; bytes: number }[] {
    const out: { producer: number; sinceMs: number; bytes: number }[] = [];
    // a task spawned per send holds its message inside its cell
    const bytes = (this.taskPerSend ? this.parkedBytes : sizeOf(this.message)) + this.payload;
    const p = Math.max(1, this.plan.producers);
    this.waiters.forEach((run) => {
      for (let j = 0; j < run.n && out.length < max; j++) {
        out.push({ producer: (run.seg.c0 + run.i0 + j) % p, sinceMs: waitStartOf(run, j) / 1000, bytes });
      }
    });
    return out;
  }
}
