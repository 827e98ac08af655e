// A live change lands wherever the worker happens to be, and the worker's chunks and frames follow a
// wall clock that a loaded laptop makes irregular. Whatever the timing, the exported series up to the
// change stays as it was before the change (the promise of live knobs). Random clocks, seeded.
import { expect, it } from 'vitest';
import { presets, seriesCsv } from '../../src/engine/sim/index.ts';
import { SimHost } from '../../src/worker/host.ts';
import { engineApi } from '../../src/worker/engine-api.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';
import { ManualClock } from './worker-fakes.ts';

/** A wall clock that moves a little on every reading, as engine work under load does. */
class BusyClock extends ManualClock {
  constructor(private seed: number) {
    super();
  }
  /** mulberry32: a small seeded generator, enough for test timing */
  rnd(): number {
    const s = (this.seed = (this.seed + 0x6d2b79f5) | 0);
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  override now(): number {
    this.t += this.rnd() * this.rnd() * 6;
    return this.t;
  }
}

it('a live change keeps the series before it, bit for bit, however the wall clock runs', () => {
  for (let seed = 1; seed <= 8; seed++) {
    const clock = new BusyClock(seed * 7919);
    const out: FromWorker[] = [];
    const h = new SimHost(engineApi, (m) => out.push(m), clock);
    const csv = () => {
      h.handle({ type: 'get-series', id: seed });
      const m = out.filter((x) => x.type === 'series').at(-1);
      if (m?.type !== 'series' || m.series === null) throw new Error('no series');
      return seriesCsv(m.series).trim().split('\n');
    };
    const settle = (ticks: number) => {
      for (let i = 0; i < ticks; i++) {
        clock.advance(clock.rnd() * 40);
        const f = out.filter((m) => m.type === 'frame').at(-1);
        if (f?.type === 'frame') h.handle({ type: 'ack', frame: f.frame.id });
      }
    };
    h.handle({ type: 'load', seq: 1, scenario: presets['game-server'].scenario, preset: null });
    settle(3);
    h.handle({ type: 'play', seq: 2 });
    settle(10 + Math.floor(clock.rnd() * 20));
    const before = csv();
    h.handle({ type: 'set', seq: 3, changes: { 'consumers.count': 3 } });
    settle(30);
    const loaded = out.filter((x) => x.type === 'loaded').at(-1);
    if (loaded?.type !== 'loaded') throw new Error('nothing loaded');
    const atMs = loaded.scenario.changes[0]?.atMs;
    expect(atMs, `seed ${seed}: a timed change`).toBeGreaterThan(0);
    const after = csv();
    const kept = before.filter((row, i) => i === 0 || Number(row.split(',')[0]) < (atMs ?? 0));
    expect(kept.length, `seed ${seed}: rows before the change`).toBeGreaterThan(2);
    expect(after.slice(0, kept.length), `seed ${seed}: change at ${atMs} ms`).toEqual(kept);
  }
}, 60_000);
