/**
 * One strategy over many channels. `channels.active` channels carry identical copies of the
 * workload, so the lane simulates one and the totals are exact multiples of it; the other channels
 * are idle, and one idle channel built by the same crate model is counted for each of them. No
 * second formula: every byte comes from a crate model (or an engine allocation) times a count.
 */
import { Heap, type SiteStats } from '../heap.ts';
import { channelParams, createChannel } from '../channels/index.ts';
import type { ImplName } from '../channels/types.ts';
import type { ChannelStructure, FuturesStructure } from '../channels/structure.ts';
import type { MessageType } from '../layout.ts';
import type { Scenario } from '../scenario/schema.ts';
import { bytesWhere, messageBytes } from './costs.ts';
import type { Lane } from './lane.ts';
import type { StrategyKind, StrategySnapshot } from './types.ts';
import { FIELD_INDEX as F } from './series.ts';

export interface StrategyInfo {
  readonly id: string;
  readonly label: string;
  readonly kind: StrategyKind;
  readonly impl: ImplName;
}

const MS = 1000;

export class ChannelGroup {
  private readonly active: number;
  private readonly idle: number;
  private readonly idleHeap = new Heap();
  private readonly idleStructure: ChannelStructure | null;
  private readonly extras: readonly { site: string; bytes: number }[];
  private readonly extrasBytes: number;
  private readonly perMessage: number;
  private handledAtSample = 0;

  constructor(
    readonly info: StrategyInfo,
    readonly lane: Lane,
    scenario: Scenario,
    message: MessageType,
  ) {
    this.active = scenario.channels.active;
    this.idle = scenario.channels.count - scenario.channels.active;
    const r = createChannel(info.impl, this.idleHeap, channelParams(info.impl, message, lane.spec));
    this.idleStructure = r.ok ? r.channel.structure() : null;
    this.extras = r.ok ? scenario.channels.extras : [];
    this.extrasBytes = this.extras.reduce((sum, e) => sum + e.bytes, 0);
    this.perMessage = messageBytes(message);
  }

  /** total heap for a given heap size of the busy channel */
  private total(busyBytes: number): number {
    return this.active * busyBytes + this.idleTotal;
  }

  /** the idle channels' and every channel's extra bytes (they never change) */
  private get idleTotal(): number {
    return this.idle * this.idleHeap.liveBytes + this.channels * this.extrasBytes;
  }

  private get channels(): number {
    return this.active + this.idle;
  }

  heapBySite(): SiteStats[] {
    const sites = new Map<string, { liveBytes: number; liveCount: number; align: number }>();
    const add = (s: SiteStats, times: number): void => {
      if (times === 0) return;
      const e = sites.get(s.site) ?? { liveBytes: 0, liveCount: 0, align: 1 };
      e.liveBytes += s.liveBytes * times;
      e.liveCount += s.liveCount * times;
      e.align = Math.max(e.align, s.align);
      sites.set(s.site, e);
    };
    for (const s of this.lane.heap.bySite()) add(s, this.active);
    for (const s of this.idleHeap.bySite()) add(s, this.idle);
    for (const e of this.extras)
      add({ site: e.site, liveBytes: e.bytes, liveCount: 1, align: 8 }, this.channels);
    return [...sites].map(([site, e]) => ({ site, ...e }));
  }

  availablePermits(): number | null {
    const lane = this.lane;
    if (lane.spec.kind === 'semaphore-producer' || lane.spec.kind === 'semaphore-dispatcher')
      return Math.max(0, lane.gate); // below 0 while permits taken out by a timed change are owed
    if (lane.spec.kind !== 'bounded' || lane.channel === null) return null;
    return Math.max(0, lane.spec.capacity - lane.queue.total);
  }

  /** `structures`: build the channel structure and the oldest waiters (see SnapshotOptions) */
  snapshot(structures = true): StrategySnapshot {
    const lane = this.lane;
    const h = lane.heap;
    const a = this.active;
    const c = lane.counters;
    const q = (hist: { quantile(q: number): number; max: number }) => ({
      p50: hist.quantile(0.5) / MS,
      p99: hist.quantile(0.99) / MS,
      max: hist.max / MS,
    });
    const retained = lane.retainedMessages();
    const extrasAllocs = this.channels * this.extras.length;
    const heapBySite = this.heapBySite();
    const channelBytes = a * lane.channelBytes() + this.idle * this.idleHeap.liveBytes;
    return {
      id: this.info.id,
      label: this.info.label,
      kind: this.info.kind,
      impl: this.info.impl,
      heapBytes: this.total(h.liveBytes),
      peakHeapBytes: this.total(h.peakBytes),
      allocs: a * h.allocs + this.idle * this.idleHeap.allocs + extrasAllocs,
      deallocs: a * h.deallocs + this.idle * this.idleHeap.deallocs,
      reallocs: a * h.reallocs + this.idle * this.idleHeap.reallocs,
      heapBySite,
      depth: a * lane.queue.total,
      waitingSenders: a * lane.waiters.total,
      inFlight: a * lane.inFlight,
      availablePermits: this.availablePermits(),
      sent: a * c.sent,
      received: a * c.received,
      rejected: a * c.rejected,
      timedOut: a * c.timedOut,
      dropped: a * c.dropped,
      retainedMessages: a * retained,
      retainedBytes: a * retained * this.perMessage,
      latencyMs: q(lane.e2eTotal),
      structure: !structures
        ? null
        : a > 0 && lane.channel !== null
          ? withWaitingProducers(lane.channel.structure(), lane)
          : this.idleStructure,
      waiters: structures ? lane.oldestWaiters(32) : [],
      refusal: lane.refusal,
      offered: a * c.offered,
      handled: a * c.handled,
      upstream: a * lane.upstream.total,
      cancelled: a * c.cancelled,
      lostUpstream: a * c.lostUpstream,
      queueLatencyMs: q(lane.queueTotal),
      channelBytes,
      keptAfterDrainBytes: lane.keptAfterDrain === null ? null : a * lane.keptAfterDrain,
      maxDepth: a * lane.maxDepth,
      maxWaitingSenders: a * lane.maxWaiting,
      bytesWhere: bytesWhere(heapBySite, channelBytes, a * lane.waiters.total * lane.payload),
    };
  }

  /** Writes one row of the series (SERIES_FIELDS order) and starts a new interval for the interval figures. */
  sampleRow(intervalUs: number, row: Float64Array, at: number): void {
    const lane = this.lane;
    const a = this.active;
    const c = lane.counters;
    const handled = c.handled - this.handledAtSample;
    this.handledAtSample = c.handled;
    const permits = this.availablePermits();
    const w = lane.e2eInterval;
    const idle = this.idleTotal;
    row[at + F.heapBytes] = a * lane.heap.liveBytes + idle;
    row[at + F.heapMinBytes] = a * lane.heapMin + idle;
    row[at + F.heapMaxBytes] = a * lane.heapMax + idle;
    row[at + F.depth] = a * lane.queue.total;
    row[at + F.waitingSenders] = a * lane.waiters.total;
    row[at + F.inFlight] = a * lane.inFlight;
    row[at + F.availablePermits] = permits === null ? Number.NaN : permits;
    row[at + F.sent] = a * c.sent;
    row[at + F.received] = a * c.received;
    row[at + F.rejected] = a * c.rejected;
    row[at + F.timedOut] = a * c.timedOut;
    row[at + F.dropped] = a * c.dropped;
    row[at + F.retainedBytes] = a * lane.retainedMessages() * this.perMessage;
    row[at + F.throughputPerSec] = (a * handled * 1e6) / intervalUs;
    const [p50, p99] = w.quantiles(0.5, 0.99);
    row[at + F.p50LatencyMs] = p50 / MS;
    row[at + F.p99LatencyMs] = p99 / MS;
    row[at + F.maxLatencyMs] = w.max / MS;
  }
}

/**
 * futures-channel: the crate model counts the producers waiting in `send().await` (each parked in the
 * queue with its message already taken), it does not name them; the lane knows whose arrivals wait
 * (arrival c is producer c mod P, as the backpressure view's chips say). Marks the listed senders
 * among them as parked, so the anatomy's SenderTask chips agree with its "N parked". A task spawned
 * per send parks its own clone, never its producer's Sender. Work: one pass over the waiting runs
 * (at most a few thousand), a binary search each, whatever the number of producers.
 */
function withWaitingProducers(s: ChannelStructure, lane: Lane): ChannelStructure {
  if (s.kind !== 'futures-nodes' || !s.bounded || lane.taskPerSend || lane.waiters.total === 0) return s;
  const ids = s.senderTasks.map((t) => t.id).sort((x, y) => x - y);
  const parked = new Set<number>();
  const p = Math.max(1, lane.plan.producers);
  const mark = (lo: number, hi: number) => {
    // the listed ids in [lo, hi)
    let i = lowerBound(ids, lo);
    for (; i < ids.length && (ids[i] as number) < hi; i++) parked.add(ids[i] as number);
  };
  for (let r = 0; r < lane.waiters.length && parked.size < ids.length; r++) {
    const run = lane.waiters.runAt(r);
    if (run === undefined) break;
    const start = (run.seg.c0 + run.i0) % p;
    const len = Math.min(run.n, p);
    mark(start, Math.min(p, start + len));
    if (start + len > p) mark(0, start + len - p);
  }
  if (parked.size === 0) return s;
  const senderTasks = s.senderTasks.map((t) =>
    t.parked || !parked.has(t.id) ? t : { id: t.id, parked: true },
  );
  return { ...s, senderTasks } satisfies FuturesStructure;
}

function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
