/**
 * The simulation engine's public contract (issue "The simulation engine"). The worker and the UI
 * depend on these types only; the engine's internals may change behind them.
 *
 * Units: simulated time in integer microseconds (`Micros`) inside the engine, milliseconds in
 * snapshots and metrics (as floats); bytes as plain numbers (exact integers up to 2^53).
 */
import type { SiteStats } from '../heap.ts';
import type { BytesWhere } from './costs.ts';
import type { CrateRefusal, ImplName } from '../channels/types.ts';
import type { ChannelStructure } from '../channels/structure.ts';

export type Micros = number;

/** The backpressure designs compared side by side. */
export type StrategyKind =
  /** an unbounded channel: producers never wait, memory grows */
  | 'unbounded'
  /** a bounded channel: producers `send().await` (FIFO waiters), or `try_send`, or send with a timeout */
  | 'bounded'
  /** unbounded channel gated by a semaphore at the producer: try_acquire before send, reject when none */
  | 'semaphore-producer'
  /** unbounded channel; the consumer takes a permit before spawning a processing task, rejects when none */
  | 'semaphore-dispatcher';

export interface StrategySnapshot {
  /** stable id, e.g. "unbounded", "bounded", "semaphore" */
  readonly id: string;
  /** human label, e.g. "tokio unbounded", "tokio bounded(128)", "semaphore-gated (1024)" */
  readonly label: string;
  readonly kind: StrategyKind;
  readonly impl: ImplName;
  /** total over all channels of this strategy */
  readonly heapBytes: number;
  readonly peakHeapBytes: number;
  readonly allocs: number;
  readonly deallocs: number;
  readonly reallocs: number;
  readonly heapBySite: readonly SiteStats[];
  /** messages queued in the channel(s) */
  readonly depth: number;
  readonly waitingSenders: number;
  readonly inFlight: number;
  /** permits available now (bounded channel capacity left, or the semaphore's); null when unbounded */
  readonly availablePermits: number | null;
  readonly sent: number;
  readonly received: number;
  readonly rejected: number;
  readonly timedOut: number;
  /**
   * messages the channel destroyed without their being received (a receiver drop). Rejected and
   * timed-out messages never entered the channel: they are counted in `rejected` and `timedOut`, so
   * that sent = received + depth + dropped holds at every instant.
   */
  readonly dropped: number;
  /** queued messages whose producer is gone, and the payload bytes they keep alive */
  readonly retainedMessages: number;
  readonly retainedBytes: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** internal structure of the focused channel (channel 0) for drawing */
  readonly structure: ChannelStructure | null;
  /** the oldest waiting senders (at most a few dozen), for drawing the FIFO queue */
  readonly waiters: readonly {
    readonly producer: number;
    readonly sinceMs: number;
    readonly bytes: number;
  }[];
  // ── Additions (optional so older consumers and fakes keep compiling) ──
  /** the crate refused to build this strategy's channel (e.g. tokio `channel(0)` panics); all else is 0 */
  readonly refusal?: CrateRefusal | null;
  /** messages the producers offered (the same for every strategy) */
  readonly offered?: number;
  /** messages whose handling finished */
  readonly handled?: number;
  /** messages waiting upstream because every producer is parked in send (not in this heap) */
  readonly upstream?: number;
  /** parked sends cancelled because their producer disconnected */
  readonly cancelled?: number;
  /** messages waiting upstream that vanished with their disconnecting producer */
  readonly lostUpstream?: number;
  /** arrival → received by a consumer (end-to-end is `latencyMs`: arrival → handled) */
  readonly queueLatencyMs?: { readonly p50: number; readonly p99: number; readonly max: number };
  /** the channels' own bytes (blocks, buffers, Arcs), without message payloads or tasks */
  readonly channelBytes?: number;
  /** channel bytes kept when the queue last became empty; null if it never drained */
  readonly keptAfterDrainBytes?: number | null;
  readonly maxDepth?: number;
  readonly maxWaitingSenders?: number;
  /** where the heap is: the channels, waiting senders, the waiting consumer, task cells, messages */
  readonly bytesWhere?: BytesWhere;
}

export interface SimSnapshot {
  readonly timeMs: number;
  /** messages processed since the start (all strategies see the same arrivals) */
  readonly arrivals: number;
  readonly strategies: readonly StrategySnapshot[];
  /** producers currently connected, and producers that have disconnected so far */
  readonly producersConnected: number;
  readonly producersGone: number;
}

/** Metrics sampled at a fixed simulated interval, per strategy, as columns. */
export const SERIES_FIELDS = [
  'heapBytes',
  'heapMinBytes',
  'heapMaxBytes',
  'depth',
  'waitingSenders',
  'inFlight',
  'availablePermits',
  'sent',
  'received',
  'rejected',
  'timedOut',
  'dropped',
  'retainedBytes',
  'throughputPerSec',
  'p50LatencyMs',
  'p99LatencyMs',
  'maxLatencyMs',
] as const;
export type SeriesField = (typeof SERIES_FIELDS)[number];

export interface StrategySeries {
  readonly id: string;
  /** one column per field, aligned with `timeMs` */
  readonly columns: Readonly<Record<SeriesField, readonly number[]>>;
}

export interface SimSeries {
  readonly timeMs: readonly number[];
  readonly strategies: readonly StrategySeries[];
}

/** What a snapshot includes beyond the figures. */
export interface SnapshotOptions {
  /**
   * build each strategy's channel structure and oldest waiting senders (default true); without them
   * `structure` is null and `waiters` empty, for a caller no view of which draws them (the worker
   * while a run plays with those views off screen)
   */
  readonly structures?: boolean;
}

/** What the engine exposes; built by `createSimulation(scenario)` from a validated scenario. */
export interface Simulation {
  /** simulated time now, microseconds */
  readonly now: Micros;
  /** processes the next event (one message arrival, service completion, timeout, ...); false when done */
  step(): boolean;
  /** advances simulated time to `t` (microseconds), processing every event before it */
  runUntil(t: Micros): void;
  snapshot(options?: SnapshotOptions): SimSnapshot;
  /** every sample taken so far */
  series(): SimSeries;
  /** true once the scenario's duration has elapsed */
  readonly done: boolean;
}
