/**
 * Fast path for a saturated bounded channel: every producer parked in `send().await`, the channel
 * full, one consumer handling batch after batch of exactly `capacity` messages at a fixed service
 * time. Each cycle is then the same: the batch ends, the consumer receives the next `capacity`
 * messages, as many parked senders get their permits and send, and as many producers take their next
 * message from upstream and park.
 *
 * A cycle here makes exactly the calls the normal path makes, in the same order, on the crate model
 * (recv, then send), on the queues and on the latency histograms, so the heap, the op log, the
 * statistics and the samples are bit for bit those of the normal path (test/unit/sim-fast-path.test.ts).
 * What it skips is the search for the next decision and the rounds of the general decision loop; and
 * the engine's own allocations (payloads, parked tasks), which come back to the same bytes every
 * cycle, only move their counters and the interval's extremes.
 */
import type { Lane } from './lane.ts';
import { arrivalOf, type Run } from './runs.ts';

/** Crates whose bounded channel holds exactly `capacity` messages (futures-channel adds one per sender). */
const EXACT_CAPACITY = new Set([
  'tokio-bounded',
  'crossbeam-bounded',
  'std-sync',
  'flume-bounded',
  'async-bounded',
]);

/** Where the engine wants a sample of this lane: the fast path takes the ones that fall inside its stretch. */
export interface LaneSampler {
  /** the next sample time (µs); Infinity when none is left */
  readonly next: number;
  /** records the lane's row at `next` (the lane has handled everything up to it) and moves `next` on */
  take(): void;
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
  if (!EXACT_CAPACITY.has(lane.impl) || !w.busy || w.start !== t) return false;
  const C = w.count;
  const W = lane.waiters.total;
  const plan = lane.plan;
  if (C !== lane.spec.capacity || lane.queue.total !== C || channel.pending !== C || lane.batchLimit < C) {
    return false;
  }
  if (W < C || W !== plan.connectedCount(t) || plan.connectOver > t) return false;
  const period = w.end - w.start;
  if (period <= 0 || period !== Math.round(C * lane.service.mean)) return false;
  let horizon = Math.min(limit, plan.duration);
  // the last batch started here must end before the stall begins (a batch across it would stretch)
  if (lane.stallStart > t) horizon = Math.min(horizon, lane.stallStart - period);
  if (!lane.disconnected) horizon = Math.min(horizon, plan.disconnectAt - 1);
  const m = Math.floor((horizon - t) / period);
  if (m < 1) return false;

  const heap = lane.heap;
  const payload = C * lane.payload;
  const parked = C * lane.parkedBytes;
  const per = period / C;
  const c = lane.counters;
  const { queue, waiters, upstream, e2eTotal, e2eInterval, queueTotal } = lane;
  // the batch in hand, as runs (reused from cycle to cycle; w.batch gets a copy when the stretch ends)
  const batch: Run[] = w.batch.slice();
  let held = batch.length;
  let now = t;
  const intoBatch = (run: Run): void => {
    batch[held++] = run;
    queueTotal.addRange(now - arrivalOf(run, 0), -run.seg.spacing, run.n);
  };

  for (let j = 1; j <= m; j++) {
    const start = now;
    now = t + j * period;
    while (sampler.next < now) {
      lane.advanceTo(sampler.next);
      sampler.take();
    }
    // Arrivals only join the back of upstream while every producer is parked: they are handled in
    // bulk (at samples and at the end), unless the producers need them now.
    if (upstream.total < C) lane.advanceTo(now);
    if (upstream.total < C) {
      // fewer producers than permits will park again: the general path takes this decision
      w.batch = batch.slice(0, held);
      w.start = start;
      w.end = now;
      lane.decideAt(now);
      return true;
    }
    // the batch ends: its messages' end-to-end latencies, then their payloads go
    let offset = 0;
    for (let b = 0; b < held; b++) {
      const run = batch[b] as Run;
      const x0 = start + (offset + 1) * per - arrivalOf(run, 0);
      e2eTotal.addRange(x0, per - run.seg.spacing, run.n);
      e2eInterval.addRange(x0, per - run.seg.spacing, run.n);
      offset += run.n;
    }
    held = 0;
    c.handled += C;
    const level = heap.liveBytes;
    const afterFree = level - payload;
    // recv_many of the next batch (the channel drains)
    const got = lane.recvMany(C);
    const afterRecv = afterFree + (heap.liveBytes - level);
    queue.take(C, intoBatch);
    c.received += C;
    if (j === m) lane.keptAfterDrain = lane.channelBytes();
    // the oldest parked senders get their permits and send; as many producers park with their next message
    const beforeSend = heap.liveBytes;
    const r = lane.sendMany(W);
    if (got !== C || r.sent !== C)
      throw new Error(`steady cycle broke: received ${got}, sent ${r.sent} of ${C}`);
    c.sent += C;
    waiters.moveTo(queue, C);
    upstream.moveTo(waiters, C, now);
    const afterServe = afterRecv + (heap.liveBytes - beforeSend) - parked;
    if (afterFree < lane.heapMin) lane.heapMin = afterFree;
    if (afterRecv < lane.heapMin) lane.heapMin = afterRecv;
    if (afterServe < lane.heapMin) lane.heapMin = afterServe;
    lane.observe();
    // the payloads and parked tasks went and came back: only their counters move
    heap.allocs += 2 * C;
    heap.deallocs += 2 * C;
  }
  w.batch = batch.slice(0, held);
  w.start = now;
  w.end = now + period;
  lane.advanceTo(now);
  lane.queue.compact();
  lane.waiters.compact();
  lane.upstream.compact();
  return true;
}
