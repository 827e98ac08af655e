/**
 * A small stand-in Simulation for the worker host tests: one message arrives every `intervalUs` into
 * a real tokio channel model (so the structure and heap are the crate's), nothing is received. Its
 * numbers are easy to predict, which is what the host tests need; the real engine has its own tests.
 */
import { Heap } from '../../src/engine/heap.ts';
import { createChannel, type ChannelModel } from '../../src/engine/channels/index.ts';
import type { SimSeries, SimSnapshot, Simulation, SnapshotOptions } from '../../src/engine/sim/types.ts';
import type { EngineApi, HostClock } from '../../src/worker/host.ts';
import type { ParamChanges } from '../../src/worker/protocol.ts';
import { defaultScenario, parseScenario, type Scenario } from '../../src/engine/scenario/index.ts';

export interface FakeScenario {
  readonly messageSize: number;
  readonly intervalUs: number;
  readonly durationUs: number;
  /** throw from runUntil once simulated time passes this (to test engine failures) */
  readonly throwAfterUs?: number;
  /** step() takes this many arrivals at once, as an engine handling arrivals in bulk does */
  readonly bulkStep?: number;
}

/** How many channel structures every FakeSim has built (the host tests check which snapshots build one). */
export const built = { structures: 0 };

export class FakeSim implements Simulation {
  now = 0;
  private arrivals = 0;
  private readonly heap = new Heap();
  private readonly channel: ChannelModel;
  private readonly times: number[] = [];
  private readonly heaps: number[] = [];
  constructor(readonly scenario: FakeScenario) {
    const r = createChannel('tokio-unbounded', this.heap, {
      message: { kind: 'bytes', size: scenario.messageSize },
    });
    if (!r.ok) throw new Error(r.refusal.message);
    this.channel = r.channel;
    this.sample();
  }
  get done(): boolean {
    return this.now >= this.scenario.durationUs;
  }
  peekArrivals(): number {
    return this.arrivals;
  }
  step(): boolean {
    if (this.done) return false;
    if ((this.scenario.bulkStep ?? 1) > 1) {
      this.runUntil((this.arrivals + (this.scenario.bulkStep ?? 1)) * this.scenario.intervalUs);
      return true;
    }
    return this.stepOne();
  }
  private stepOne(): boolean {
    if (this.done) return false;
    const next = (this.arrivals + 1) * this.scenario.intervalUs;
    this.now = Math.min(next, this.scenario.durationUs);
    if (this.now === next) {
      this.arrivals++;
      this.channel.send(0);
      this.sample();
    }
    return true;
  }
  runUntil(t: number): void {
    const { throwAfterUs } = this.scenario;
    if (throwAfterUs !== undefined && t > throwAfterUs) throw new RangeError('engine exploded');
    while (!this.done && (this.arrivals + 1) * this.scenario.intervalUs <= t) this.stepOne();
    this.now = Math.max(this.now, Math.min(t, this.scenario.durationUs));
  }
  private sample(): void {
    this.times.push(this.now / 1000);
    this.heaps.push(this.heap.liveBytes);
  }
  snapshot(options: SnapshotOptions = {}): SimSnapshot {
    const wanted = options.structures ?? true;
    if (wanted) built.structures++;
    const s = wanted ? this.channel.structure() : null;
    return {
      timeMs: this.now / 1000,
      arrivals: this.arrivals,
      producersConnected: 1,
      producersGone: 0,
      strategies: [
        {
          id: 'unbounded',
          label: 'tokio unbounded',
          kind: 'unbounded',
          impl: 'tokio-unbounded',
          heapBytes: this.heap.liveBytes,
          peakHeapBytes: this.heap.peakBytes,
          allocs: this.heap.allocs,
          deallocs: this.heap.deallocs,
          reallocs: this.heap.reallocs,
          heapBySite: this.heap.bySite(),
          depth: this.channel.pending,
          waitingSenders: 0,
          inFlight: 0,
          availablePermits: null,
          sent: this.arrivals,
          received: 0,
          rejected: 0,
          timedOut: 0,
          dropped: 0,
          retainedMessages: 0,
          retainedBytes: 0,
          latencyMs: { p50: 0, p99: 0, max: 0 },
          structure: s,
          waiters: [],
        },
      ],
    };
  }
  series(): SimSeries {
    const n = this.times.length;
    const zeros = new Array<number>(n).fill(0);
    return {
      timeMs: [...this.times],
      strategies: [
        {
          id: 'unbounded',
          columns: {
            heapBytes: [...this.heaps],
            heapMinBytes: [...this.heaps],
            heapMaxBytes: [...this.heaps],
            depth: this.times.map((_, i) => i),
            waitingSenders: zeros,
            inFlight: zeros,
            availablePermits: zeros,
            sent: zeros,
            received: zeros,
            rejected: zeros,
            timedOut: zeros,
            dropped: zeros,
            retainedBytes: zeros,
            throughputPerSec: zeros,
            p50LatencyMs: zeros,
            p99LatencyMs: zeros,
            maxLatencyMs: zeros,
          },
        },
      ],
    };
  }
}

/** FakeSim plus the optional `nextArrivalAt` a real engine may offer for exact message steps. */
export class SteppingFakeSim extends FakeSim {
  nextArrivalAt(): number {
    return this.peekArrivals() >= 0 ? (this.peekArrivals() + 1) * this.scenario.intervalUs : Infinity;
  }
}

export const fakeEngine: EngineApi<FakeScenario> = {
  parse(json) {
    const o = json as Partial<FakeScenario> | null;
    if (typeof o?.messageSize !== 'number' || o.messageSize < 0) {
      return { ok: false, message: 'messageSize: expected a number ≥ 0', field: 'messageSize' };
    }
    return {
      ok: true,
      scenario: {
        messageSize: o.messageSize,
        intervalUs: o.intervalUs ?? 1000,
        durationUs: o.durationUs ?? 10_000_000,
        ...(o.throwAfterUs === undefined ? {} : { throwAfterUs: o.throwAfterUs }),
        ...(o.bulkStep === undefined ? {} : { bulkStep: o.bulkStep }),
      },
    };
  },
  applyChanges(s, changes: ParamChanges) {
    return { ...s, ...changes };
  },
  create(s) {
    return new FakeSim(s);
  },
  meta(s, first) {
    return {
      strategies: first.strategies.map(({ id, label, kind, impl, refusal }) => ({
        id,
        label,
        kind,
        impl,
        refusal: refusal ?? null,
      })),
      durationMs: s.durationUs / 1000,
    };
  },
};

/**
 * The same fake behind the app's real scenario type, for component tests of the whole page: message
 * size, rate and duration come from the scenario; a scenario named `engine-throws` makes the engine
 * throw as soon as time moves.
 */
export const fakeAppEngine: EngineApi<Scenario> = {
  parse(json) {
    const bytes = (json as { message?: { bytes?: unknown } } | null)?.message?.bytes;
    if (typeof bytes === 'number' && bytes < 0) {
      return { ok: false, message: 'messageSize: expected a number ≥ 0', field: 'messageSize' };
    }
    const r = parseScenario(json);
    return r.ok
      ? { ok: true, scenario: r.scenario }
      : { ok: false, message: r.errors.join('; '), field: null };
  },
  applyChanges(s, changes: ParamChanges) {
    const bytes = changes.messageSize;
    return bytes === undefined ? s : { ...s, message: { ...s.message, bytes } };
  },
  create(s) {
    return new FakeSim({
      messageSize: s.message.bytes,
      intervalUs: 1e6 / s.producers.ratePerSec,
      durationUs: s.durationSeconds * 1e6,
      ...(s.name === 'engine-throws' ? { throwAfterUs: 0 } : {}),
    });
  },
  meta: (s, first) =>
    fakeEngine.meta({ messageSize: 0, intervalUs: 0, durationUs: s.durationSeconds * 1e6 }, first),
};

/** The `demo` scenario of fakeAppEngine: 8-byte messages, one a millisecond, for 10 s. */
export const fakeDemo: Scenario = {
  ...defaultScenario,
  name: 'demo',
  durationSeconds: 10,
  message: { ...defaultScenario.message, type: 'bytes', bytes: 8 },
  producers: { ...defaultScenario.producers, ratePerSec: 1000 },
};

/** A manual clock: timers run only when the test advances time. */
export class ManualClock implements HostClock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }
  /** Advances time by `ms`, running due timers in order (timers they set run too if due). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (next === undefined || next.at > end) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = end;
  }
}
