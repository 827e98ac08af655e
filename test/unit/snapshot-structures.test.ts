// A snapshot without the channel structures (#16 item 5: the worker asks for none while no view on
// screen draws them): the same figures, no structure and no waiting senders built.
import { describe, expect, it } from 'vitest';
import { createSimulation, parseScenario, presets } from '../../src/engine/sim/index.ts';

describe('snapshot({ structures: false })', () => {
  it('has every figure of the full snapshot, and neither structure nor waiters', () => {
    // game-server: bounded(128) parks its players in send().await, so the full snapshot lists waiters
    const r = parseScenario(presets['game-server'].scenario);
    if (!r.ok) throw new Error(r.errors.join('; '));
    const sim = createSimulation(r.scenario);
    sim.runUntil(2_000_000);
    const full = sim.snapshot();
    const bare = sim.snapshot({ structures: false });
    expect(full.strategies.some((s) => s.waiters.length > 0)).toBe(true);
    expect(full.strategies.every((s) => s.structure !== null)).toBe(true);
    for (const [k, s] of bare.strategies.entries()) {
      expect(s.structure).toBeNull();
      expect(s.waiters).toEqual([]);
      expect({
        ...s,
        structure: full.strategies[k]?.structure,
        waiters: full.strategies[k]?.waiters,
      }).toEqual(full.strategies[k]);
    }
    expect({ ...bare, strategies: full.strategies }).toEqual(full);
  });
});
