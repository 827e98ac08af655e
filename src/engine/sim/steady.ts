/**
 * Fast path for a saturated bounded channel: every producer parked in `send().await`, the channel
 * full, one consumer handling batch after batch of exactly `capacity` messages at a fixed service
 * time. Each cycle is then the same: the batch ends, the consumer receives the next `capacity`
 * messages, as many parked senders get their permits and send, and as many producers take their next
 * message from upstream and park.
 *
 * The fast path makes exactly the calls the normal path makes on the crate model (recv, then send,
 * every cycle) and on the latency histograms (one range per run of a batch), so the heap, the op
 * log and the statistics are bit for bit those of the normal path. What it skips is the
 * bookkeeping in between: messages move between the queues once per stretch instead of once per
 * cycle, and the engine's own allocations (payloads, parked tasks), which come back to the same
 * bytes every cycle, only advance their counters.
 */
import type { Lane } from './lane.ts';
import { AT_ARRIVAL, arrivalOf, type Run } from './runs.ts';

/** Crates whose bounded channel holds exactly `capacity` messages (futures-channel adds one per sender). */
const EXACT_CAPACITY = new Set([
  'tokio-bounded',
  'crossbeam-bounded',
  'std-sync',
  'flume-bounded',
  'async-bounded',
]);

/** A stretch of pipeline positions as runs, splitting and merging like the normal path's queues do. */
function slice(flat: readonly Run[], from: number, count: number): Run[] {
  const out: Run[] = [];
  let pos = 0;
  for (const r of flat) {
    const lo = Math.max(from, pos);
    const hi = Math.min(from + count, pos + r.n);
    if (lo < hi) {
      const i0 = r.i0 + (lo - pos);
      const last = out[out.length - 1];
      if (last !== undefined && last.seg.id === r.seg.id && last.i0 + last.n === i0) last.n += hi - lo;
      else out.push({ seg: r.seg, i0, n: hi - lo, wait: AT_ARRIVAL });
    }
    pos += r.n;
    if (pos >= from + count) break;
  }
  return out;
}

/** Reads consecutive stretches of the pipeline (like `slice`, without starting over each time). */
class PipelineReader {
  private index = 0;
  private used = 0;
  constructor(private readonly flat: readonly Run[]) {}

  next(count: number): Run[] {
    const out: Run[] = [];
    let left = count;
    while (left > 0) {
      const r = this.flat[this.index] as Run;
      const n = Math.min(left, r.n - this.used);
      const i0 = r.i0 + this.used;
      const last = out[out.length - 1];
      if (last !== undefined && last.seg.id === r.seg.id && last.i0 + last.n === i0) last.n += n;
      else out.push({ seg: r.seg, i0, n, wait: AT_ARRIVAL });
      left -= n;
      this.used += n;
      if (this.used === r.n) {
        this.index++;
        this.used = 0;
      }
    }
    return out;
  }
}

/**
 * Advances `lane` over whole saturated cycles up to `limit` (µs) if it is in that state right after
 * a decision. Returns false (and changes nothing) when it is not.
 */
export function fastForwardSaturated(lane: Lane, limit: number): boolean {
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
  if (lane.stallStart > t) horizon = Math.min(horizon, lane.stallStart);
  if (!lane.disconnected) horizon = Math.min(horizon, plan.disconnectAt - 1);
  const m = Math.min(Math.floor((horizon - t) / period), Math.floor(lane.upstream.total / C));
  if (m < 2) return false;

  // The pipeline, oldest first: the channel's queue, the parked senders, then upstream.
  const flat: Run[] = [];
  lane.queue.take(C, (r) => flat.push(r));
  lane.waiters.take(W, (r) => flat.push(r));
  lane.upstream.take(m * C, (r) => flat.push(r));

  const heap = lane.heap;
  const payload = C * lane.payload;
  const parked = C * lane.parkedBytes;
  let batch = w.batch;
  const reader = new PipelineReader(flat);
  for (let j = 1; j <= m; j++) {
    const start = t + (j - 1) * period;
    const now = t + j * period;
    // the batch taken at the previous cycle is done
    const per = period / C;
    let offset = 0;
    for (const run of batch) {
      const x0 = start + (offset + 1) * per - arrivalOf(run, 0);
      lane.e2eTotal.addRange(x0, per - run.seg.spacing, run.n);
      lane.e2eInterval.addRange(x0, per - run.seg.spacing, run.n);
      offset += run.n;
    }
    const level = heap.liveBytes;
    const afterFree = level - payload;
    // recv_many of the next batch (the channel drains), then the oldest parked senders send
    const got = lane.recvMany(C);
    const afterRecv = afterFree + (heap.liveBytes - level);
    batch = reader.next(C);
    for (const run of batch) lane.queueTotal.addRange(now - arrivalOf(run, 0), -run.seg.spacing, run.n);
    if (j === m) lane.keptAfterDrain = lane.channelBytes();
    const beforeSend = heap.liveBytes;
    const r = lane.sendMany(W);
    if (got !== C || r.sent !== C)
      throw new Error(`steady cycle broke: received ${got}, sent ${r.sent} of ${C}`);
    const afterServe = afterRecv + (heap.liveBytes - beforeSend) - parked;
    if (afterFree < lane.heapMin) lane.heapMin = afterFree;
    if (afterRecv < lane.heapMin) lane.heapMin = afterRecv;
    if (afterServe < lane.heapMin) lane.heapMin = afterServe;
    lane.observe();
  }
  // The engine's own allocations went and came back every cycle: only their counters move.
  heap.allocs += 2 * m * C;
  heap.deallocs += 2 * m * C;

  const c = lane.counters;
  c.sent += m * C;
  c.received += m * C;
  c.handled += m * C;
  const end = t + m * period;
  w.batch = batch;
  w.start = end;
  w.end = end + period;
  for (const run of slice(flat, m * C, C)) lane.queue.push(run.seg, run.i0, run.n);
  // Parked senders: the oldest keep their wait start; those pumped from upstream at cycle j waited from t_j.
  const upstreamStart = C + W;
  forRange(flat, (m + 1) * C, W, (run, at) => {
    if (at < upstreamStart) {
      lane.waiters.push(run.seg, run.i0, run.n, run.wait);
      return;
    }
    for (let i = 0; i < run.n;) {
      const u = at + i - upstreamStart;
      const cycle = Math.floor(u / C) + 1;
      const n = Math.min(run.n - i, cycle * C - u);
      lane.waiters.push(run.seg, run.i0 + i, n, t + cycle * period);
      i += n;
    }
  });
  lane.advanceTo(end);
  return true;
}

/** Calls fn for the pieces of pipeline positions [from, from + count), tags kept, with their position. */
function forRange(
  flat: readonly Run[],
  from: number,
  count: number,
  fn: (run: Run, at: number) => void,
): void {
  let pos = 0;
  for (const r of flat) {
    const lo = Math.max(from, pos);
    const hi = Math.min(from + count, pos + r.n);
    if (lo < hi) fn({ seg: r.seg, i0: r.i0 + (lo - pos), n: hi - lo, wait: r.wait }, lo);
    pos += r.n;
    if (pos >= from + count) break;
  }
}
