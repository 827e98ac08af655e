/**
 * Fast path for a saturated bounded channel: every producer parked in `send().await`, the channel
 * full, one consumer handling batch after batch of exactly `capacity` messages at a fixed service
 * time. Each cycle is then the same: the batch ends, the consumer receives the next `capacity`
 * messages, as many parked senders get their permits and send, and as many producers take their next
 * message from upstream and park.
 *
 * A cycle here makes exactly the calls the normal path makes, in the same order, on the crate model
 * (recv, then send) and on the latency histograms, so the heap, the op log, the statistics and the
 * samples are bit for bit those of the normal path (test/unit/sim-fast-path.test.ts). What it skips:
 * - the search for the next decision and the rounds of the general decision loop;
 * - moving messages between the queues every cycle: the channel's queue, the parked senders and
 *   upstream are read as one pipeline (channel first) with a cursor, and the queues are brought up to
 *   date once, when the stretch ends;
 * - the engine's own allocations (payloads, parked tasks), which come back to the same bytes every
 *   cycle: only their counters and the interval's extremes move.
 */
import { flavorOf } from '../channels/index.ts';
import type { Segment } from './arrivals.ts';
import type { Lane } from './lane.ts';
import { AT_ARRIVAL, leaversIn, type Run, type RunQueue } from './runs.ts';

/** Where the engine wants a sample of this lane: the fast path takes the ones that fall inside its stretch. */
export interface LaneSampler {
  /** the next sample time (µs); Infinity when none is left */
  readonly next: number;
  /** records the lane's row at `next` (the lane has handled everything up to it) and moves `next` on */
  take(): void;
}

/**
 * Reads queues one after the other as one sequence of messages, without changing them, in pieces
 * that merge like a queue's runs do (same segment, consecutive arrivals).
 */
class PipelineCursor {
  private part = 0;
  private index = 0;
  private used = 0;
  constructor(private readonly parts: readonly RunQueue[]) {}

  /** The next `count` messages as pieces into (segs, i0s, ns); returns how many pieces. */
  read(count: number, segs: Segment[], i0s: number[], ns: number[]): number {
    let pieces = 0;
    let left = count;
    while (left > 0) {
      const run = (this.parts[this.part] as RunQueue).runAt(this.index);
      if (run === undefined) {
        if (this.part + 1 === this.parts.length) break;
        this.part++;
        this.index = 0;
        this.used = 0;
        continue;
      }
      const n = Math.min(left, run.n - this.used);
      if (n <= 0) {
        this.index++;
        this.used = 0;
        continue;
      }
      const i0 = run.i0 + this.used;
      const last = pieces - 1;
      if (last >= 0 && segs[last] === run.seg && (i0s[last] as number) + (ns[last] as number) === i0) {
        ns[last] = (ns[last] as number) + n;
      } else {
        segs[pieces] = run.seg;
        i0s[pieces] = i0;
        ns[pieces] = n;
        pieces++;
      }
      this.used += n;
      left -= n;
    }
    return pieces;
  }

  /** Messages of leaving producers among the next `count` (the cursor does not move). */
  leaversAhead(count: number, producers: number, leavers: number): number {
    let part = this.part;
    let index = this.index;
    let used = this.used;
    let left = count;
    let found = 0;
    while (left > 0 && part < this.parts.length) {
      const run = (this.parts[part] as RunQueue).runAt(index);
      if (run === undefined) {
        part++;
        index = 0;
        used = 0;
        continue;
      }
      const n = Math.min(left, run.n - used);
      if (n > 0) found += leaversIn(run.seg, run.i0 + used, n, producers, leavers);
      left -= Math.max(0, n);
      index++;
      used = 0;
    }
    return found;
  }
}

/**
 * Advances `lane` over whole saturated cycles, no further than `limit` (µs), if it is in that state
 * right after a decision, taking the samples that fall inside. Returns false (and changes nothing)
 * when it is not in that state.
 */
export function fastForwardSaturated(lane: Lane, limit: number, sampler: LaneSampler): boolean {
  const channel = lane.channel;
  const w = lane.workers[0];
  const t = lane.now;
  if (channel === null || w === undefined || lane.workers.length !== 1) return false;
  if (lane.mode !== 'wait' || lane.timeout !== Infinity || lane.spawn || !lane.service.fixed) return false;
  // tasks spawned per send never hold their producer back: nobody waits upstream, the tasks pile up
  if (lane.taskPerSend) return false;
  // only where a full bounded channel holds exactly `capacity` messages (the crate's descriptor says)
  if (!flavorOf(lane.impl).exactCapacity || !w.busy || w.start !== t) return false;
  // a producer thread blocking for the first time allocates its Context (crossbeam/std): normal path
  if (lane.threadsYetToBlock) return false;
  const C = w.count;
  const W = lane.waiters.total;
  const plan = lane.plan;
  if (C !== lane.spec.capacity || lane.queue.total !== C || channel.pending !== C || lane.batchLimit < C) {
    return false;
  }
  // (with exactly C parked, the producers served would find nobody parked and try to send first: the
  // general path makes that call, so it takes those cycles itself)
  if (W <= C || W !== plan.connectedCount(t) || plan.connectOver > t) return false;
  const period = w.end - w.start;
  if (period <= 0 || period !== Math.round(C * lane.service.mean)) return false;
  let horizon = Math.min(limit, plan.duration);
  // the last batch started here must end before the stall begins (a batch across it would stretch)
  if (lane.stallStart > t) horizon = Math.min(horizon, lane.stallStart - period);
  if (!lane.disconnected) horizon = Math.min(horizon, plan.disconnectAt - 1);
  // a timed change is a decision of the general path: no cycle may reach it
  horizon = Math.min(horizon, lane.nextChangeAt - 1);
  const m = Math.floor((horizon - t) / period);
  if (m < 1) return false;

  const heap = lane.heap;
  const payload = C * lane.payload;
  const parked = C * lane.parkedBytes;
  const churned = C * lane.payloadAllocs + C * lane.parkedAllocs;
  const per = period / C;
  const c = lane.counters;
  const { queue, waiters, upstream, e2eTotal, e2eInterval, queueTotal } = lane;
  const retained = lane.disconnected && plan.leavers > 0;
  // the batch in hand, as pieces (segment, first index, count)
  const segs: Segment[] = [];
  const i0s: number[] = [];
  const ns: number[] = [];
  let pieces = 0;
  for (const run of w.batch) {
    segs[pieces] = run.seg;
    i0s[pieces] = run.i0;
    ns[pieces] = run.n;
    pieces++;
  }
  const cursor = new PipelineCursor([queue, waiters, upstream]);
  let now = t;
  let k = 0; // cycles done
  const take = (): void => sampler.take();

  for (let j = 1; j <= m; j++) {
    const start = now;
    now = t + j * period;
    while (sampler.next < now) {
      lane.advanceTo(sampler.next);
      lane.sampleWithRetained(retained ? cursor.leaversAhead(C, plan.producers, plan.leavers) : 0, take);
    }
    // Arrivals only join the back of upstream while every producer is parked: they are handled in
    // bulk (at samples and at the end), unless the producers need them now. (Upstream still holds
    // the k·C messages pumped from it so far.)
    if (upstream.total - k * C < C) lane.advanceTo(now);
    if (upstream.total - k * C < C) {
      // fewer producers than permits will park again: the general path takes this decision
      settle(lane, k, C, t, period, segs, i0s, ns, pieces);
      w.start = start;
      w.end = now;
      lane.decideAt(now);
      return true;
    }
    // the batch ends: its messages' end-to-end latencies, then their payloads go
    let offset = 0;
    for (let b = 0; b < pieces; b++) {
      const seg = segs[b] as Segment;
      const n = ns[b] as number;
      const x0 = start + (offset + 1) * per - (seg.first + (i0s[b] as number) * seg.spacing);
      e2eTotal.addRange(x0, per - seg.spacing, n);
      e2eInterval.addRange(x0, per - seg.spacing, n);
      offset += n;
    }
    c.handled += C;
    const level = heap.liveBytes;
    const afterFree = level - payload;
    // recv_many of the next batch (the channel drains)
    const got = lane.recvMany(C);
    const afterRecv = afterFree + (heap.liveBytes - level);
    pieces = cursor.read(C, segs, i0s, ns);
    for (let b = 0; b < pieces; b++) {
      const seg = segs[b] as Segment;
      queueTotal.addRange(
        now - (seg.first + (i0s[b] as number) * seg.spacing),
        -seg.spacing,
        ns[b] as number,
      );
    }
    c.received += C;
    if (j === m) lane.noteDrained();
    // the oldest parked senders get their permits and send; as many producers park with their next
    // message (the crate model frees and allocates what its waiting senders hold: hooks, listeners)
    const beforeSend = heap.liveBytes;
    const served = lane.takeCompleted(Infinity);
    const afterServe = afterRecv + (heap.liveBytes - beforeSend) - parked;
    const r = lane.sendOrPark(C, C);
    if (got !== C || served !== C || r.parked !== C)
      throw new Error(`steady cycle broke: received ${got}, sent ${served}, parked ${r.parked} of ${C}`);
    c.sent += C;
    k = j;
    lane.observeLow(Math.min(afterFree, afterRecv, afterServe));
    lane.observe();
    // the payloads and parked tasks went and came back: only their counters move (a zero-sized
    // payload, e.g. a [u8; N] inline in the message, is never allocated)
    heap.recount(churned);
  }
  settle(lane, k, C, t, period, segs, i0s, ns, pieces);
  w.start = now;
  w.end = now + period;
  lane.advanceTo(now);
  return true;
}

/**
 * Brings the queues up to date after k cycles from time t: the first k·C messages of the pipeline
 * were received, the next C are in the channel, the next W are parked senders (the old ones keep
 * their wait start; a producer that took a message from upstream at cycle i has waited since
 * t + i·period), the rest is upstream. The batch in hand becomes the worker's.
 */
function settle(
  lane: Lane,
  k: number,
  C: number,
  t: number,
  period: number,
  segs: readonly Segment[],
  i0s: readonly number[],
  ns: readonly number[],
  pieces: number,
): void {
  const { queue, waiters, upstream } = lane;
  const w = lane.workers[0] as Lane['workers'][number];
  const batch: Run[] = [];
  for (let b = 0; b < pieces; b++) {
    batch.push({ seg: segs[b] as Segment, i0: i0s[b] as number, n: ns[b] as number, wait: AT_ARRIVAL });
  }
  w.batch = batch;
  if (k === 0) return;
  const W = waiters.total;
  const upstreamAt = C + W; // pipeline position of upstream's first message
  // received: positions [0, k·C)
  let d = k * C;
  d -= queue.take(Math.min(d, queue.total));
  d -= waiters.take(Math.min(d, waiters.total));
  upstream.take(d);
  // in the channel: [k·C, k·C + C)
  const need = C - waiters.moveTo(queue, C);
  if (need > 0) upstream.moveTo(queue, need);
  // parked: what is left of the old senders, then the producers that took a message from upstream
  let at = Math.max(upstreamAt, (k + 1) * C);
  const end = (k + 1) * C + W;
  while (at < end) {
    const cycle = Math.floor((at - upstreamAt) / C) + 1;
    const chunk = Math.min(upstreamAt + cycle * C, end) - at;
    upstream.moveTo(waiters, chunk, t + cycle * period);
    at += chunk;
  }
  queue.compact();
  waiters.compact();
  upstream.compact();
}
