// Lanes in lockstep (src/engine/sim/lockstep.ts): tokio strategies whose consumer keeps up go through a
// stretch as one, the first lane in the keep-up loop and the others written from it. Whatever the
// lanes do, the run must be the general path's, bit for bit: snapshot (heap by site, allocation
// counts, peaks, the channel's structure, latencies) and every series sample. The generated version:
// `lockstepArb` in test/fuzz/scenario-props.ts.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/engine/heap.ts';
import type { MessageType } from '../../src/engine/layout.ts';
import { createChannel, type ImplName } from '../../src/engine/channels/index.ts';
import { TokioChannel } from '../../src/engine/channels/tokio.ts';
import { LatencyHistogram, LatencyWindow } from '../../src/engine/sim/histogram.ts';
import { createSimulation, parseScenario, type ScenarioInput } from '../../src/engine/sim/index.ts';

/** The bench's per-message workload (src/cli/bench.ts), shorter, with the default three tokio strategies. */
const POISSON: ScenarioInput = {
  durationSeconds: 0.3,
  sampleMs: 7,
  producers: { count: 1000, ratePerSec: 900, arrival: 'poisson' },
  consumers: { count: 1, service: 'exponential', serviceUs: 1 },
};

function run(input: ScenarioInput, options: { keepUp?: boolean; lockstep?: boolean }, chunk = Infinity) {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const sim = createSimulation(parsed.scenario, { ...options, fastForward: options.keepUp !== false });
  while (!sim.done) sim.runUntil(sim.now + chunk);
  return {
    snapshot: JSON.stringify(sim.snapshot()),
    series: JSON.stringify(sim.series()),
    stretches: sim.lockstepStretches,
  };
}

/** The run through lockstep, and through the general path, are the same; returns the lockstep stretches. */
function expectGeneralPath(input: ScenarioInput, chunk = Infinity): number {
  const fast = run(input, {}, chunk);
  const general = run(input, { keepUp: false }, chunk);
  expect(fast.snapshot).toBe(general.snapshot);
  expect(fast.series).toBe(general.series);
  return fast.stretches;
}

describe('lanes in lockstep give the general path’s run', () => {
  it('three tokio strategies keeping up (the bench’s workload): lockstep taken, same run', () => {
    expect(expectGeneralPath(POISSON)).toBeGreaterThan(0);
  });

  it('stopped at odd times (the worker does), a sample every millisecond', () => {
    const input = { ...POISSON, durationSeconds: 0.05, sampleMs: 1 };
    expect(expectGeneralPath(input, 3_333)).toBeGreaterThan(0);
  });

  it('the lanes part when a small bounded channel and a gate fill up (load above 1 for a while)', () => {
    // 1.05 messages per µs of service: the queue grows past 8 now and then; the bounded lane parks
    // senders, the gated one refuses, the unbounded one takes all
    const input: ScenarioInput = {
      ...POISSON,
      durationSeconds: 0.1,
      producers: { count: 10, ratePerSec: 105_000, arrival: 'poisson' },
      message: { type: 'rust', rust: '(String, Vec<u8>)', lengths: [5, 9] },
      strategies: [
        { kind: 'unbounded' },
        { kind: 'bounded', capacity: 8, send: 'await' },
        { kind: 'semaphore-producer', permits: 16 },
      ],
    };
    expect(expectGeneralPath(input)).toBeGreaterThan(0);
  });

  it('a follower written from its leader is the general path’s, heap extremes and peak included', () => {
    // Poisson bursts through a large bounded channel: blocks allocated and freed along, peaks between samples
    const input: ScenarioInput = {
      ...POISSON,
      durationSeconds: 0.1,
      producers: { count: 3, ratePerSec: 300_000, arrival: 'bursts', burstOnMs: 2, burstOffMs: 3 },
      strategies: [{ kind: 'unbounded' }, { kind: 'bounded', capacity: 4096, send: 'try' }],
    };
    expect(expectGeneralPath(input)).toBeGreaterThan(0);
  });

  it('stepped decision by decision for a while (the timeline does), then run: the same run', () => {
    const parsed = parseScenario({ ...POISSON, durationSeconds: 0.05 });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const play = (keepUp: boolean) => {
      const sim = createSimulation(parsed.scenario, { keepUp, fastForward: keepUp });
      sim.runUntil(10_000);
      for (let i = 0; i < 3_000; i++) sim.step();
      sim.runUntil(Infinity);
      return { snapshot: JSON.stringify(sim.snapshot()), series: JSON.stringify(sim.series()) };
    };
    expect(play(true)).toEqual(play(false));
  });

  it('lockstep off gives the same run too (the option only exists for this comparison)', () => {
    const input = { ...POISSON, durationSeconds: 0.05 };
    const on = run(input, {});
    const off = run(input, { lockstep: false });
    expect(off.stretches).toBe(0);
    expect(on.snapshot).toBe(off.snapshot);
    expect(on.series).toBe(off.series);
  });
});

const BYTES: MessageType = { kind: 'bytes', size: 40 };

function open(impl: ImplName, bound: number): { heap: Heap; ch: TokioChannel } {
  const heap = new Heap();
  const params =
    impl === 'tokio-semaphore' ? { message: BYTES, permits: bound } : { message: BYTES, capacity: bound };
  const r = createChannel(impl, heap, params);
  if (!r.ok || !(r.channel instanceof TokioChannel)) throw new Error('not a tokio channel');
  return { heap, ch: r.channel };
}

describe('TokioChannel.followLockstep', () => {
  // sends and receives crossing block boundaries (32 slots), spares reused and freed
  const script: [number, number][] = [
    [5, 3],
    [40, 10],
    [31, 60],
    [100, 0],
    [0, 90],
    [33, 33],
    [200, 150],
  ];
  for (const impl of ['tokio-bounded', 'tokio-semaphore', 'tokio-unbounded'] as ImplName[]) {
    it(`${impl} written from an unbounded leader = ${impl} making the calls itself`, () => {
      const leader = open('tokio-unbounded', 0);
      const follower = open(impl, 1000);
      const itself = open(impl, 1000);
      expect(follower.ch.inLockstepWith(leader.ch)).toBe(true);
      const mine = follower.ch.lockstepMark();
      const theirs = leader.ch.lockstepMark();
      for (const [sent, received] of script) {
        const got = [leader, itself].map(({ ch }) => {
          expect(ch.sendMany(0, sent).sent).toBe(sent);
          return ch.recvMany(received);
        });
        expect(got[1]).toBe(got[0]);
      }
      // the waiting receive, woken by one send
      for (const { ch } of [leader, itself]) {
        ch.recvMany(Infinity);
        ch.recvWait();
        expect(ch.sendToWaitingReceive()).toBe(1);
      }
      follower.ch.followLockstep(leader.ch, mine, theirs);
      expect(JSON.stringify(follower.ch.structure(100))).toBe(JSON.stringify(itself.ch.structure(100)));
      expect(follower.ch.tally).toEqual(itself.ch.tally);
      expect(follower.ch.availablePermits).toBe(itself.ch.availablePermits);
      // blocks booked at the follower's size (the live bytes are the caller's: lockstep.ts)
      expect(follower.heap.bySite()).toEqual(itself.heap.bySite());
      expect([follower.heap.allocs, follower.heap.deallocs]).toEqual([
        itself.heap.allocs,
        itself.heap.deallocs,
      ]);
      expect(follower.ch.inLockstepWith(itself.ch)).toBe(true);
    });
  }

  it('a channel with a parked producer is not in lockstep', () => {
    const a = open('tokio-bounded', 2);
    const b = open('tokio-bounded', 2);
    a.ch.sendOrPark(0, 3, 1);
    b.ch.sendMany(0, 2);
    expect(a.ch.inLockstepWith(b.ch)).toBe(false);
  });
});

describe('latency histograms: copyFrom and sameAs', () => {
  it('a copy records and reads as the original does', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const values = [3, 3.5, 4, 1000, 0.2, 77, 77.25, 77.5, 5e6];
    for (const v of values.slice(0, 5)) a.addRange(v, 0.5, 1);
    b.add(123456); // something to be overwritten
    expect(b.sameAs(a)).toBe(false);
    b.copyFrom(a);
    expect(b.sameAs(a)).toBe(true);
    for (const v of values.slice(5)) {
      a.addRange(v, 0.25, 1);
      b.addRange(v, 0.25, 1);
    }
    expect(b.sameAs(a)).toBe(true);
    expect(b.quantiles(0.5, 0.99)).toEqual(a.quantiles(0.5, 0.99));
    expect([b.count, b.max]).toEqual([values.length, 5e6]);
  });

  it('a window copies its exact runs and its overflow histogram', () => {
    for (const n of [3, 20]) {
      const a = new LatencyWindow();
      for (let i = 0; i < n; i++) a.addRange(10 + i * i, 1, 1 + (i % 3));
      const b = new LatencyWindow();
      b.copyFrom(a);
      expect(b.sameAs(a)).toBe(true);
      a.addRange(5, 0, 2);
      expect(b.sameAs(a)).toBe(false);
      b.addRange(5, 0, 2);
      expect(b.sameAs(a)).toBe(true);
      expect(b.quantiles(0.5, 0.99)).toEqual(a.quantiles(0.5, 0.99));
    }
  });
});
