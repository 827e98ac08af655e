/**
 * Every message between the UI and the simulation worker: one discriminated union per direction.
 *
 * Ordering rules ("latest wins"):
 * - Every command that changes what the simulation computes (load, set, reset, step) carries a `seq`
 *   that grows with each command the UI sends. Each frame names the last `seq` the worker had applied
 *   when it computed the frame, so the UI drops a frame computed before its newest command: a stale
 *   result never overwrites a newer one.
 * - The worker applies `set` lazily: a burst of changes during a slider drag costs one rebuild.
 * - Frames are credit-based: the worker keeps at most {@link MAX_FRAMES_IN_FLIGHT} frames unacknowledged,
 *   so a busy page is never flooded.
 *
 * Per-frame numbers travel as typed arrays whose buffers are transferred, not copied: see the layouts
 * below and `codec.ts` for the channel structure.
 */
import type { CrateRefusal, ImplName } from '../engine/channels/types.ts';
import type { SeriesField, SimSeries, StrategyKind } from '../engine/sim/types.ts';

export const PROTOCOL_VERSION = 1;
export const MAX_FRAMES_IN_FLIGHT = 2;
/** Chart series are sent at most this often (milliseconds of wall time): ≤ 10 updates per second. */
export const SERIES_INTERVAL_MS = 100;
/**
 * Chart series are downsampled in the worker to at most this many points per series: 400 buckets,
 * under 3 px each on a 1,000 px wide chart, so a burst inside a bucket is drawn as a step, not a
 * ramp; a 60 s run sampled every 100 ms (600 samples) is sent whole.
 */
export const SERIES_MAX_POINTS = 800;

/** A scenario as JSON: validated by the engine's schema inside the worker, never trusted. */
export type ScenarioJson = { readonly [key: string]: unknown };

/** A scenario parameter value as the controls produce it. */
export type ParamValue = number | string | boolean;
/** Parameter changes by control key (see `params.ts`); merged, latest value wins. */
export type ParamChanges = { readonly [key: string]: ParamValue };

/** How far one Step goes: the next engine event, or until one more message has arrived. */
export type StepUnit = 'event' | 'message';

// ───────────────────────────── UI → worker ─────────────────────────────

export type ToWorker =
  /** Replace the scenario (a preset or a shared link) and start again at time 0. */
  | {
      readonly type: 'load';
      readonly seq: number;
      readonly scenario: ScenarioJson;
      readonly preset: string | null;
    }
  | { readonly type: 'play'; readonly seq: number }
  | { readonly type: 'pause'; readonly seq: number }
  /** Simulated seconds per wall-clock second. */
  | { readonly type: 'speed'; readonly seq: number; readonly speed: number }
  /** Pause, then advance by one event or one message. */
  | { readonly type: 'step'; readonly seq: number; readonly unit: StepUnit }
  /** Back to time 0 with the same scenario, paused. */
  | { readonly type: 'reset'; readonly seq: number }
  /** Change parameters; the simulation is rebuilt and replayed to the current time (it is deterministic). */
  | { readonly type: 'set'; readonly seq: number; readonly changes: ParamChanges }
  /** Go to simulated time `timeMs`, backwards by replay from a checkpoint; playing goes on from there. */
  | { readonly type: 'seek'; readonly seq: number; readonly timeMs: number }
  /** Pause, then go back by one message: where a message Step from the previous message stops. */
  | { readonly type: 'step-back'; readonly seq: number }
  /** Every sample of the series so far, for export; answered with `series`. */
  | { readonly type: 'get-series'; readonly id: number }
  /** The UI has drawn frame `frame`: the worker may send another. */
  | { readonly type: 'ack'; readonly frame: number }
  /** Liveness probe; the worker answers with `pong` from its message loop. */
  | { readonly type: 'ping'; readonly id: number };

export type ToWorkerType = ToWorker['type'];

// ───────────────────────────── worker → UI ─────────────────────────────

/** What the strategies of the loaded simulation are; frames index strategies in this order. */
export interface StrategyMeta {
  readonly id: string;
  readonly label: string;
  readonly kind: StrategyKind;
  readonly impl: ImplName;
  /** the crate refused to build this strategy's channel (tokio `channel(0)` panics): shown as behaviour */
  readonly refusal: CrateRefusal | null;
}

export interface SimMeta {
  readonly strategies: readonly StrategyMeta[];
  /** the scenario's duration, simulated milliseconds */
  readonly durationMs: number;
}

/**
 * Scalar figures per strategy, `STAT_FIELDS.length` numbers each, strategy-major. `null` travels as NaN
 * (available permits of an unbounded channel).
 */
export const STAT_FIELDS = [
  'heapBytes',
  'peakHeapBytes',
  'allocs',
  'deallocs',
  'reallocs',
  'depth',
  'waitingSenders',
  'inFlight',
  'availablePermits',
  'sent',
  'received',
  'rejected',
  'timedOut',
  'dropped',
  'retainedMessages',
  'retainedBytes',
  'p50LatencyMs',
  'p99LatencyMs',
  'maxLatencyMs',
  /** the channels' own bytes (blocks, buffers, Arcs) without payloads or tasks */
  'channelBytes',
  /** channel bytes kept when the queue last drained (NaN: never drained) */
  'keptAfterDrainBytes',
  /** messages waiting upstream of parked producers (not in this heap) */
  'upstream',
  'maxDepth',
  'maxWaitingSenders',
] as const;
export type StatField = (typeof STAT_FIELDS)[number];
export const STAT_INDEX = Object.fromEntries(STAT_FIELDS.map((f, i) => [f, i])) as Record<StatField, number>;

/** The series fields the charts draw; others stay in the worker. */
export const CHART_FIELDS = [
  'heapBytes',
  /** the heap's lowest and highest point in each sample interval: the chart's envelope */
  'heapMinBytes',
  'heapMaxBytes',
  'depth',
  'waitingSenders',
  'rejected',
  'timedOut',
  'p99LatencyMs',
] as const satisfies readonly SeriesField[];
export type ChartField = (typeof CHART_FIELDS)[number];

/** Downsampled chart series: `values` is strategy-major, then field (CHART_FIELDS order), then point. */
export interface SeriesPayload {
  readonly timeMs: Float64Array;
  readonly values: Float64Array;
  /** samples the engine holds before downsampling */
  readonly samples: number;
}

export interface FramePayload {
  /** frame number, +1 per frame sent */
  readonly id: number;
  /** the last state-changing command applied when this frame was computed */
  readonly seq: number;
  readonly timeMs: number;
  readonly arrivals: number;
  readonly producersConnected: number;
  readonly producersGone: number;
  readonly playing: boolean;
  readonly done: boolean;
  /** requested and achieved simulated seconds per wall second (achieved < requested when the engine lags) */
  readonly speed: number;
  readonly achievedSpeed: number;
  /** STAT_FIELDS per strategy */
  readonly stats: Float64Array;
  /** per strategy: n, then n × (site index, live bytes, live count); site names in `siteNames` */
  readonly sites: Float64Array;
  /** the site name table, sent when it grew since the last frame (append-only) */
  readonly siteNames: readonly string[] | null;
  /** per strategy: n, then n × (producer, since ms, bytes): the oldest waiting senders */
  readonly waiters: Float64Array;
  /** the focused channel's structure per strategy, see codec.ts */
  readonly structures: Float64Array;
  readonly slots: Uint8Array;
  /** at most every SERIES_INTERVAL_MS */
  readonly series: SeriesPayload | null;
}

export type FromWorker =
  | { readonly type: 'ready'; readonly version: number }
  /** A scenario is in use (after load, set or reset): the scenario as the engine validated it. */
  | {
      readonly type: 'loaded';
      readonly seq: number;
      readonly scenario: ScenarioJson;
      readonly preset: string | null;
      readonly meta: SimMeta;
    }
  | { readonly type: 'frame'; readonly frame: FramePayload }
  /** A command's input was refused (invalid parameter); the previous scenario stays in use. */
  | {
      readonly type: 'refused';
      readonly seq: number;
      readonly message: string;
      readonly field: string | null;
      readonly scenario: ScenarioJson | null;
    }
  /** The engine threw: the simulation is stopped; the page says so and offers a restart. */
  | { readonly type: 'error'; readonly seq: number; readonly message: string }
  | { readonly type: 'pong'; readonly id: number }
  /** The full series asked for by `get-series` (null when no simulation is loaded). */
  | { readonly type: 'series'; readonly id: number; readonly series: SimSeries | null };

export type FromWorkerType = FromWorker['type'];

/** Commands whose effect makes earlier frames stale. */
export function invalidatesFrames(cmd: ToWorker): boolean {
  return (
    cmd.type === 'load' ||
    cmd.type === 'set' ||
    cmd.type === 'reset' ||
    cmd.type === 'step' ||
    cmd.type === 'seek' ||
    cmd.type === 'step-back'
  );
}

/** The buffers to transfer with a frame: everything numeric, nothing copied. */
export function frameTransferables(frame: FramePayload): ArrayBuffer[] {
  const list: ArrayBufferLike[] = [
    frame.stats.buffer,
    frame.sites.buffer,
    frame.waiters.buffer,
    frame.structures.buffer,
    frame.slots.buffer,
  ];
  if (frame.series !== null) list.push(frame.series.timeMs.buffer, frame.series.values.buffer);
  return list.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}
