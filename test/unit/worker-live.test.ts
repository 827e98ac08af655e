// Live knobs through the worker host on the real engine: a change during a run becomes a timed change
// at the current simulated time, the run before it is kept, and seeking replays it.
import { describe, expect, it } from 'vitest';
import { createSimulation, parseScenario, presets, type SimSeries } from '../../src/engine/sim/index.ts';
import { SimHost } from '../../src/worker/host.ts';
import { engineApi } from '../../src/worker/engine-api.ts';
import { decodeFrame } from '../../src/worker/frame.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';
import { ManualClock } from './worker-fakes.ts';

const scenario = { ...presets['game-server'].scenario, durationSeconds: 10 };

function host() {
  const clock = new ManualClock();
  const out: FromWorker[] = [];
  const h = new SimHost(engineApi, (m) => out.push(m), clock);
  const frames = () => out.filter((m) => m.type === 'frame');
  const last = () => {
    const f = frames().at(-1);
    if (f?.type !== 'frame') throw new Error('no frame');
    return decodeFrame(f.frame);
  };
  const settle = (ticks = 5) => {
    for (let i = 0; i < ticks; i++) {
      clock.advance(120);
      const f = frames().at(-1);
      if (f?.type === 'frame') h.handle({ type: 'ack', frame: f.frame.id });
    }
  };
  const loaded = () => {
    const m = out.filter((x) => x.type === 'loaded').at(-1);
    if (m?.type !== 'loaded') throw new Error('nothing loaded');
    return m.scenario as unknown as { changes: { atMs: number; path: string; value: unknown }[] };
  };
  const series = (): SimSeries => {
    h.handle({ type: 'get-series', id: 99 });
    const m = out.filter((x) => x.type === 'series').at(-1);
    if (m?.type !== 'series' || m.series === null) throw new Error('no series');
    return m.series;
  };
  h.handle({ type: 'load', seq: 1, scenario, preset: null });
  return { h, out, last, settle, loaded, series, clock };
}

/** The series rows before `ms`, as text. */
function before(series: SimSeries, ms: number): string {
  const n = series.timeMs.filter((t) => t < ms).length;
  return JSON.stringify(series.strategies.map((s) => s.columns.heapBytes.slice(0, n)));
}

describe('live changes in the worker', () => {
  it('a change while playing takes effect from now and keeps the run before it', () => {
    const t = host();
    t.h.handle({ type: 'play', seq: 2 });
    t.settle(4);
    const at = t.last().timeMs;
    expect(at).toBeGreaterThan(0);
    t.h.handle({ type: 'set', seq: 3, changes: { rate: 5 } });
    t.settle(10);
    const changes = t.loaded().changes;
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ path: 'producers.ratePerSec', value: 5 });
    const atMs = changes[0]?.atMs ?? NaN;
    expect(atMs).toBeGreaterThanOrEqual(at);
    // the same run as a fresh simulation of the base scenario up to the change
    const plain = createSimulation(presets['game-server'].scenario);
    plain.runUntil(atMs * 1000);
    expect(before(t.series(), atMs)).toBe(before(plain.series(), atMs));
    // and the same as the scenario with its timed change, run headless (what the URL and the CLI give)
    const parsed = parseScenario(t.loaded());
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    t.h.handle({ type: 'pause', seq: 4 });
    t.settle();
    const sim = createSimulation(parsed.scenario);
    sim.runUntil(t.last().timeMs * 1000);
    expect(JSON.stringify(sim.series())).toBe(JSON.stringify(t.series()));
  });

  it('at 0 s a change simply reruns: the scenario itself changes, no timed change', () => {
    const t = host();
    t.settle();
    t.h.handle({ type: 'set', seq: 2, changes: { rate: 5 } });
    t.settle();
    const s = t.loaded() as unknown as { changes: unknown[]; producers: { ratePerSec: number } };
    expect(s.changes).toEqual([]);
    expect(s.producers.ratePerSec).toBe(5);
  });

  it('a field that cannot change during a run (capacity) changes the scenario and recomputes the run', () => {
    const t = host();
    t.h.handle({ type: 'play', seq: 2 });
    t.settle(3);
    t.h.handle({ type: 'set', seq: 3, changes: { capacity: 64 } });
    t.settle();
    const s = t.loaded() as unknown as { changes: unknown[]; strategies: { capacity: number }[] };
    expect(s.changes).toEqual([]);
    expect(s.strategies[1]?.capacity).toBe(64);
  });

  it('a slider drag (values within 400 ms) is one change, at the start of the drag, with the last value', () => {
    const t = host();
    t.h.handle({ type: 'play', seq: 2 });
    t.settle(3);
    t.h.handle({ type: 'set', seq: 3, changes: { consumers: 2 } });
    t.clock.advance(1);
    t.h.handle({ type: 'set', seq: 4, changes: { consumers: 3 } });
    t.clock.advance(100);
    t.h.handle({ type: 'set', seq: 5, changes: { consumers: 4 } });
    t.settle();
    const changes = t.loaded().changes;
    expect(changes.map((c) => [c.path, c.value])).toEqual([['consumers.count', 4]]);
    // at the time the run had reached, though each change restarted a replay from 0 s
    expect(changes[0]?.atMs).toBeGreaterThan(200);
    // a later, separate change adds another
    t.clock.advance(1000);
    t.h.handle({ type: 'set', seq: 6, changes: { consumers: 1 } });
    t.settle();
    expect(t.loaded().changes.map((c) => c.value)).toEqual([4, 1]);
  });

  it('seeking back and forth replays the changes: the same series', () => {
    const t = host();
    t.h.handle({ type: 'play', seq: 2 });
    t.settle(3);
    t.h.handle({ type: 'set', seq: 3, changes: { rate: 60 } });
    t.settle(6);
    t.h.handle({ type: 'pause', seq: 4 });
    t.settle();
    const end = t.last().timeMs;
    const first = JSON.stringify(t.series());
    t.h.handle({ type: 'seek', seq: 5, timeMs: 1 });
    t.settle();
    t.h.handle({ type: 'seek', seq: 6, timeMs: end });
    t.settle(20);
    expect(t.last().timeMs).toBe(end);
    expect(JSON.stringify(t.series())).toBe(first);
  });
});

/** A clock that moves on a little at every reading, as a real one does, with fractional milliseconds. */
class RunningClock extends ManualClock {
  readings = 0;
  override now(): number {
    this.readings++;
    this.t += 0.0005;
    return this.t;
  }
}

describe('the worker while a run plays', () => {
  it('advances to the whole microsecond the wall clock reached, without spinning out its tick budget', () => {
    const clock = new RunningClock();
    const out: FromWorker[] = [];
    const h = new SimHost(engineApi, (m) => out.push(m), clock);
    h.handle({ type: 'load', seq: 1, scenario, preset: null });
    clock.advance(50);
    h.handle({ type: 'play', seq: 2 });
    const readings = clock.readings;
    const startMs = clock.t;
    // 60 ticks of 16.7 ms: wall times in fractional milliseconds, as performance.now() gives them
    for (let i = 0; i < 60; i++) {
      clock.advance(16.7);
      const f = out.filter((m) => m.type === 'frame').at(-1);
      if (f?.type === 'frame') h.handle({ type: 'ack', frame: f.frame.id });
    }
    const ticks = 60;
    // a tick reads the clock a handful of times; spinning until its 10 ms budget ran out took ~20,000
    expect((clock.readings - readings) / ticks).toBeLessThan(100);
    // and the run kept up with the wall clock
    const f = out.filter((m) => m.type === 'frame').at(-1);
    if (f?.type !== 'frame') throw new Error('no frame');
    expect(decodeFrame(f.frame).timeMs).toBeGreaterThan(clock.t - startMs - 100);
  });
});
