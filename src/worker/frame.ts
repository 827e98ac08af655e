/**
 * Frames on the wire: the engine's snapshot as a FramePayload (encode, in the worker) and back into
 * per-strategy figures (decode, in the UI). Only the figures and the series are typed arrays; sites,
 * waiters and channel structures are plain objects that the worker's postMessage clones.
 */
import type { SimSeries, SimSnapshot } from '../engine/sim/index.ts';
import { downsampleMinMax, type DownsampleInput } from './downsample.ts';
import {
  CHART_FIELDS,
  SERIES_MAX_POINTS,
  STAT_FIELDS,
  type ChartField,
  type FramePayload,
  type SeriesPayload,
  type StatField,
  type StrategyDetail,
} from './protocol.ts';

export type { SiteFigure, WaiterFigure } from './protocol.ts';

/** How many of the oldest waiting senders a frame carries per strategy. */
export const MAX_WAITERS = 48;

export interface EncodeOptions {
  readonly id: number;
  readonly seq: number;
  readonly playing: boolean;
  readonly done: boolean;
  readonly speed: number;
  readonly achievedSpeed: number;
  readonly series: SeriesPayload | null;
  /** include the channel structures and waiting senders (see FramePayload.structures); default true */
  readonly structures?: boolean;
}

export function encodeFrame(snap: SimSnapshot, o: EncodeOptions): FramePayload {
  const stats = new Float64Array(snap.strategies.length * STAT_FIELDS.length);
  const details: StrategyDetail[] = [];
  const structures = o.structures ?? true;
  snap.strategies.forEach((s, k) => {
    const values: Record<StatField, number | null> = {
      heapBytes: s.heapBytes,
      peakHeapBytes: s.peakHeapBytes,
      allocs: s.allocs,
      deallocs: s.deallocs,
      reallocs: s.reallocs,
      depth: s.depth,
      waitingSenders: s.waitingSenders,
      inFlight: s.inFlight,
      availablePermits: s.availablePermits,
      sent: s.sent,
      received: s.received,
      rejected: s.rejected,
      timedOut: s.timedOut,
      dropped: s.dropped,
      retainedMessages: s.retainedMessages,
      retainedBytes: s.retainedBytes,
      p50LatencyMs: s.latencyMs.p50,
      p99LatencyMs: s.latencyMs.p99,
      maxLatencyMs: s.latencyMs.max,
      channelBytes: s.channelBytes ?? null,
      keptAfterDrainBytes: s.keptAfterDrainBytes ?? null,
      upstream: s.upstream ?? null,
      maxDepth: s.maxDepth ?? null,
      maxWaitingSenders: s.maxWaitingSenders ?? null,
    };
    STAT_FIELDS.forEach((f, i) => {
      const v = values[f];
      stats[k * STAT_FIELDS.length + i] = v === null || !Number.isFinite(v) ? NaN : v;
    });
    details.push({
      sites: s.heapBySite.map(({ site, liveBytes, liveCount }) => ({ site, liveBytes, liveCount })),
      waiters: structures
        ? s.waiters
            .slice(0, MAX_WAITERS)
            .map(({ producer, sinceMs, bytes }) => ({ producer, sinceMs, bytes }))
        : [],
      structure: structures ? s.structure : null,
      where: s.bytesWhere ?? null,
    });
  });
  return {
    id: o.id,
    seq: o.seq,
    timeMs: snap.timeMs,
    arrivals: snap.arrivals,
    producersConnected: snap.producersConnected,
    producersGone: snap.producersGone,
    playing: o.playing,
    done: o.done,
    speed: o.speed,
    achievedSpeed: o.achievedSpeed,
    stats,
    details,
    structures,
    series: o.series,
  };
}

/** Downsamples the chart fields of every strategy (in snapshot order) onto one shared time axis. */
export function encodeSeries(series: SimSeries, snap: SimSnapshot): SeriesPayload {
  const inputs: DownsampleInput[] = [];
  for (const s of snap.strategies) {
    const cols = series.strategies.find((x) => x.id === s.id)?.columns;
    for (const f of CHART_FIELDS) {
      const values = cols?.[f] ?? [];
      inputs.push(
        f === 'heapBytes' && cols !== undefined
          ? { values, lo: cols.heapMinBytes, hi: cols.heapMaxBytes }
          : f === 'heapMinBytes'
            ? { values, reduce: 'min' }
            : f === 'heapMaxBytes'
              ? { values, reduce: 'max' }
              : { values },
      );
    }
  }
  const d = downsampleMinMax(series.timeMs, inputs, SERIES_MAX_POINTS);
  const points = d.timeMs.length;
  const values = new Float64Array(inputs.length * points);
  d.series.forEach((col, i) => values.set(col, i * points));
  return { timeMs: d.timeMs, values, samples: series.timeMs.length };
}

// ───────────────────────────── decoding (UI side) ─────────────────────────────

export interface StrategyFrame extends StrategyDetail {
  /** null where the engine has no figure (permits of an unbounded channel, latency before any message) */
  readonly stats: Readonly<Record<StatField, number | null>>;
}

export interface ChartSeries {
  readonly timeMs: Float64Array;
  /** per strategy, per chart field */
  readonly values: readonly Readonly<Record<ChartField, Float64Array>>[];
  readonly samples: number;
}

/** A frame as the UI reads it: the payload's header fields, with the figures per strategy. */
export interface DecodedFrame extends Omit<FramePayload, 'stats' | 'details' | 'series'> {
  readonly strategies: readonly StrategyFrame[];
  readonly series: ChartSeries | null;
}

export function decodeFrame(p: FramePayload): DecodedFrame {
  const { stats: flat, details, series, ...header } = p;
  const strategies = details.map((d, k): StrategyFrame => {
    const stats = {} as Record<StatField, number | null>;
    STAT_FIELDS.forEach((f, i) => {
      const v = flat[k * STAT_FIELDS.length + i] ?? NaN;
      stats[f] = Number.isNaN(v) ? null : v;
    });
    return { ...d, stats };
  });
  return { ...header, strategies, series: series === null ? null : decodeSeries(series, details.length) };
}

function decodeSeries(s: SeriesPayload, nStrategies: number): ChartSeries {
  const points = s.timeMs.length;
  const values: Record<ChartField, Float64Array>[] = [];
  for (let k = 0; k < nStrategies; k++) {
    const per = {} as Record<ChartField, Float64Array>;
    CHART_FIELDS.forEach((f, i) => {
      const offset = (k * CHART_FIELDS.length + i) * points;
      per[f] = s.values.subarray(offset, offset + points);
    });
    values.push(per);
  }
  return { timeMs: s.timeMs, values, samples: s.samples };
}
