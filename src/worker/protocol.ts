/**
 * Every message between the UI and the simulation worker: one discriminated union per direction.
 * To add a message, add one member to `ToWorker` or `FromWorker` and handle it in host.ts (the
 * switch there is exhaustive, so the type checker lists what is missing).
 *
 * What travels how:
 * - the scenario and the channel structures are plain data: structured-cloned;
 * - the per-frame figures (`stats`) and the chart series are typed arrays whose buffers are
 *   transferred, not copied (see `frameTransferables`; test/unit/worker-host.test.ts checks it).
 *
 * Ordering ("latest wins"):
 * - Every command that changes what the simulation computes (load, set, reset, step, seek) carries a
 *   `seq` that grows with each command the UI sends. Each frame names the last `seq` the worker had
 *   applied, so the UI drops a frame computed before its newest command.
 * - The worker applies `set` lazily: a burst of changes during a slider drag costs one rebuild.
 * - Frames are credit-based: at most {@link MAX_FRAMES_IN_FLIGHT} unacknowledged frames. The UI
 *   acknowledges every {@link ACK_EVERY}th frame (one `ack` covers all frames up to its number).
 *
 * The scenario type is a parameter only so that tests can drive the host with a small fake engine;
 * the app uses the engine's validated `Scenario` (the worker validates every scenario it receives).
 */
import type { ChannelStructure } from '../engine/channels/index.ts';
import type { CrateRefusal, ImplName } from '../engine/channels/index.ts';
import type { Scenario } from '../engine/scenario/index.ts';
import type { BytesWhere, SeriesField, SimSeries, StrategyKind } from '../engine/sim/index.ts';
import type { SweepResult } from '../engine/sweep.ts';

/** Bump when a message changes shape; the UI refuses a worker that speaks another version. */
export const PROTOCOL_VERSION = 3;
export const MAX_FRAMES_IN_FLIGHT = 4;
/**
 * The UI acknowledges frames in pairs: a postMessage to the worker cost the page up to a millisecond
 * under 4× CPU throttling, one per frame as much as reading the frames themselves. With four frames
 * in flight the worker never waits for an ack while the page keeps up. More in flight (every fourth
 * frame, eight in flight) made a slider's answer wait behind more queued frames on a busy page:
 * slider → chart 78–91 ms against 66–78 ms (median of three runs each, alternating, load 5–7).
 */
export const ACK_EVERY = 2;
/** Chart series are sent at most this often (milliseconds of wall time): ≤ 10 updates per second. */
export const SERIES_INTERVAL_MS = 100;
/**
 * Chart series are downsampled in the worker to at most this many points per series: 400 buckets,
 * under 3 px each on a 1,000 px wide chart, so a burst inside a bucket is drawn as a step, not a
 * ramp; a 60 s run sampled every 100 ms (600 samples) is sent whole.
 */
export const SERIES_MAX_POINTS = 800;

/** A scenario parameter value as the controls produce it. */
export type ParamValue = number | string | boolean;
/** Parameter changes by control key (see `params.ts`); merged, latest value wins. */
export type ParamChanges = { readonly [key: string]: ParamValue };

/** How far one Step goes: the next engine event, or until one more message has arrived. */
export type StepUnit = 'event' | 'message';

// ───────────────────────────── UI → worker ─────────────────────────────

export type ToWorker<S = Scenario> =
  /** Replace the scenario (a preset, a shared link, a file) and start again at time 0. */
  | { readonly type: 'load'; readonly seq: number; readonly scenario: S; readonly preset: string | null }
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
  /** The UI has drawn frame `frame`: the worker may send more (see MAX_FRAMES_IN_FLIGHT). */
  | { readonly type: 'ack'; readonly frame: number }
  /**
   * Whether a view that draws the channel structures or the waiting senders (anatomy, backpressure,
   * exact figures, a figure export) is on screen. While none is, frames of a playing run leave them
   * out (see `FramePayload.structures`): about 20 KB a frame that the page would clone and never read.
   * Until the first `details`, frames carry them.
   */
  | { readonly type: 'details'; readonly structures: boolean }
  /** Liveness probe; the worker answers with `pong` from its message loop. */
  | { readonly type: 'ping'; readonly id: number };

export type ToWorkerType = ToWorker['type'];

// ───────────────────────────── worker → UI ─────────────────────────────

export type FromWorker<S = Scenario> =
  /** The worker is up; the UI checks `version` against its own PROTOCOL_VERSION. */
  | { readonly type: 'ready'; readonly version: number }
  /** A scenario is in use (after load, set or reset): the scenario as the engine validated it. */
  | {
      readonly type: 'loaded';
      readonly seq: number;
      readonly scenario: S;
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
      readonly scenario: S | null;
    }
  /** The engine threw: the simulation is stopped; the page says so and offers a restart. */
  | { readonly type: 'error'; readonly seq: number; readonly message: string }
  | { readonly type: 'pong'; readonly id: number }
  /** The full series asked for by `get-series` (null when no simulation is loaded). */
  | { readonly type: 'series'; readonly id: number; readonly series: SimSeries | null };

export type FromWorkerType = FromWorker['type'];

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

// ───────────────────────────── frames ─────────────────────────────

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

/** Live heap by allocation site. */
export interface SiteFigure {
  readonly site: string;
  readonly liveBytes: number;
  readonly liveCount: number;
}

/** One of the oldest waiting senders. */
export interface WaiterFigure {
  readonly producer: number;
  readonly sinceMs: number;
  readonly bytes: number;
}

/** What a frame carries per strategy besides its figures: small, plain data (structured-cloned). */
export interface StrategyDetail {
  readonly sites: readonly SiteFigure[];
  readonly waiters: readonly WaiterFigure[];
  /** the focused channel's structure, as the model describes it (structure.ts) */
  readonly structure: ChannelStructure | null;
  /** where the heap is (channels, waiting senders, the waiting consumer, task cells, messages) */
  readonly where?: BytesWhere | null;
}

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
  /** STAT_FIELDS per strategy (transferred) */
  readonly stats: Float64Array;
  /** per strategy, in StrategyMeta order */
  readonly details: readonly StrategyDetail[];
  /**
   * The details carry the channel structures and waiting senders. False only in a frame of a playing
   * run while the page said no view shows them (`details`): then every `structure` is null and
   * `waiters` empty. A stopped run's frames (paused, stepped, at the end) always carry them: views
   * off screen size themselves from that frame, and exports read it.
   */
  readonly structures: boolean;
  /** at most every SERIES_INTERVAL_MS (transferred) */
  readonly series: SeriesPayload | null;
}

/** Commands whose effect makes earlier frames stale. */
export function invalidatesFrames(cmd: ToWorker<unknown>): boolean {
  return (
    cmd.type === 'load' ||
    cmd.type === 'set' ||
    cmd.type === 'reset' ||
    cmd.type === 'step' ||
    cmd.type === 'seek' ||
    cmd.type === 'step-back'
  );
}

/** The buffers to transfer with a frame: the large numeric parts; the rest is cloned. */
export function frameTransferables(frame: FramePayload): ArrayBuffer[] {
  const list: ArrayBufferLike[] = [frame.stats.buffer];
  if (frame.series !== null) list.push(frame.series.timeMs.buffer, frame.series.values.buffer);
  return list.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

/** The UI's answer to a worker whose `ready` names another protocol version (a stale cached worker). */
export function versionMismatch(workerVersion: number): string | null {
  if (workerVersion === PROTOCOL_VERSION) return null;
  return (
    `the simulation worker speaks protocol version ${workerVersion}, this page expects ` +
    `${PROTOCOL_VERSION}: reload the page (an old copy of one of them is cached)`
  );
}

// ───────────────────────────── sweeps (their own worker) ─────────────────────────────
// Capacity planning runs in a second worker (sweep.worker.ts), so a sweep never stalls the live
// simulation. Each sweep has an `id`; messages about an older id are stale and dropped by the page.

/** UI → sweep worker. */
export type ToSweepWorker =
  /** Run `scenario` once per value of `param` (a scenario path, `strategies.*.capacity` for all). */
  | {
      readonly type: 'sweep-start';
      readonly id: number;
      /** the page's validated scenario; the worker validates it again (a message is never trusted) */
      readonly scenario: Scenario;
      readonly param: string;
      readonly values: readonly number[];
    }
  /** Stop the sweep `id` between two slices; answered with `sweep-cancelled`. */
  | { readonly type: 'sweep-cancel'; readonly id: number };

/** Sweep worker → UI. `result` holds every finished value so far (the engine's SweepResult shape). */
export type FromSweepWorker =
  | {
      readonly type: 'sweep-progress';
      readonly id: number;
      readonly progress: number;
      readonly result: SweepResult;
    }
  | { readonly type: 'sweep-done'; readonly id: number; readonly result: SweepResult }
  | { readonly type: 'sweep-cancelled'; readonly id: number }
  /** The input was refused (the message names the parameter) or the engine threw. */
  | { readonly type: 'sweep-error'; readonly id: number; readonly message: string };
