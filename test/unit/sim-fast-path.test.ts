/**
 * The saturated fast path (src/engine/sim/steady.ts) is an optimisation only: with it and without it
 * a run gives the same snapshot, the same series and the same calls on the crate model, bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine/sim/engine.ts';
import { presets } from '../../src/engine/presets.ts';
import type { ScenarioInput } from '../../src/engine/scenario/index.ts';
import { scenario } from './sim-helpers.ts';

function both(input: ScenarioInput, cut?: number) {
  const s = scenario(input);
  return [true, false].map((fastForward) => {
    const sim = createSimulation(s, { fastForward, recordOps: true });
    if (cut === undefined) sim.runUntil(Infinity);
    else while (!sim.done) sim.runUntil(sim.now + cut);
    return {
      snapshot: JSON.stringify(sim.snapshot()),
      series: JSON.stringify(sim.series()),
      ops: sim.strategyLanes.map((l) => JSON.stringify(l.opLog)),
    };
  });
}

/** Where two long texts (or lists of them) first differ, with a little context; null when equal. */
function firstDifference(a: string | string[] | undefined, b: string | string[] | undefined): string | null {
  const x = Array.isArray(a) ? a.join('\n') : (a ?? '');
  const y = Array.isArray(b) ? b.join('\n') : (b ?? '');
  if (x === y) return null;
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  return `at ${i}: …${x.slice(Math.max(0, i - 120), i + 80)}… vs …${y.slice(Math.max(0, i - 120), i + 80)}…`;
}

const game = presets['game-server'].scenario;

const cases: [string, ScenarioInput][] = [
  ['game-server, 25 s (players leave at 10 s)', { ...game, durationSeconds: 25 }],
  [
    'bounded(128) sampled every 37 ms (samples fall inside cycles)',
    { ...game, durationSeconds: 8, sampleMs: 37, strategies: [{ kind: 'bounded', capacity: 128 }] },
  ],
  [
    'every crate with an exact capacity, capacity 5, batch 5',
    {
      ...game,
      durationSeconds: 3,
      sampleMs: 20,
      producers: {
        count: 50,
        ratePerSec: 300,
        arrival: 'constant',
        disconnectAtMs: 1500,
        disconnectCount: 7,
      },
      consumers: { count: 1, service: 'fixed', serviceUs: 900, batch: 5 },
      strategies: [
        { kind: 'bounded', capacity: 5 },
        { kind: 'bounded', capacity: 5, impl: 'crossbeam-bounded' },
        { kind: 'bounded', capacity: 5, impl: 'std-sync' },
        { kind: 'bounded', capacity: 5, impl: 'flume-bounded' },
        { kind: 'bounded', capacity: 5, impl: 'async-bounded' },
      ],
    },
  ],
  [
    'bursts: the backlog upstream runs dry mid-stretch (the general path takes over)',
    {
      ...game,
      durationSeconds: 6,
      sampleMs: 50,
      producers: { count: 250, ratePerSec: 70, arrival: 'bursts', burstOnMs: 300, burstOffMs: 200 },
      consumers: { count: 1, service: 'fixed', serviceUs: 100, batch: 16 },
      strategies: [{ kind: 'bounded', capacity: 16 }],
    },
  ],
  [
    'capacity 1, a stall and a spike',
    {
      ...game,
      durationSeconds: 4,
      sampleMs: 10,
      producers: { count: 30, ratePerSec: 100, arrival: 'spike', spikeAtMs: 2000, spikeMessages: 500 },
      consumers: { count: 1, service: 'fixed', serviceUs: 700, batch: 1, stallAtMs: 1000, stallForMs: 250 },
      strategies: [{ kind: 'bounded', capacity: 1 }, { kind: 'unbounded' }],
    },
  ],
];

describe('the saturated fast path', () => {
  it.each(cases)('changes nothing: %s', (_name, input) => {
    const [fast, slow] = both(input);
    expect(firstDifference(fast?.ops, slow?.ops)).toBe(null);
    expect(firstDifference(fast?.snapshot, slow?.snapshot)).toBe(null);
    expect(firstDifference(fast?.series, slow?.series)).toBe(null);
  });

  it('changes nothing when the run is cut in odd pieces', () => {
    const [fast, slow] = both({ ...game, durationSeconds: 12 }, 123_457);
    expect(firstDifference(fast?.snapshot, slow?.snapshot)).toBe(null);
    expect(firstDifference(fast?.series, slow?.series)).toBe(null);
  });
});
