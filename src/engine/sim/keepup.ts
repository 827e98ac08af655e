/**
 * Fast path for a consumer that keeps up: one worker receiving message by message (`recv_many(1)`,
 * or `recv()`), random arrivals and service times, a queue that empties now and then. The saturated
 * fast path (steady.ts) does not apply: every message has its own arrival, receive and end, so the
 * run goes decision by decision. What costs time in the general path is not those decisions but the
 * machinery around them; this loop makes the same decisions with less of it:
 *
 * - the next decision is the worker's end while it is busy, else the next arrival (the other
 *   decision points, a stall, a timed change, producers leaving, lie beyond the stretch: they are
 *   found once, and the loop hands over before the first of them);
 * - a decision sends the arrivals up to it and then runs the general path's rounds (the batch ends;
 *   the next message is received and started; a message of 0 µs ends at once) for one worker,
 *   written out, with the message in hand kept as (segment, index) instead of a run object;
 * - service times come from `ServiceTimes.single` (drawn in blocks, shared by the lanes) and the
 *   bytes of the engine's own allocation sites are counted along instead of summed site by site at
 *   every drain;
 * - the arrivals up to a decision are counted in the one segment that can hold them
 *   (`ArrivalSource.frontAfter`) while the decision lies before its end, instead of walking the
 *   segments (`forEach`, which the loop still uses across a segment's end);
 * - sends that cannot leave the state are made here: plain and gated ones, a producer's
 *   `send().await` with room for all (`TokioChannel.sendsAtOnce`: then `sendOrPark` sends them all and
 *   parks none), and one that wakes the waiting receive (the lane's calls, or tokio's
 *   `sendToWaitingReceive`, the send and the receive's one poll without the woken set); tokio is asked
 *   for the count only (`sendCount`, `sendMany` without its result object);
 * - a message's payload moves the heap's live bytes (and peak) when it is built and dropped, as
 *   `allocPayloads` / `freePayloads` would, and its allocation counts are booked in one go
 *   (`settlePayloads`) before anything else looks at the heap (a sample, the lane's own methods,
 *   leaving): the bytes at every point the engine looks are the same, the counts once they are read.
 *
 * - for tokio with nothing logged or traced, the decisions inside one arrival segment go through
 *   `stretch`, the same steps again with the state in locals (see there).
 *
 * Every call on the crate model, the heap and the latency statistics is the general path's, with the
 * same arguments in the same order, and the heap's extremes are looked at in the same places, so the
 * op log, the snapshot and every sample are bit for bit those of the general path
 * (`keepUpArb` in test/fuzz/scenario-props.ts compares both on generated scenarios). Whatever the loop
 * does not handle (a send that may wait, a message parked, every producer gone) goes to the lane's
 * own methods, and the loop stops as soon as the lane leaves its state.
 */
import { allocPayloads, payloadSiteUsed, settlePayloads } from '../payload.ts';
import type { ChannelModel } from '../channels/types.ts';
import { TokioChannel } from '../channels/tokio.ts';
import { upTo, type ArrivalSink, type Segment } from './arrivals.ts';
import { ENGINE_SITES } from './costs.ts';
import type { Lane } from './lane.ts';
import { AT_ARRIVAL } from './runs.ts';
import type { Lockstep } from './lockstep.ts';
import { fastForwardSaturated, type LaneSampler } from './steady.ts';

// Imported functions and constants used once per message, read once: under tsx (the bench, the CLI)
// every use of an import goes through a getter, which cost about a tenth of this loop.
const allocEach = allocPayloads;
const arrivalsUpTo = upTo;

/**
 * Latencies of the messages handled (end to end) and received (time queued) since the last `settle`,
 * as (x0, dx) pairs of one-message runs, handed to the histograms there with `addEach` (the same
 * additions in the same order). One pair of buffers for every lane: a loop books everything before
 * it returns or calls the lane's own methods, and the lanes take turns.
 */
const LATENCY_BATCH = 1024;
const ENDS = new Float64Array(2 * LATENCY_BATCH);
const QUEUED = new Float64Array(2 * LATENCY_BATCH);

/** The general decision loop gives up after this many rounds at one instant (lane.ts `decideAt`). */
const MAX_ROUNDS = 1_000_000;

/**
 * Takes `lane`'s decisions up to `limit` (µs) while it is in the keep-up state, right after a decision
 * of the general path (or between two), with the samples that fall on the way; returns where it stops
 * (the general path carries on from there). Changes nothing when the lane is not in that state.
 * `group`: the lane leads lanes in lockstep (lockstep.ts); the loop then stops between two decisions
 * before one that a lane could not take as the leader does, and never hands a decision to the lane.
 */
export function keepUp(
  lane: Lane,
  limit: number,
  sampler: LaneSampler,
  saturated = true,
  group: Lockstep | null = null,
): void {
  const channel = lane.channel;
  const w = lane.workers[0];
  if (channel === null || w === undefined || lane.workers.length !== 1 || w.retiring === true) return;
  if (lane.spawn || lane.batchLimit !== 1 || lane.timeout !== Infinity) return;
  if (lane.waiters.total > 0 || lane.upstream.total > 0 || lane.stalled(lane.now)) return;
  const first = w.batch[0];
  if (w.busy && (w.count !== 1 || w.batch.length !== 1 || first === undefined || first.n !== 1)) return;
  new KeepUp(lane, channel, w, group).run(limit, sampler, saturated);
}

/**
 * Hands a run of the leader's points at channel bytes c, of which `hi` the highest and `lo` the
 * lowest, to its group: `Lockstep.point` for each point keeps only those two of the run (its
 * offsets move only when c does), so the two calls leave it as the calls for every point would.
 */
function flushPoints(group: Lockstep, hi: number, lo: number, c: number): void {
  if (hi === -Infinity) return;
  group.point(hi, hi - c);
  group.point(lo, lo - c);
}

/** Counts arrivals (a lockstep check before a stretch of them crosses a segment's end). */
class Counter implements ArrivalSink {
  n = 0;
  arrive(_seg: Segment, _i0: number, n: number): void {
    this.n += n;
  }
}

/** A lockstep group met a decision that a lane could not take as its leader does (see `keepUp`). */
const APART = 2;

class KeepUp implements ArrivalSink {
  private readonly heap;
  private readonly queue;
  private readonly counters;
  private readonly plan;
  /** tokio's model, asked for counts only where that is exact (see `send`); null for other crates */
  private readonly tokio: TokioChannel | null;
  /** the decision points other than arrivals and ends, which the general path takes */
  private readonly other: number;
  /** every producer has dropped its Sender: arrivals are lost (the lane's own `arrive` counts them) */
  private readonly allGone: boolean;
  /** live bytes of the engine's own sites (payloads, tasks, buffers), kept up to date along */
  private engineBytes: number;
  // the message in hand (the worker's batch of one), read from the worker once and written back on leaving
  private seg: Segment | null = null;
  private index = 0;
  private wait = AT_ARRIVAL;
  /** the worker's `batch` is stale (the message in hand is the fields above) until `leave` */
  private held = false;
  // the arrivals: the first segment with arrivals after lane.now (null: ask the source), and its
  // arrivals up to lane.now (upTo(cur, lane.now))
  private cur: Segment | null = null;
  private curIdx = 0;
  /** payloads are booked in bulk (the heap has a payload site already, so the sites' order holds) */
  private bulk: boolean;
  /** messages built and dropped whose bytes are in the heap but whose counts are not booked yet */
  private allocated = 0;
  private freed = 0;
  /** pairs in ENDS and QUEUED not yet handed to the histograms */
  private ended = 0;
  private queued = 0;
  /** `stretch` may take decisions (tokio, nothing logged or traced, no task per send) */
  private readonly fast: boolean;

  constructor(
    private readonly lane: Lane,
    private readonly channel: ChannelModel,
    private readonly w: Lane['workers'][number],
    private readonly group: Lockstep | null = null,
  ) {
    this.heap = lane.heap;
    this.queue = lane.queue;
    this.counters = lane.counters;
    this.plan = lane.plan;
    this.tokio = channel instanceof TokioChannel ? channel : null;
    const now = lane.now;
    const plan = lane.plan;
    // as in Lane.nextDecision; none of these moves while the loop stays before the first of them
    let other = lane.nextChangeAt;
    if (lane.stallStart > now) other = Math.min(other, lane.stallStart);
    if (lane.stallEnd > now) other = Math.min(other, lane.stallEnd);
    if (!lane.disconnected && plan.disconnectAt > now) other = Math.min(other, plan.disconnectAt);
    this.other = other;
    this.allGone = lane.disconnected && plan.leavers > 0 && plan.leavers >= plan.producersAt(now);
    this.engineBytes = this.heap.sitesBytes(ENGINE_SITES);
    const run = w.batch[0];
    if (w.busy && run !== undefined) {
      this.seg = run.seg;
      this.index = run.i0;
      this.wait = run.wait;
    }
    this.bulk = payloadSiteUsed(this.heap);
    this.follow(now);
    this.fast =
      this.tokio !== null &&
      lane.opLog === null &&
      lane.trace === null &&
      lane.parkedBytes === 0 &&
      !lane.trySendEach &&
      !this.allGone;
  }

  /** Points the arrival cursor at the first segment with arrivals after t. */
  private follow(t: number): void {
    const cur = this.lane.source.frontAfter(t);
    this.cur = cur;
    this.curIdx = cur === null ? 0 : arrivalsUpTo(cur, t);
  }

  /** Books the payloads built and dropped so far (see the header); before anything reads the heap's sites. */
  private settle(): void {
    this.settleLatencies();
    this.settlePayloads();
  }

  /** Books the payloads built and dropped so far: before the lane's own methods build, drop or count them. */
  private settlePayloads(): void {
    if (this.allocated === 0 && this.freed === 0) return;
    settlePayloads(this.heap, this.lane.payloadBlocks, this.allocated, this.freed);
    this.allocated = 0;
    this.freed = 0;
  }

  /** Hands the latencies recorded so far to the lane's histograms. */
  private settleLatencies(): void {
    const lane = this.lane;
    if (this.ended > 0) {
      lane.e2eInterval.addEachWithTotal(lane.e2eTotal, ENDS, 0, this.ended);
      this.ended = 0;
    }
    if (this.queued > 0) {
      lane.queueTotal.addEach(QUEUED, 0, this.queued);
      this.queued = 0;
    }
  }

  /** ArrivalSource.nextArrival(now, limit), from the cursor when it is set (see `frontAfter`). */
  private nextArrival(now: number, limit: number): number {
    const cur = this.cur;
    if (cur === null || !(now < limit)) return this.lane.source.nextArrival(now, limit);
    const at = Math.ceil(cur.first + this.curIdx * cur.spacing);
    return at > now ? at : now + 1;
  }

  /** `saturated`: after a decision of the general path, try the saturated fast path, as the engine does */
  run(limit: number, sampler: LaneSampler, saturated: boolean): void {
    const lane = this.lane;
    const w = this.w;
    const arrivalLimit = Math.min(this.other, this.plan.duration);
    for (;;) {
      const stop = Math.min(sampler.next, limit);
      if (this.fast) this.stretch(stop, arrivalLimit);
      const now = lane.now;
      // Lane.nextDecision in this state: the worker's end, or the next arrival while it is idle
      let d = Math.min(this.other, w.busy ? w.end : this.nextArrival(now, arrivalLimit));
      if (!(d > now)) d = now + 1;
      if (d >= this.other) break;
      if (d <= stop) {
        const r = this.decide(d);
        if (r === APART) break;
        if (r === false) {
          if (saturated && d < limit) fastForwardSaturated(lane, limit, sampler);
          return;
        }
        continue;
      }
      if (!this.advance(stop)) break;
      if (stop !== sampler.next) break;
      this.leave();
      sampler.take();
      if (!this.inState()) return;
    }
    this.leave();
  }

  /**
   * `decide`'s decisions, written out for a tokio channel with nothing logged or traced, from the
   * current one on while they stay inside the arrival cursor's segment and before `stop` and the other
   * decision points, and every send finds room (permits, the gate, and in lockstep every lane's:
   * `Lockstep.safe`). Returns before the first decision it does not take, with everything written
   * back, and `run` takes that one as before. Why it is `decide` exactly:
   * - the state is the same, only where it lives differs meanwhile: the consumer, the message in hand,
   *   the permits and the waiting receive in locals; the queue as the range of the segment's arrivals
   *   it holds (entered only with such a queue: one run, waiting since arrival, ending at the cursor;
   *   every arrival after it is sent, so it stays one run; `RunQueue.setRange` writes it back);
   * - tokio's calls are the four entry points that make only the statements of `sendCount`,
   *   `sendToWaitingReceive`, `recvMany(1)` and `recvWait` that act on a quiet channel
   *   (`TokioChannel.keepUpQuiet`, checked on entry; nothing here can change it), in the same order;
   * - the heap's live bytes, peak and extremes move at the same points by the same amounts (payloads as
   *   in `build` and `drop`, blocks inside tokio's calls), and the followers' points reach the lockstep
   *   group as the highest and lowest of each run at one channel size: `Lockstep.point` keeps no more
   *   of a run (its offsets move only when the channel's bytes do; `flushPoints`);
   * - waitForMessages's outcome follows from the locals: the receiver is alive (quiet), the consumer
   *   not stalled (a stall starts at `other` or later, and the loop is not entered in one) and some
   *   Sender left (`sendersGone`, checked on entry; it changes only at `other`).
   */
  private stretch(stop: number, arrivalLimit: number): void {
    const lane = this.lane;
    const cur = this.cur;
    const tokio = this.tokio as TokioChannel;
    if (cur === null || !this.bulk || !this.inState() || lane.sendersGone() || !tokio.keepUpQuiet()) return;
    // the queue: empty, or the cursor's latest arrivals (then kept as the range qHead … qEnd − 1)
    const queue = this.queue;
    let idx = this.curIdx;
    let qHead = idx;
    if (queue.total > 0) {
      const run = queue.front() as NonNullable<ReturnType<typeof queue.front>>;
      if (queue.length !== 1 || run.seg !== cur || run.wait !== AT_ARRIVAL || run.i0 + run.n !== idx) return;
      qHead = run.i0;
    }
    let qEnd = idx;
    const w = this.w;
    const heap = this.heap;
    const counters = this.counters;
    const group = this.group;
    const service = lane.service;
    const other = this.other;
    const payload = lane.payload;
    const gated = lane.gated;
    const gateMode = lane.mode === 'gate';
    const stallStart = lane.stallStart;
    const stallExtra = lane.stallEnd - lane.stallStart;
    const first = cur.first;
    const spacing = cur.spacing;
    const count = cur.count;
    const segEnd = cur.end;
    let now = lane.now;
    let busy = w.busy;
    let wStart = w.start;
    let wEnd = w.end;
    // the message in hand: its segment and its index there (and its wait, kept for `leave`)
    let hSeg = this.seg;
    let hIdx = this.index;
    let hWait = this.wait;
    let handed = lane.handedNow;
    // the channel's permits left (Infinity for tokio-unbounded) and its waiting receive
    let permits = tokio.availablePermits;
    let waiting = tokio.hasWaiting;
    let engine = this.engineBytes;
    let allocated = this.allocated;
    let freed = this.freed;
    let ended = this.ended;
    let queued = this.queued;
    let lo = lane.heapMin;
    let hi = lane.heapMax;
    // the followers' points not handed over yet: highest and lowest, all at the leader's channel bytes gC
    let gC = Number.NaN;
    let gHi = -Infinity;
    let gLo = Infinity;
    /** decisions taken */
    let took = 0;
    let started = false;
    for (;;) {
      // the next decision (run's), and whether this loop takes it
      let d: number;
      if (busy) d = wEnd;
      else {
        if (idx >= count || !(now < arrivalLimit)) break;
        const at = Math.ceil(first + idx * spacing);
        d = at > now ? at : now + 1;
      }
      if (!(d > now)) d = now + 1;
      if (d >= other || d > stop || d >= segEnd) break;
      // advance(d): the arrivals in (now, d], all of them the cursor's segment's (d < its end)
      const i1 = arrivalsUpTo(cur, d);
      const n = i1 - idx;
      if (n > 0) {
        if (group !== null && !group.safe(n)) break;
        if (permits < n || (gateMode && lane.gate < n)) break;
        // arrive, with room for all n: a gate's k = n permits, sendOrPark parks none, none refused
        counters.offered += n;
        if (gateMode) lane.gate -= n;
        // send: the first one to the waiting receive (which takes it), then the rest
        if (group !== null) tokio.grewTo = -1;
        if (waiting) {
          tokio.handToReceive();
          waiting = false;
          handed += 1;
          if (group !== null && tokio.grewTo >= 0) {
            flushPoints(group, gHi, gLo, gC);
            gC = Number.NaN;
            gHi = -Infinity;
            gLo = Infinity;
            group.grew(tokio.grewTo, engine);
            tokio.grewTo = -1;
          }
          if (n > 1) tokio.pushValues(n - 1);
          permits -= n - 1;
        } else {
          tokio.pushValues(n);
          permits -= n;
        }
        if (group !== null && tokio.grewTo >= 0) {
          flushPoints(group, gHi, gLo, gC);
          gC = Number.NaN;
          gHi = -Infinity;
          gLo = Infinity;
          group.grew(tokio.grewTo, engine);
        }
        // build(n)
        const live = heap.liveBytes + payload * n;
        heap.liveBytes = live;
        if (live > heap.peakBytes) heap.peakBytes = live;
        allocated += n;
        engine += payload * n;
        qEnd = i1;
        counters.sent += n;
        // observe
        if (live < lo) lo = live;
        if (live > hi) hi = live;
        if (group !== null) {
          const c = live - engine;
          if (c !== gC) {
            flushPoints(group, gHi, gLo, gC);
            gC = c;
            gHi = gLo = live;
          } else if (live > gHi) gHi = live;
          else if (live < gLo) gLo = live;
        }
        if (qEnd - qHead > lane.maxDepth) lane.maxDepth = qEnd - qHead;
        idx = i1;
      }
      now = d;
      took += 1;
      // the rounds: the message in hand ends, the next one is received and started
      for (let round = 0; ; round++) {
        let changed = false;
        if (busy && wEnd <= d) {
          // complete: Lane.complete's latency for a batch of one (per: the duration over 1)
          const seg = hSeg as Segment;
          const per = wEnd - wStart;
          const e = 2 * ended;
          ENDS[e] = wStart + per - (seg.first + hIdx * seg.spacing);
          ENDS[e + 1] = per - seg.spacing;
          if (++ended === LATENCY_BATCH) {
            this.ended = ended;
            this.queued = queued;
            this.settleLatencies();
            ended = queued = 0;
          }
          const live = heap.liveBytes - payload;
          heap.liveBytes = live;
          freed += 1;
          engine -= payload;
          if (gated) lane.gate += 1;
          lane.inFlight -= 1;
          counters.handled += 1;
          busy = false;
          hSeg = null;
          if (live < lo) lo = live;
          if (live > hi) hi = live;
          if (group !== null) {
            const c = live - engine;
            if (c !== gC) {
              flushPoints(group, gHi, gLo, gC);
              gC = c;
              gHi = gLo = live;
            } else if (live > gHi) gHi = live;
            else if (live < gLo) gLo = live;
          }
          changed = true;
        }
        if (!busy && qEnd > qHead) {
          // receive: the message the waiting receive got, else one recv (the channel holds it)
          if (handed > 0) handed -= 1;
          else {
            tokio.popValue();
            permits += 1;
          }
          lane.roomFreed = true;
          hSeg = cur;
          hIdx = qHead++;
          hWait = AT_ARRIVAL;
          const q = 2 * queued;
          QUEUED[q] = d - (first + hIdx * spacing);
          QUEUED[q + 1] = -spacing;
          if (++queued === LATENCY_BATCH) {
            this.ended = ended;
            this.queued = queued;
            this.settleLatencies();
            ended = queued = 0;
          }
          counters.received += 1;
          lane.inFlight += 1;
          const live = heap.liveBytes;
          if (qHead === qEnd) {
            lane.keptAfterDrain = live - engine;
            group?.drained(live - engine);
          }
          if (live < lo) lo = live;
          if (live > hi) hi = live;
          if (group !== null) {
            const c = live - engine;
            if (c !== gC) {
              flushPoints(group, gHi, gLo, gC);
              gC = c;
              gHi = gLo = live;
            } else if (live > gHi) gHi = live;
            else if (live < gLo) gLo = live;
          }
          // start
          busy = true;
          started = true;
          wStart = d;
          const work = service.single(counters.received - 1);
          wEnd = d < stallStart && d + work > stallStart ? d + work + stallExtra : d + work;
          changed = true;
        }
        if (!changed || round > MAX_ROUNDS) break;
      }
      // (a queue of one run needs no compacting)
      if (!busy || waiting) {
        // Lane.waitForMessages(d): the worker idle on an empty channel waits in recv (the channel is
        // quiet and the receiver alive; not stalled before `other`, senders left: checked on entry)
        const want = !busy && qEnd === qHead;
        if (want !== waiting) {
          if (want) tokio.waitOnEmpty();
          else tokio.cancelRecv();
          waiting = want;
          // (Lane.observe, and settle: nothing woken)
          const live = heap.liveBytes;
          if (live < lo) lo = live;
          if (live > hi) hi = live;
        }
        if (group !== null) {
          const live = heap.liveBytes;
          const c = live - engine;
          if (c !== gC) {
            flushPoints(group, gHi, gLo, gC);
            gC = c;
            gHi = gLo = live;
          } else if (live > gHi) gHi = live;
          else if (live < gLo) gLo = live;
        }
      }
    }
    if (took === 0) return;
    if (group !== null) flushPoints(group, gHi, gLo, gC);
    lane.stretched += took;
    lane.now = now;
    this.curIdx = idx;
    if (idx >= count) this.cur = null;
    queue.setRange(cur, qHead, qEnd - qHead);
    w.busy = busy;
    w.start = wStart;
    w.end = wEnd;
    if (started) w.count = 1;
    this.seg = hSeg;
    this.index = hIdx;
    this.wait = hWait;
    this.held = true;
    lane.handedNow = handed;
    this.engineBytes = engine;
    this.allocated = allocated;
    this.freed = freed;
    this.ended = ended;
    this.queued = queued;
    lane.heapMin = lo;
    lane.heapMax = hi;
  }

  /** The lane is still in the keep-up state (nothing parked or waiting upstream). */
  private inState(): boolean {
    return this.lane.waiters.total === 0 && this.lane.upstream.total === 0;
  }

  /** Writes the message in hand back as the worker's batch, as the general path keeps it, and books the payloads. */
  private leave(): void {
    this.settle();
    if (!this.held) return;
    this.held = false;
    const seg = this.seg;
    this.w.batch = this.w.busy && seg !== null ? [{ seg, i0: this.index, n: 1, wait: this.wait }] : [];
  }

  /**
   * Lane.advanceTo: the arrivals in (now, t]. In lockstep, false (doing nothing) when some lane could
   * not send them all at once.
   */
  private advance(t: number): boolean {
    const lane = this.lane;
    const now = lane.now;
    if (t <= now) return true;
    const cur = this.cur;
    const group = this.group;
    if (cur !== null && t < cur.end) {
      // the cursor's segment holds every arrival in (now, t] (see ArrivalSource.frontAfter)
      const i0 = this.curIdx;
      const i1 = arrivalsUpTo(cur, t);
      if (group !== null && i1 > i0 && !group.safe(i1 - i0)) return false;
      if (i1 > i0) {
        this.curIdx = i1;
        if (i1 >= cur.count) this.cur = null;
        this.arrive(cur, i0, i1 - i0, t);
      }
      lane.now = t;
      return true;
    }
    if (group !== null) {
      const count = new Counter();
      lane.source.forEach(now, t, count);
      if (!group.safe(count.n)) return false;
    }
    lane.source.forEach(now, t, this);
    lane.now = t;
    this.follow(t);
    return true;
  }

  /**
   * Lane.decideAt(d) in this state; false when the lane left it (the general path then took the
   * decision), APART when a lockstep group stops before it (nothing done).
   */
  private decide(d: number): boolean | typeof APART {
    const lane = this.lane;
    const w = this.w;
    if (!this.advance(d)) return APART;
    if (!this.inState()) {
      if (this.group !== null) throw new Error('keep-up: a lane in lockstep left the keep-up state');
      this.leave();
      lane.decideAt(d);
      return false;
    }
    // the rounds of Lane.decideAt for one worker: its batch ends, it receives and starts the next
    for (let round = 0; ; round++) {
      let changed = false;
      if (w.busy && w.end <= d) {
        this.complete();
        changed = true;
      }
      if (!w.busy && this.queue.total > 0 && this.receive(d)) changed = true;
      if (!changed || round > MAX_ROUNDS) break;
    }
    const queued = this.queue.total;
    if (queued > lane.maxDepth) lane.maxDepth = queued;
    this.queue.compact();
    // Lane.decideAt's last step: an idle consumer waits in the crate's receive (with the worker busy
    // and no receive waiting, waitForMessages finds nothing to change: skipped)
    if (!w.busy || this.channel.hasWaiting) {
      if (lane.waitForMessages(d)) {
        this.settlePayloads();
        this.engineBytes = this.heap.sitesBytes(ENGINE_SITES);
      }
      // (the lane looked at the heap there, if anything changed)
      this.group?.point(this.heap.liveBytes, this.engineBytes);
    }
    return true;
  }

  /** Lane.complete for the worker's one message. */
  private complete(): void {
    const lane = this.lane;
    const w = this.w;
    const seg = this.seg as Segment;
    const per = (w.end - w.start) / w.count;
    // Lane.complete's expression for message 0 of the batch, term for term
    const x0 = w.start + (0 + 1) * per - (seg.first + (this.index + 0) * seg.spacing);
    // e2eTotal.addRange(x0, per − spacing, 1), and e2eInterval's, at the next settle
    const e = 2 * this.ended;
    ENDS[e] = x0;
    ENDS[e + 1] = per - seg.spacing;
    if (++this.ended === LATENCY_BATCH) this.settleLatencies();
    this.drop();
    this.engineBytes -= lane.payload;
    if (lane.gated) lane.gate += 1;
    lane.inFlight -= 1;
    this.counters.handled += 1;
    w.busy = false;
    this.held = true;
    this.seg = null;
    this.observe();
  }

  /** Lane.take(1) and Lane.start: true when a message was received. */
  private receive(t: number): boolean {
    const lane = this.lane;
    const w = this.w;
    const queue = this.queue;
    // Lane.take(1): the message the waiting receive got, else one recv
    let got = lane.takeHanded(1);
    if (got === 0) {
      lane.opLog?.push({ op: 'recv', n: 1 });
      got = this.channel.recvMany(1);
      if (got > 0) lane.trace?.push(-got);
    }
    if (got > 0) {
      lane.roomFreed = true;
      const run = queue.front() as NonNullable<ReturnType<typeof queue.front>>;
      const seg = run.seg;
      this.seg = seg;
      this.index = run.i0;
      this.wait = run.wait;
      queue.shiftOne();
      // queueTotal.addRange(t − arrival, −spacing, 1) at the next settle
      const q = 2 * this.queued;
      QUEUED[q] = t - (seg.first + (this.index + 0) * seg.spacing);
      QUEUED[q + 1] = -seg.spacing;
      if (++this.queued === LATENCY_BATCH) this.settleLatencies();
    }
    this.counters.received += got;
    lane.inFlight += got;
    if (got > 0 && queue.total === 0) {
      lane.keptAfterDrain = this.heap.liveBytes - this.engineBytes;
      this.group?.drained(lane.keptAfterDrain);
    }
    this.observe();
    if (got === 0) return false;
    // Lane.start
    w.busy = true;
    w.count = 1;
    w.start = t;
    this.held = true;
    const work = lane.service.single(this.counters.received - 1);
    w.end =
      t < lane.stallStart && t + work > lane.stallStart
        ? t + work + (lane.stallEnd - lane.stallStart)
        : t + work;
    return true;
  }

  /**
   * Lane.arrive: everything but what may leave the state (every producer gone, anything parked or
   * upstream, a send that may wait without room for all) is written out.
   */
  arrive(seg: Segment, i0: number, n: number, t: number): void {
    const lane = this.lane;
    const mode = lane.mode;
    const tokio = this.tokio;
    // (task-per-send producers' offers are the lane's: what their tasks hold while waiting is its business)
    const offerHere = mode === 'wait' && tokio !== null && lane.parkedBytes === 0 && tokio.sendsAtOnce(n);
    // (so are futures-channel try_sends through each producer's own Sender)
    if (this.allGone || !this.inState() || (mode === 'wait' && !offerHere) || lane.trySendEach) {
      if (this.group !== null) throw new Error('keep-up: a lane in lockstep hands a send to the lane');
      const sent = this.counters.sent;
      // (the lane's arrive reads no latency: those stay batched)
      this.settlePayloads();
      lane.arrive(seg, i0, n, t);
      // nothing parked: the engine's sites moved by the payloads of the messages sent, else count again
      if (this.inState()) this.engineBytes += lane.payload * (this.counters.sent - sent);
      else this.engineBytes = this.heap.sitesBytes(ENGINE_SITES);
      return;
    }
    this.counters.offered += n;
    if (mode === 'wait') {
      // Lane.offer with room for all n: sendOrPark sends them all and parks none, whatever it may park
      this.send(seg, i0, n, true);
    } else if (mode === 'gate') {
      const k = Math.min(n, lane.gate);
      lane.gate -= k;
      const sent = this.send(seg, i0, k, false);
      lane.gate += k - sent;
      lane.reject(n - sent);
    } else {
      lane.reject(n - this.send(seg, i0, n, false));
    }
    const queued = this.queue.total;
    if (queued > lane.maxDepth) lane.maxDepth = queued;
  }

  /**
   * Lane.send (`offer`: Lane.offer when it parks none). A send that wakes the waiting receive goes
   * through the lane's own calls (the woken receive runs between the first message and the rest);
   * otherwise tokio's channel is asked for the count only (`TokioChannel.sendCount`, the same
   * statements as `sendMany` and `sendOrPark` with room for all), logged as the lane logs it.
   */
  private send(seg: Segment, i0: number, n: number, offer: boolean): number {
    if (n <= 0) return 0;
    const lane = this.lane;
    const channel = this.channel;
    const tokio = this.tokio;
    let sent: number;
    const group = this.group;
    if (group !== null) (tokio as TokioChannel).grewTo = -1;
    if (channel.hasWaiting) {
      const first = tokio === null ? null : tokio.sendToWaitingReceive();
      if (first === null && group !== null)
        throw new Error('keep-up: a lane in lockstep hands a send to the lane');
      if (first === null) sent = offer ? lane.sendOrPark(n, 0).sent : lane.sendMany(n).sent;
      else {
        // (a block allocated by the first send is a point of its own: the receive may free one next)
        if (group !== null && (tokio as TokioChannel).grewTo >= 0) {
          group.grew((tokio as TokioChannel).grewTo, this.engineBytes);
          (tokio as TokioChannel).grewTo = -1;
        }
        // the first message alone wakes the receive, which takes it (tokio made both calls), then
        // the rest: Lane.sendOrPark(n, 0) as two offers (with room for all), Lane.sendMany as one send
        const rest = (tokio as TokioChannel).sendCount(n - 1);
        if (offer) {
          lane.logOffer(first, 0);
          lane.tookHanded(first, true);
          if (first > 0) lane.trace?.push(first);
          lane.logOffer(rest, 0);
          if (rest > 0) lane.trace?.push(rest);
        } else {
          lane.opLog?.push({ op: 'send', sender: lane.sendHandle, n });
          lane.tookHanded(first, false);
          if (first + rest > 0) lane.trace?.push(first + rest);
        }
        sent = first + rest;
      }
    } else {
      if (offer) lane.logOffer(n, 0);
      else lane.opLog?.push({ op: 'send', sender: lane.sendHandle, n });
      sent = tokio !== null ? tokio.sendCount(n) : channel.sendMany(lane.sendHandle, n).sent;
      if (sent > 0) lane.trace?.push(sent);
    }
    // in lockstep, a block allocated on the way is a point for the followers' peaks
    if (group !== null && (tokio as TokioChannel).grewTo >= 0)
      group.grew((tokio as TokioChannel).grewTo, this.engineBytes);
    this.build(sent);
    this.engineBytes += lane.payload * sent;
    // a task spawned for each of these sends ran to its end at once (Lane.churn), counted where the
    // lane counts it (the site's name says whether the cell's size is tokio's measured one)
    // (never for an offer made here, see `arrive`)
    if (lane.parkedBytes > 0) {
      const top = this.heap.churn(lane.sendTaskSite, lane.parkedBytes, 128, n);
      if (top > lane.heapMax) lane.heapMax = top;
    }
    this.queue.push(seg, i0, sent);
    this.counters.sent += sent;
    this.observe();
    return sent;
  }

  /** allocPayloads for `n` messages (their counts booked later, see `settle`). */
  private build(n: number): void {
    if (n <= 0) return;
    const heap = this.heap;
    if (!this.bulk) {
      allocEach(heap, this.lane.payloadBlocks, n);
      this.bulk = payloadSiteUsed(heap);
      return;
    }
    heap.liveBytes += this.lane.payload * n;
    if (heap.liveBytes > heap.peakBytes) heap.peakBytes = heap.liveBytes;
    this.allocated += n;
  }

  /** freePayloads for the message in hand (its counts booked later, see `settle`). */
  private drop(): void {
    this.heap.liveBytes -= this.lane.payload;
    this.freed += 1;
  }

  /** Lane.observe (and the followers' in lockstep) */
  private observe(): void {
    const lane = this.lane;
    const b = this.heap.liveBytes;
    if (b < lane.heapMin) lane.heapMin = b;
    if (b > lane.heapMax) lane.heapMax = b;
    this.group?.point(b, this.engineBytes);
  }
}
