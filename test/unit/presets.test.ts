import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine/sim/engine.ts';
import { presets, PRESET_NAMES } from '../../src/engine/presets.ts';
import { parseScenario } from '../../src/engine/scenario/index.ts';
import type { SimSnapshot, StrategySnapshot } from '../../src/engine/sim/types.ts';
import { run, strategy } from './sim-helpers.ts';

const heaps = (snap: SimSnapshot) => Object.fromEntries(snap.strategies.map((s) => [s.id, s.heapBytes]));
const kept = (snap: SimSnapshot) =>
  Object.fromEntries(snap.strategies.map((s) => [s.id, s.keptAfterDrainBytes]));

describe('presets', () => {
  it('are valid scenarios with a title, an explanation and a fact', () => {
    for (const name of PRESET_NAMES) {
      const p = presets[name];
      expect(parseScenario(p.scenario).ok, name).toBe(true);
      expect(p.scenario.name).toBe(name);
      expect(p.title.length).toBeGreaterThan(10);
      expect(p.explanation.length).toBeGreaterThan(50);
      expect(p.fact).toMatch(/\d/);
    }
  });

  it('game-server: unbounded grows ~1.2 MB/s, leavers retain their tokens, bounded(128) and the gate stay flat', () => {
    const sim = createSimulation(presets['game-server'].scenario);
    sim.runUntil(10e6);
    const at10 = sim.snapshot();
    const u10 = strategy(at10, 'unbounded');
    expect(u10.heapBytes).toBe(12_181_696);
    expect(u10.heapBytes / 10).toBeGreaterThan(1.19e6);
    expect(u10.heapBytes / 10).toBeLessThan(1.23e6);
    // 100 players left at 10 s: 99 of their 100 messages each are still queued, 96 B of token apiece
    expect(u10.retainedMessages).toBe(9_900);
    expect(u10.retainedBytes).toBe(1_188_000);
    sim.runUntil(Infinity);
    const snapshot = sim.snapshot();
    // by 60 s the loop has reached every message sent before 10 s: nothing is retained any more
    expect(strategy(snapshot, 'unbounded').retainedMessages).toBe(0);
    // 900 producers wait in send().await inside their own long-lived tasks: 0 B each in tokio
    // (with a task spawned per send every message beyond the capacity would be a task: 384 B each)
    expect(strategy(snapshot, 'bounded').heapBytes).toBe(485_664 - 900 * 384);
    expect(strategy(snapshot, 'bounded').maxDepth).toBe(128);
    expect(strategy(snapshot, 'bounded').waitingSenders).toBe(900);
    expect(strategy(snapshot, 'semaphore').heapBytes).toBeLessThan(150_000);
    expect(strategy(snapshot, 'semaphore').rejected).toBeGreaterThan(450_000);
    // the preset's "source" text quotes the simulator's own p99 per strategy and the bounded heap
    const p99 = (name: string) => strategy(snapshot, name).latencyMs.p99;
    expect(p99('unbounded') / 1000).toBeCloseTo(27.5, 1);
    expect(Math.round(p99('bounded') / 1000)).toBe(27);
    expect(Math.round(p99('semaphore'))).toBe(75);
    const text = presets['game-server'].source ?? '';
    expect(text).toMatch(/about 27\.5 s unbounded, 27 s bounded .* 75 ms gated/);
    expect(text).toMatch(/4,096 pending messages of this size hold about 0\.5 MB/);
    // 4,096 Strings of 96 B plus 128 tokio blocks of 800 B (32 Strings each)
    expect(4096 * 96 + (4096 / 32) * 800).toBeGreaterThan(0.45e6);
    expect(4096 * 96 + (4096 / 32) * 800).toBeLessThan(0.55e6);
    expect(presets['game-server'].fact).toContain('140,064 B');
  });

  it('agentgateway-services: 1,824 B per service with tokio, 128 B with futures-channel', () => {
    const { snapshot } = run(presets['agentgateway-services'].scenario);
    expect(heaps(snapshot)).toEqual({
      'tokio-unbounded': 5000 * (1312 + 512),
      'futures-unbounded': 5000 * 128,
    });
    const tokio = strategy(snapshot, 'tokio-unbounded').heapBySite;
    expect(tokio).toContainEqual({ site: 'tokio block', liveBytes: 5000 * 1312, liveCount: 5000, align: 8 });
    expect(tokio).toContainEqual({
      site: 'tokio Arc<Chan>',
      liveBytes: 5000 * 512,
      liveCount: 5000,
      align: 128,
    });
  });

  it('hyper-connection: 24,928 B per idle connection with tokio, 16,720 B with futures-channel', () => {
    const { snapshot } = run(presets['hyper-connection'].scenario);
    expect(heaps(snapshot)).toEqual({ 'tokio-unbounded': 249_280_000, 'futures-unbounded': 167_200_000 });
    const sites = strategy(snapshot, 'tokio-unbounded').heapBySite;
    expect(sites.find((s) => s.site === 'tokio block')?.liveBytes).toBe(10_000 * 8032);
    expect(sites.find((s) => s.site === 'hyper read buffer')?.liveBytes).toBe(10_000 * 8192);
  });

  it('big-message: tokio costs the same at capacity 1 and 1024, crossbeam preallocates', () => {
    const sim = createSimulation(presets['big-message'].scenario);
    expect(heaps(sim.snapshot())).toEqual({
      'tokio-bounded-1': 33_312,
      'tokio-bounded-1024': 33_312,
      // + 96 (the receivers' entry Vec, 4·24) + 48 (the Context): the consumer blocks in recv at once
      'crossbeam-bounded-1': 640 + 1032 + 96 + 48,
      'crossbeam-bounded-1024': 640 + 1024 * 1032 + 96 + 48,
    });
    sim.runUntil(Infinity);
    const end = heaps(sim.snapshot());
    expect(end['tokio-bounded-1']).toBe(66_112);
    expect(end['tokio-bounded-1024']).toBe(66_112);
  });

  it('burst-retention: what each crate keeps after draining 10,000 messages', () => {
    const { snapshot } = run(presets['burst-retention'].scenario);
    expect(kept(snapshot)).toEqual({
      'tokio-unbounded': 512 + 4 * 288,
      'futures-unbounded': 96,
      // the channel keeps the entry Vec of its blocked receiver (4·24), flume the deque of its
      // waiting receive's hooks (4·16); the hook and the thread's Context are not the channel's
      'crossbeam-unbounded': 512 + 504 + 96,
      'std-unbounded': 512 + 504 + 96,
      'flume-unbounded': 152 + 16_384 * 8 + 64,
      'async-unbounded': 1_488,
    });
    // tokio at the peak: 313 blocks of 32 u64
    expect(strategy(snapshot, 'tokio-unbounded').peakHeapBytes).toBe(512 + 313 * 288);
    for (const s of snapshot.strategies) expect(s.received, s.id).toBe(10_000);
  });

  it('ping-pong: tokio allocates its second block at message 33, then never again', () => {
    const sim = createSimulation(presets['ping-pong'].scenario);
    const at: Record<number, StrategySnapshot[]> = {};
    while (sim.step()) {
      const snap = sim.snapshot();
      const sent = (snap.strategies[0] as StrategySnapshot).sent;
      if (sent === 32 || sent === 33 || sent === 1000) at[sent] = [...snap.strategies];
    }
    const tokio = (n: number) => (at[n]?.[0] as StrategySnapshot) ?? null;
    expect([tokio(32)?.heapBytes, tokio(32)?.allocs]).toEqual([800, 2]);
    expect([tokio(33)?.heapBytes, tokio(33)?.allocs]).toEqual([1088, 3]);
    expect([tokio(1000)?.heapBytes, tokio(1000)?.allocs, tokio(1000)?.deallocs]).toEqual([1088, 3, 0]);
    const crossbeam = at[1000]?.[2] as StrategySnapshot;
    // 512 + 504 and a block every 31 messages, + the blocked consumer's 96 B Vec and 48 B Context
    expect([crossbeam.heapBytes, crossbeam.allocs, crossbeam.deallocs]).toEqual([1016 + 144, 34 + 2, 32]);
  });

  it('slow-consumer-stall: unbounded buffers the stall, bounded parks, the gate rejects', () => {
    const { snapshot } = run(presets['slow-consumer-stall'].scenario);
    const u = strategy(snapshot, 'unbounded');
    expect(u.maxDepth).toBe(15_001);
    expect(u.peakHeapBytes).toBe(1_336_576);
    expect(u.keptAfterDrainBytes).toBe(512 + 4 * 800);
    const b = strategy(snapshot, 'bounded');
    expect([b.maxDepth, b.maxWaitingSenders, b.rejected]).toEqual([1024, 100, 0]);
    const g = strategy(snapshot, 'semaphore');
    expect(g.rejected).toBe(13_977);
    for (const s of snapshot.strategies) expect(s.depth, s.id).toBe(0);
  });

  it('spawn-per-send: bounded holds every excess send as a task with its message, 4× the unbounded heap', () => {
    const { snapshot } = run(presets['spawn-per-send'].scenario);
    const b = strategy(snapshot, 'bounded');
    // 200,000 arrivals in 20 s; 100,000 received (the last still in hand), 128 queued: the rest wait as tasks
    const waiting = 200_000 - 100_000 - 128;
    expect(b.waitingSenders).toBe(waiting);
    const cell = 384; // ru(104 + max(3·24 + 161 → 240, 24), 128): spec §1.10 for a String
    // Arc<Chan> + 6 blocks (one a spare) + 100,001 tokens + a cell per waiting task
    expect(b.heapBytes).toBe(512 + 6 * 800 + (waiting + 128 + 1) * 96 + waiting * cell);
    const u = strategy(snapshot, 'unbounded');
    // 100,000 queued + 1 in hand; 3,126 blocks of 32
    expect(u.heapBytes).toBe(512 + 3_126 * 800 + 100_001 * 96);
    expect(b.heapBytes / u.heapBytes).toBeGreaterThan(3.9);
    const g = strategy(snapshot, 'semaphore');
    expect(g.rejected).toBe(98_977);
    expect(g.heapBytes).toBe(142_168);
  });
});
