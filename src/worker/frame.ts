/**
 * Frames on the wire: the engine's snapshot as typed arrays (encode, in the worker) and back into
 * plain per-strategy figures (decode, in the UI). The layouts are documented on FramePayload.
 */
import type { ChannelStructure } from '../engine/channels/structure.ts';
import type { SimSeries, SimSnapshot } from '../engine/sim/types.ts';
import { decodeStructures, encodeStructures } from './codec.ts';
import { downsampleMinMax, type DownsampleInput } from './downsample.ts';
import {
  CHART_FIELDS,
  SERIES_MAX_POINTS,
  STAT_FIELDS,
  type ChartField,
  type FramePayload,
  type SeriesPayload,
  type StatField,
} from './protocol.ts';

/** How many of the oldest waiting senders a frame carries per strategy. */
export const MAX_WAITERS = 48;

export interface EncodeOptions {
  readonly id: number;
  readonly seq: number;
  readonly playing: boolean;
  readonly done: boolean;
  readonly speed: number;
  readonly achievedSpeed: number;
  /** the host's append-only site table; every site in the snapshot must be in it */
  readonly siteNames: readonly string[];
  readonly sendSiteNames: boolean;
  readonly series: SeriesPayload | null;
}

export function encodeFrame(snap: SimSnapshot, o: EncodeOptions): FramePayload {
  const nStrategies = snap.strategies.length;
  const stats = new Float64Array(nStrategies * STAT_FIELDS.length);
  const sites: number[] = [];
  const waiters: number[] = [];
  snap.strategies.forEach((s, k) => {
    const base = k * STAT_FIELDS.length;
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
      stats[base + i] = v === null || !Number.isFinite(v) ? NaN : v;
    });
    sites.push(s.heapBySite.length);
    for (const site of s.heapBySite)
      sites.push(o.siteNames.indexOf(site.site), site.liveBytes, site.liveCount);
    const shown = s.waiters.slice(0, MAX_WAITERS);
    waiters.push(shown.length);
    for (const w of shown) waiters.push(w.producer, w.sinceMs, w.bytes);
  });
  const { structures, slots } = encodeStructures(snap.strategies.map((s) => s.structure));
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
    sites: Float64Array.from(sites),
    siteNames: o.sendSiteNames ? [...o.siteNames] : null,
    waiters: Float64Array.from(waiters),
    structures,
    slots,
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

export interface SiteFigure {
  readonly site: string;
  readonly liveBytes: number;
  readonly liveCount: number;
}

export interface WaiterFigure {
  readonly producer: number;
  readonly sinceMs: number;
  readonly bytes: number;
}

export interface StrategyFrame {
  /** null where the engine has no figure (permits of an unbounded channel, latency before any message) */
  readonly stats: Readonly<Record<StatField, number | null>>;
  readonly sites: readonly SiteFigure[];
  readonly waiters: readonly WaiterFigure[];
  readonly structure: ChannelStructure | null;
}

export interface ChartSeries {
  readonly timeMs: Float64Array;
  /** per strategy, per chart field */
  readonly values: readonly Readonly<Record<ChartField, Float64Array>>[];
  readonly samples: number;
}

/** A frame as the UI reads it: the payload's header fields, with the typed arrays decoded per strategy. */
export interface DecodedFrame extends Pick<
  FramePayload,
  | 'id'
  | 'seq'
  | 'timeMs'
  | 'arrivals'
  | 'producersConnected'
  | 'producersGone'
  | 'playing'
  | 'done'
  | 'speed'
  | 'achievedSpeed'
> {
  readonly strategies: readonly StrategyFrame[];
  readonly series: ChartSeries | null;
}

/** Stateful because the site name table arrives only when it grows. */
export class FrameDecoder {
  private siteNames: readonly string[] = [];

  reset(): void {
    this.siteNames = [];
  }

  decode(p: FramePayload): DecodedFrame {
    if (p.siteNames !== null) this.siteNames = p.siteNames;
    const n = p.stats.length / STAT_FIELDS.length;
    const structures = decodeStructures(p.structures, p.slots);
    const strategies: StrategyFrame[] = [];
    let si = 0;
    let wi = 0;
    for (let k = 0; k < n; k++) {
      const stats = {} as Record<StatField, number | null>;
      STAT_FIELDS.forEach((f, i) => {
        const v = p.stats[k * STAT_FIELDS.length + i] ?? NaN;
        stats[f] = Number.isNaN(v) ? null : v;
      });
      const sites: SiteFigure[] = [];
      for (let c = p.sites[si++] ?? 0; c > 0; c--) {
        const name = this.siteNames[p.sites[si++] ?? -1] ?? 'unknown site';
        sites.push({ site: name, liveBytes: p.sites[si++] ?? 0, liveCount: p.sites[si++] ?? 0 });
      }
      const waiters: WaiterFigure[] = [];
      for (let c = p.waiters[wi++] ?? 0; c > 0; c--) {
        waiters.push({
          producer: p.waiters[wi++] ?? 0,
          sinceMs: p.waiters[wi++] ?? 0,
          bytes: p.waiters[wi++] ?? 0,
        });
      }
      strategies.push({ stats, sites, waiters, structure: structures[k] ?? null });
    }
    return {
      id: p.id,
      seq: p.seq,
      timeMs: p.timeMs,
      arrivals: p.arrivals,
      producersConnected: p.producersConnected,
      producersGone: p.producersGone,
      playing: p.playing,
      done: p.done,
      speed: p.speed,
      achievedSpeed: p.achievedSpeed,
      strategies,
      series: p.series === null ? null : decodeSeries(p.series, n),
    };
  }
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
