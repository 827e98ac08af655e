// The keep-up loop's stretch (src/engine/sim/keepup.ts, `stretch`): a tokio lane's decisions written
// out over locals, alone or leading lanes in lockstep. It must give the general path's run bit for bit
// (snapshot: heap by site, allocation counts, peaks, the channel's structure, latencies; every series
// sample) on the workloads that reach its edges, and each test checks that it took decisions at all.
import { describe, expect, it } from 'vitest';
import { createSimulation, parseScenario, type ScenarioInput } from '../../src/engine/sim/index.ts';

/** The bench's per-message workload (src/cli/bench.ts), shorter: 1,000 Poisson producers, 1 µs service. */
const POISSON: ScenarioInput = {
  durationSeconds: 0.05,
  sampleMs: 5,
  producers: { count: 1000, ratePerSec: 900, arrival: 'poisson' },
  consumers: { count: 1, service: 'exponential', serviceUs: 1 },
};

const TOKIO3: ScenarioInput['strategies'] = [
  { kind: 'unbounded' },
  { kind: 'bounded', capacity: 128, send: 'await' },
  { kind: 'semaphore-producer', permits: 1024 },
];

type Stops = 'once' | 'samples' | number;

function play(input: ScenarioInput, options: { keepUp?: boolean; lockstep?: boolean }, stops: Stops) {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const sim = createSimulation(parsed.scenario, options);
  if (stops === 'once') sim.runUntil(Infinity);
  else if (stops === 'samples') {
    // every sample time, as the timeline's seek does
    const every = input.sampleMs ?? 100;
    while (!sim.done) sim.runUntil(sim.now + every * 1000);
  } else while (!sim.done) sim.runUntil(sim.now + stops);
  return {
    snapshot: JSON.stringify(sim.snapshot()),
    series: JSON.stringify(sim.series()),
    stretched: sim.strategyLanes.reduce((n, lane) => n + lane.stretched, 0),
    lockstep: sim.lockstepStretches,
  };
}

/**
 * The run with the stretch (in lockstep, and with every lane alone) equals the general path's;
 * returns the decisions the stretch took with lockstep on.
 */
function expectGeneralPath(
  input: ScenarioInput,
  stops: Stops = 'once',
): { stretched: number; lockstep: number } {
  const general = play(input, { keepUp: false }, stops);
  const fast = play(input, {}, stops);
  const alone = play(input, { lockstep: false }, stops);
  expect(fast.snapshot).toBe(general.snapshot);
  expect(fast.series).toBe(general.series);
  expect(alone.snapshot).toBe(general.snapshot);
  expect(alone.series).toBe(general.series);
  expect(alone.stretched).toBeGreaterThan(0);
  return { stretched: fast.stretched, lockstep: fast.lockstep };
}

describe('the keep-up stretch gives the general path’s run', () => {
  it('the bench’s workload: stretches end at every 1 ms Poisson slot, 0 µs services in a row', () => {
    const r = expectGeneralPath({ ...POISSON, strategies: TOKIO3 });
    // ~45,000 arrivals, most of them taken by the stretch (the general path takes a few per slot)
    expect(r.stretched).toBeGreaterThan(30_000);
    expect(r.lockstep).toBeGreaterThan(0);
  });

  it('services of 0 µs nearly always (mean 0.2 µs): drains and arrivals in the same µs', () => {
    expectGeneralPath({
      ...POISSON,
      producers: { count: 1000, ratePerSec: 2_000, arrival: 'poisson' },
      consumers: { count: 1, service: 'exponential', serviceUs: 0.2 },
      strategies: TOKIO3,
    });
  });

  it('one strategy alone (no lockstep), a message with two heap parts, blocks of 32 filled and freed', () => {
    // load 0.95: queues of dozens, so blocks are allocated, kept as spares and freed along
    expectGeneralPath({
      ...POISSON,
      producers: { count: 1000, ratePerSec: 950, arrival: 'poisson' },
      message: { type: 'rust', rust: '(String, Vec<u8>)', lengths: [5, 9] },
      strategies: [{ kind: 'unbounded' }],
    });
  });

  it('a small bounded channel and a small gate fill up: the lanes part, parks and refusals in between', () => {
    const r = expectGeneralPath({
      ...POISSON,
      producers: { count: 10, ratePerSec: 105_000, arrival: 'poisson' },
      strategies: [
        { kind: 'unbounded' },
        { kind: 'bounded', capacity: 2, send: 'await' },
        { kind: 'semaphore-producer', permits: 2 },
        { kind: 'bounded', capacity: 8, send: 'try' },
      ],
    });
    expect(r.lockstep).toBeGreaterThan(0);
  });

  it('a stall that starts in the middle of a service (the service ends after the stall)', () => {
    expectGeneralPath({
      ...POISSON,
      consumers: { count: 1, service: 'exponential', serviceUs: 20, stallAtMs: 20.0005, stallForMs: 3 },
      producers: { count: 1000, ratePerSec: 40, arrival: 'poisson' },
      strategies: TOKIO3,
    });
  });

  it('a timed change of the service time and of the rate in the middle of the run', () => {
    expectGeneralPath({
      ...POISSON,
      strategies: TOKIO3,
      changes: [
        { atMs: 17.3, path: 'consumers.serviceUs', value: 0.5 },
        { atMs: 31, path: 'producers.ratePerSec', value: 600 },
      ],
    });
  });

  it('producers leaving mid-run, log-normal service', () => {
    expectGeneralPath({
      ...POISSON,
      producers: {
        count: 100,
        ratePerSec: 8_000,
        arrival: 'poisson',
        disconnectAtMs: 25,
        disconnectCount: 40,
      },
      consumers: { count: 1, service: 'lognormal', serviceUs: 1, serviceSigma: 1.5 },
      strategies: TOKIO3,
    });
  });

  it('stopped at every sample (1 ms), and at odd times', () => {
    const input = { ...POISSON, sampleMs: 1, strategies: TOKIO3 };
    expectGeneralPath(input, 'samples');
    expectGeneralPath(input, 3_333);
    expectGeneralPath(input, 17);
  });

  it('stepped decision by decision for a while (the timeline does), then run', () => {
    const parsed = parseScenario({ ...POISSON, strategies: TOKIO3 });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const run = (keepUp: boolean) => {
      const sim = createSimulation(parsed.scenario, { keepUp });
      sim.runUntil(10_000);
      for (let i = 0; i < 2_000; i++) sim.step();
      sim.runUntil(Infinity);
      return {
        snapshot: JSON.stringify(sim.snapshot()),
        series: JSON.stringify(sim.series()),
        stretched: sim.strategyLanes.reduce((n, lane) => n + lane.stretched, 0),
      };
    };
    const fast = run(true);
    const general = run(false);
    expect(fast.snapshot).toBe(general.snapshot);
    expect(fast.series).toBe(general.series);
    expect(fast.stretched).toBeGreaterThan(0);
  });
});
