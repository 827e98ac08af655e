/**
 * Timed changes (scenario `changes`): a change takes effect at exactly its simulated time, leaves
 * everything before it as it was, and the run stays deterministic however it is stepped.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario, type ScenarioInput } from '../../src/engine/scenario/index.ts';
import { createSimulation } from '../../src/engine/sim/engine.ts';
import { decodeLabUrl, encodeLabUrl } from '../../src/ui/url-state.ts';
import { column, run, scenario, strategy } from './sim-helpers.ts';

/** 100 producers × 20 msg/s = 2,000 msg/s offered; one consumer at 1 ms a message drains 1,000 msg/s. */
const base: ScenarioInput = {
  durationSeconds: 20,
  sampleMs: 100,
  producers: { count: 100, ratePerSec: 20 },
  consumers: { serviceUs: 1000 },
};

function rowsBefore(series: ReturnType<typeof run>['series'], ms: number): string {
  const n = series.timeMs.findIndex((t) => t >= ms);
  return JSON.stringify({
    time: series.timeMs.slice(0, n),
    strategies: series.strategies.map((s) =>
      Object.fromEntries(Object.entries(s.columns).map(([k, v]) => [k, v.slice(0, n)])),
    ),
  });
}

describe('timed changes', () => {
  it('leave the run before the change untouched and bend it after', () => {
    const plain = run(base);
    const slowed = run({ ...base, changes: [{ atMs: 10_000, path: 'producers.ratePerSec', value: 5 }] });
    expect(rowsBefore(slowed.series, 10_000)).toBe(rowsBefore(plain.series, 10_000));
    // unbounded: the queue grows by 2,000 − 1,000 = 1,000 msg/s for 10 s (10,000 queued), then
    // 100 × 5 = 500 msg/s arrive while 1,000 drain: it shrinks by 500 msg/s for 10 s → 5,000
    const depth = column(slowed.series, 'unbounded', 'depth');
    const at = (ms: number) => depth[slowed.series.timeMs.indexOf(ms)] as number;
    expect(at(10_000)).toBeGreaterThan(9_990);
    expect(at(10_000)).toBeLessThanOrEqual(10_000);
    expect(at(20_000)).toBeGreaterThan(4_990);
    expect(at(20_000)).toBeLessThanOrEqual(5_010);
    // without the change it would have doubled
    expect(strategy(plain.snapshot, 'unbounded').depth).toBeGreaterThan(19_900);
  });

  it('leave the run before a change at any moment untouched, bit for bit (a live change lands anywhere)', () => {
    // A live change lands at the µs the worker happens to be at. At 426.486 ms the arrivals of the
    // first 100 ms used to move: the segment of arrivals was cut there and spread again, so one
    // arrival on a whole µs (100 ms) rounded to the next one (1,999 sent at 100 ms instead of
    // 2,000, latencies 1 µs longer). 426.486 × 1000 is not a whole number in binary.
    const game: ScenarioInput = {
      durationSeconds: 2,
      sampleMs: 100,
      producers: { count: 1000, ratePerSec: 20 },
      consumers: { serviceUs: 100 },
    };
    const plain = run(game);
    for (const atMs of [426.486, 333.333, 700.001, 150.5])
      for (const [path, value] of [
        ['consumers.count', 3],
        ['producers.ratePerSec', 5],
        ['producers.count', 1500],
      ] as const) {
        const changed = run({ ...game, changes: [{ atMs, path, value }] });
        expect(rowsBefore(changed.series, atMs), `${path} at ${atMs} ms`).toBe(
          rowsBefore(plain.series, atMs),
        );
      }
    expect(column(plain.series, 'unbounded', 'sent')[1]).toBe(2000);
  });

  it('are deterministic: the same scenario twice, and run in pieces, give the same run bit for bit', () => {
    const input: ScenarioInput = {
      ...base,
      producers: { arrival: 'poisson' },
      consumers: { service: 'exponential', batch: 4 },
      changes: [
        { atMs: 3_000, path: 'consumers.count', value: 3 },
        { atMs: 6_500.5, path: 'producers.count', value: 150 },
        { atMs: 9_000, path: 'consumers.serviceUs', value: 2500 },
        { atMs: 12_000, path: 'strategies.2.permits', value: 100 },
        { atMs: 15_000, path: 'consumers.count', value: 1 },
      ],
    };
    const a = run(input);
    const b = run(input);
    expect(JSON.stringify(b.series)).toBe(JSON.stringify(a.series));
    expect(JSON.stringify(b.snapshot)).toBe(JSON.stringify(a.snapshot));
    const sim = createSimulation(scenario(input));
    for (let t = 0; t <= 20_000_000; t += 777_777) sim.runUntil(t);
    sim.runUntil(20_000_000);
    expect(JSON.stringify(sim.series())).toBe(JSON.stringify(a.series));
    expect(JSON.stringify(sim.snapshot())).toBe(JSON.stringify(a.snapshot));
  });

  it('add consumers: two workers drain 2,000 msg/s and the queue stops growing; each has its recv_many buffer', () => {
    const r = run({
      ...base,
      consumers: { batch: 8 },
      changes: [{ atMs: 10_000, path: 'consumers.count', value: 2 }],
    });
    const depth = column(r.series, 'unbounded', 'depth');
    const at = (ms: number) => depth[r.series.timeMs.indexOf(ms)] as number;
    expect(Math.abs(at(20_000) - at(10_000))).toBeLessThan(100);
    // Vec<String> with room for 8: 8 × 24 B = 192 B per worker
    const site = strategy(r.snapshot, 'unbounded').heapBySite.find((s) => s.site === 'recv_many buffer');
    expect(site).toMatchObject({ liveBytes: 2 * 192, liveCount: 2 });
  });

  it('remove consumers: the worker that stops drops its buffer once its batch is done', () => {
    const r = run({
      ...base,
      consumers: { count: 3, batch: 8 },
      changes: [{ atMs: 5_000, path: 'consumers.count', value: 1 }],
    });
    const site = strategy(r.snapshot, 'unbounded').heapBySite.find((s) => s.site === 'recv_many buffer');
    expect(site).toMatchObject({ liveBytes: 192, liveCount: 1 });
  });

  it('new producers clone a Sender at the change; producers that stop keep theirs', () => {
    const sim = createSimulation(
      scenario({
        ...base,
        producers: { count: 10, ratePerSec: 100 },
        changes: [
          { atMs: 2_000, path: 'producers.count', value: 15 },
          { atMs: 4_000, path: 'producers.count', value: 12 },
          { atMs: 6_000, path: 'producers.count', value: 16 },
        ],
      }),
      { recordOps: true },
    );
    sim.runUntil(20_000_000);
    const ops = sim.strategyLanes[0]?.opLog ?? [];
    const clones = ops.filter((o) => o.op === 'clone_sender').map((o) => (o as { as: number }).as);
    // 1..9 at the start, 10..14 at 2 s, 15 at 6 s (12 stopping at 4 s dropped none)
    expect(clones).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(ops.some((o) => o.op === 'drop_sender')).toBe(false);
    // offered: 10 × 100 × 2 s + 15 × 100 × 2 s + 12 × 100 × 2 s + 16 × 100 × 14 s
    expect(sim.snapshot().arrivals).toBe(2_000 + 3_000 + 2_400 + 22_400);
  });

  it('fewer permits: the gate lets no more than the new number through once they come back', () => {
    const r = run({
      ...base,
      strategies: [{ kind: 'semaphore-producer', permits: 1024 }],
      changes: [{ atMs: 5_000, path: 'strategies.0.permits', value: 10 }],
    });
    const s = strategy(r.snapshot, 'semaphore');
    expect(s.depth + s.inFlight).toBeLessThanOrEqual(10);
    const before = column(r.series, 'semaphore', 'depth')[r.series.timeMs.indexOf(4_900)] as number;
    expect(before).toBeGreaterThan(900); // 1,024 permits: the queue was at the gate's limit
  });

  it('a stall set during the run pauses the consumers in its window', () => {
    const r = run({
      ...base,
      changes: [
        { atMs: 4_000, path: 'consumers.stallAtMs', value: 5_000 },
        { atMs: 4_000, path: 'consumers.stallForMs', value: 2_000 },
      ],
    });
    const received = column(r.series, 'unbounded', 'received');
    const at = (ms: number) => received[r.series.timeMs.indexOf(ms)] as number;
    expect(at(6_900) - at(5_100)).toBe(0);
    expect(at(4_900) - at(3_000)).toBeGreaterThan(1_800);
  });

  it('the saturated fast path gives the same run as the general one across changes', () => {
    const input = scenario({
      durationSeconds: 10,
      producers: { count: 400, ratePerSec: 50 },
      strategies: [{ kind: 'bounded', capacity: 64 }],
      changes: [
        { atMs: 3_000, path: 'producers.ratePerSec', value: 80 },
        { atMs: 6_000, path: 'consumers.serviceUs', value: 150 },
      ],
    });
    const fast = createSimulation(input);
    const slow = createSimulation(input, { fastForward: false });
    fast.runUntil(10_000_000);
    slow.runUntil(10_000_000);
    expect(JSON.stringify(fast.series())).toBe(JSON.stringify(slow.series()));
  });
});

describe('timed changes: validation', () => {
  const errors = (changes: unknown, extra: object = {}) => {
    const r = parseScenario({ ...extra, changes });
    return r.ok ? [] : r.errors;
  };

  it('names the change and says why', () => {
    expect(errors([{ atMs: 1000, path: 'producers.ratePerSec', value: -1 }])[0]).toMatch(
      /producers\.ratePerSec = -1 at 1000 ms.*expected a number from 0/,
    );
    expect(errors([{ atMs: 1000, path: 'producers.nope', value: 1 }])[0]).toMatch(/unknown field/);
    expect(errors([{ atMs: 1000, path: 'strategies.1.capacity', value: 4 }])[0]).toMatch(
      /cannot change during a run: a channel's capacity is fixed/,
    );
    expect(errors([{ atMs: 1000, path: 'strategies.0.permits', value: 4 }])[0]).toMatch(
      /strategy 0 is unbounded/,
    );
    expect(errors([{ atMs: 1000, path: 'strategies.7.permits', value: 4 }])[0]).toMatch(/no strategy 7/);
    expect(errors([{ atMs: 61_000, path: 'producers.count', value: 4 }])[0]).toMatch(/after the end/);
    expect(errors([{ atMs: 1000, path: 'producers.count', value: 'many' }])[0]).toMatch(
      /expected an integer/,
    );
    expect(errors([{ atMs: 1000, path: 'producers.count', value: 2.5 }])[0]).toMatch(/expected an integer/);
    expect(
      errors([{ atMs: 1000, path: 'producers.count', value: 4 }], { producers: { disconnectCount: 10 } })[0],
    ).toMatch(/changes at 1000 ms: producers.disconnectCount/);
    expect(
      errors(Array.from({ length: 101 }, () => ({ atMs: 1, path: 'producers.count', value: 1 })))[0],
    ).toMatch(/changes/);
  });

  it('sorts changes by time, keeping the order of changes at the same time', () => {
    const r = parseScenario({
      changes: [
        { atMs: 5000, path: 'producers.count', value: 2 },
        { atMs: 1000, path: 'producers.count', value: 3 },
        { atMs: 1000, path: 'producers.count', value: 4 },
      ],
    });
    expect(r.ok && r.scenario.changes.map((c) => c.value)).toEqual([3, 4, 2]);
  });
});

describe('timed changes in a link', () => {
  it('are one readable key per change and come back the same', () => {
    const s = scenario({
      changes: [
        { atMs: 12_000, path: 'producers.ratePerSec', value: 5 },
        { atMs: 20_500.5, path: 'strategies.2.permits', value: 64 },
      ],
    });
    const q = encodeLabUrl({ scenario: s, timeMs: 25_000 });
    expect(q).toContain('change.12000.producers.ratePerSec=5&change.20500.5.strategies.2.permits=64');
    const back = decodeLabUrl(q);
    expect(back.notices).toEqual([]);
    expect(back.scenario.changes).toEqual(s.changes);
    expect(back.timeMs).toBe(25_000);
  });

  it('a change the run cannot take is named in a notice and the link still opens', () => {
    const bad = decodeLabUrl('change.5000.strategies.1.capacity=8&producers.count=50');
    expect(bad.scenario.changes).toEqual([]);
    expect(bad.scenario.producers.count).toBe(50);
    expect(bad.notices.map((n) => n.message).join('\n')).toMatch(
      /strategies\.1\.capacity = 8 at 5000 ms.*cannot change during a run.*the timed changes are ignored/,
    );
    const nan = decodeLabUrl('change.5000.producers.count=lots');
    expect(nan.notices[0]?.message).toBe(
      'change.5000.producers.count: expected a number, got "lots"; ignored',
    );
  });
});
