// Checkpoints by deep copy: a copy of the real engine's simulation, run on, gives exactly what the
// original gives and what a fresh run gives, on every preset; running the copy leaves the original
// alone. If the engine ever keeps something a copy cannot carry (a closure), this fails.
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine/sim/index.ts';
import { presets, PRESET_NAMES } from '../../src/engine/presets.ts';
import { deepCopy } from '../../src/worker/deep-copy.ts';

const view = (s: { snapshot(): unknown; series(): unknown }) => JSON.stringify([s.snapshot(), s.series()]);

describe('deep copy of a simulation', () => {
  it.each(PRESET_NAMES)(
    '%s: a copy taken at 30 percent of the run behaves like the original and like a fresh run',
    (name) => {
      const scenario = presets[name].scenario;
      const end = scenario.durationSeconds * 1e6;
      const original = createSimulation(scenario);
      original.runUntil(end * 0.3);
      const copy = deepCopy(original);
      copy.runUntil(end * 0.6);
      // the original did not move when the copy ran
      expect(original.now).toBe(Math.floor(end * 0.3));
      original.runUntil(end * 0.6);
      const fresh = createSimulation(scenario);
      fresh.runUntil(end * 0.6);
      expect(view(copy)).toBe(view(original));
      expect(view(copy)).toBe(view(fresh));
    },
  );

  it('refuses state holding a function rather than sharing it', () => {
    expect(() => deepCopy({ a: 1, f: () => 2 })).toThrow(/cannot copy a function/);
  });

  it('keeps shared references shared and cycles intact', () => {
    const shared = { n: 1 };
    const o: Record<string, unknown> = { x: shared, y: shared, m: new Map([[1, shared]]) };
    o.self = o;
    const c = deepCopy(o);
    expect(c.x).toBe(c.y);
    expect(c.x).not.toBe(shared);
    expect((c.m as Map<number, unknown>).get(1)).toBe(c.x);
    expect(c.self).toBe(c);
  });
});

describe('checkpoint memory', () => {
  it('shares the append-only sample rows: a copy of an hour-long run costs its state, not its samples', () => {
    const base = presets['game-server'].scenario;
    const scenario = {
      ...base,
      durationSeconds: 3600,
      channels: { ...base.channels, count: 5000, active: 5000 },
    };
    const original = createSimulation(scenario);
    original.runUntil(60e6);
    const before = process.memoryUsage().arrayBuffers;
    const copies = Array.from({ length: 10 }, () => deepCopy(original));
    const perCopy = (process.memoryUsage().arrayBuffers - before) / copies.length;
    // An hour sampled every 100 ms is 36,001 rows of 8-byte fields for three strategies: copying it
    // would take more than 36,001 × 3 × 8 B ≈ 864 KB per copy even with a single field.
    expect(perCopy).toBeLessThan(36_001 * 3 * 8);
    // and the copies still run on exactly like the original
    copies[0]?.runUntil(120e6);
    original.runUntil(120e6);
    expect(view(copies[0] as typeof original)).toBe(view(original));
  });
});
