import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine/sim/engine.ts';
import { SERIES_FIELDS } from '../../src/engine/sim/types.ts';
import { presets, PRESET_NAMES } from '../../src/engine/presets.ts';
import { run, scenario } from './sim-helpers.ts';

/** A workload using every source of randomness and every strategy kind. */
const mixed = scenario({
  durationSeconds: 3,
  sampleMs: 50,
  message: { type: 'string', bytes: 40 },
  producers: { count: 20, ratePerSec: 60, arrival: 'poisson', disconnectAtMs: 1500, disconnectCount: 5 },
  consumers: {
    count: 2,
    service: 'exponential',
    serviceUs: 1500,
    batch: 8,
    stallAtMs: 1000,
    stallForMs: 300,
  },
  strategies: [
    { kind: 'unbounded' },
    { kind: 'bounded', capacity: 40, send: 'await' },
    { kind: 'bounded', capacity: 40, send: 'timeout', timeoutMs: 30 },
    { kind: 'bounded', capacity: 40, send: 'try' },
    { kind: 'semaphore-producer', permits: 50 },
    { kind: 'semaphore-dispatcher', permits: 30 },
    { kind: 'unbounded', impl: 'futures-unbounded' },
  ],
});

describe('determinism', () => {
  it('gives the same snapshot and series, bit for bit, for the same scenario and seed', () => {
    const a = run(mixed);
    const b = run(mixed);
    expect(JSON.stringify(a.snapshot)).toBe(JSON.stringify(b.snapshot));
    expect(JSON.stringify(a.series)).toBe(JSON.stringify(b.series));
  });

  it('gives a different run for a different seed', () => {
    const a = run(mixed);
    const b = run({ ...mixed, seed: 2 });
    expect(a.snapshot.arrivals).not.toBe(b.snapshot.arrivals);
    expect(JSON.stringify(a.series)).not.toBe(JSON.stringify(b.series));
  });

  it('does not depend on how the run is cut: step(), runUntil in odd pieces, or all at once', () => {
    const whole = run(mixed);
    const stepped = createSimulation(mixed);
    let steps = 0;
    while (stepped.step()) steps++;
    expect(steps).toBeGreaterThan(1000);
    expect(JSON.stringify(stepped.snapshot())).toBe(JSON.stringify(whole.snapshot));
    expect(JSON.stringify(stepped.series())).toBe(JSON.stringify(whole.series));

    const pieces = createSimulation(mixed);
    for (let t = 0; !pieces.done; t += 12_345) pieces.runUntil(t);
    expect(JSON.stringify(pieces.snapshot())).toBe(JSON.stringify(whole.snapshot));
    expect(JSON.stringify(pieces.series())).toBe(JSON.stringify(whole.series));
  });

  const steady = { ...presets['game-server'].scenario, durationSeconds: 5 };
  it.each([
    ['mixed', mixed],
    ['game-server', steady],
  ])('is not changed by looking at it: snapshots along the way leave the result identical (%s)', (_n, s) => {
    const whole = run(s);
    const watched = createSimulation(s);
    while (!watched.done) {
      watched.runUntil(watched.now + 7_777);
      watched.snapshot();
    }
    expect(JSON.stringify(watched.snapshot())).toBe(JSON.stringify(whole.snapshot));
    expect(JSON.stringify(watched.series())).toBe(JSON.stringify(whole.series));
  });

  it('keeps at most 100,000 samples: a long run finely sampled is sampled less often', () => {
    // an hour every millisecond would be 3.6 M rows per strategy (the sliders allow it)
    const fine = scenario({
      durationSeconds: 3600,
      sampleMs: 1,
      producers: { count: 10, ratePerSec: 1 },
      strategies: [{ kind: 'unbounded' }],
    });
    const sim = createSimulation(fine);
    sim.runUntil(Infinity);
    const t = sim.series().timeMs;
    expect(t.length).toBe(100_001);
    expect([t[0], t[1], t[2], t.at(-1)]).toEqual([0, 36, 72, 3_600_000]);
  });

  it('samples at the fixed interval, first at time 0, last at the end', () => {
    const { series } = run(mixed);
    expect(series.timeMs.length).toBe(61);
    expect(series.timeMs.slice(0, 3)).toEqual([0, 50, 100]);
    expect(series.timeMs.at(-1)).toBe(3000);
    for (const s of series.strategies) {
      for (const f of SERIES_FIELDS) expect(s.columns[f].length, `${s.id}.${f}`).toBe(61);
    }
  });
});

describe('conservation', () => {
  const cases = [['mixed', mixed] as const, ...PRESET_NAMES.map((n) => [n, presets[n].scenario] as const)];
  it.each(cases)('sent = received + pending + dropped at every sample (%s)', (_name, s) => {
    const { series } = run(s);
    for (const st of series.strategies) {
      const c = st.columns;
      for (let i = 0; i < series.timeMs.length; i++) {
        const sent = c.sent[i] as number;
        expect(sent, `${st.id} at ${series.timeMs[i]} ms`).toBe(
          (c.received[i] as number) + (c.depth[i] as number) + (c.dropped[i] as number),
        );
        expect(c.heapMinBytes[i] as number).toBeLessThanOrEqual(c.heapBytes[i] as number);
        expect(c.heapMaxBytes[i] as number).toBeGreaterThanOrEqual(c.heapBytes[i] as number);
      }
    }
  });

  it('accounts for every offered message', () => {
    const { snapshot } = run(mixed);
    for (const s of snapshot.strategies) {
      const placed =
        s.sent +
        s.rejected -
        dispatcherRejects(s) +
        s.timedOut +
        s.waitingSenders +
        (s.upstream ?? 0) +
        (s.cancelled ?? 0) +
        (s.lostUpstream ?? 0);
      expect(s.offered, s.id).toBeGreaterThan(2000);
      expect(placed, s.id).toBe(s.offered);
      expect(s.received, s.id).toBe((s.handled ?? 0) + s.inFlight + dispatcherRejects(s));
    }
  });

  it('keeps the peak at least as high as every sampled maximum', () => {
    const { snapshot, series } = run(mixed);
    for (const st of series.strategies) {
      const peak = snapshot.strategies.find((x) => x.id === st.id)?.peakHeapBytes ?? 0;
      expect(Math.max(...st.columns.heapMaxBytes)).toBeLessThanOrEqual(peak);
    }
  });
});

/** the dispatcher receives messages and drops those it has no permit for: counted as received and rejected */
function dispatcherRejects(s: ReturnType<typeof run>['snapshot']['strategies'][number]): number {
  return s.kind === 'semaphore-dispatcher' ? s.rejected : 0;
}
