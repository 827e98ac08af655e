// Scrubbing through the worker host on the real engine: Step back undoes Step, seeking backwards
// shows what a fresh run shows at that time, seeking while playing plays on from there, and the
// full series comes back for export.
import { describe, expect, it } from 'vitest';
import { createSimulation, presets } from '../../src/engine/sim/index.ts';
import { SimHost } from '../../src/worker/host.ts';
import { engineApi } from '../../src/worker/engine-api.ts';
import { decodeFrame, type DecodedFrame } from '../../src/worker/frame.ts';
import type { FromWorker, ToWorker } from '../../src/worker/protocol.ts';
import { ManualClock } from './worker-fakes.ts';

function host(preset: keyof typeof presets = 'game-server') {
  const clock = new ManualClock();
  const out: FromWorker[] = [];
  const h = new SimHost(engineApi, (m) => out.push(m), clock);
  let seq = 0;
  const send = (cmd: Record<string, unknown> & { type: ToWorker['type'] }) =>
    h.handle({ seq: ++seq, ...cmd } as ToWorker);
  const last = (): DecodedFrame => {
    const f = out.filter((m) => m.type === 'frame').at(-1);
    if (f?.type !== 'frame') throw new Error('no frame');
    return decodeFrame(f.frame);
  };
  const settle = (rounds = 8) => {
    for (let i = 0; i < rounds; i++) {
      clock.advance(120);
      const f = out.filter((m) => m.type === 'frame').at(-1);
      if (f?.type === 'frame') h.handle({ type: 'ack', frame: f.frame.id });
    }
  };
  send({ type: 'load', scenario: { ...presets[preset].scenario }, preset });
  settle();
  return { h, out, send, last, settle, clock };
}

/** Heap bytes and depth per strategy: what the readouts show exactly. */
const figures = (f: DecodedFrame) => ({
  timeMs: f.timeMs,
  arrivals: f.arrivals,
  heap: f.strategies.map((s) => s.stats.heapBytes),
  depth: f.strategies.map((s) => s.stats.depth),
  waiting: f.strategies.map((s) => s.stats.waitingSenders),
});

describe('scrubbing in the worker host', () => {
  it('Step back returns to the frame Step came from', () => {
    const t = host();
    const seen = [figures(t.last())];
    for (let k = 0; k < 6; k++) {
      t.send({ type: 'step', unit: 'message' });
      t.settle(2);
      seen.push(figures(t.last()));
    }
    expect(seen.map((s) => s.arrivals)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (let k = 5; k >= 0; k--) {
      t.send({ type: 'step-back' });
      t.settle(2);
      expect(figures(t.last())).toEqual(seen[k]);
    }
    // at time 0 there is nothing before
    t.send({ type: 'step-back' });
    t.settle(2);
    expect(figures(t.last())).toEqual(seen[0]);
  });

  it('seeking backwards shows what a fresh run shows at that time', () => {
    const t = host();
    t.send({ type: 'seek', timeMs: 3000 });
    t.settle(40);
    expect(t.last().timeMs).toBe(3000);
    t.send({ type: 'seek', timeMs: 1234.5 });
    t.settle(40);
    const f = t.last();
    const fresh = createSimulation(presets['game-server'].scenario);
    fresh.runUntil(1_234_500);
    const snap = fresh.snapshot();
    expect(f.timeMs).toBe(1234.5);
    expect(f.arrivals).toBe(snap.arrivals);
    expect(f.strategies.map((s) => s.stats.heapBytes)).toEqual(snap.strategies.map((s) => s.heapBytes));
    expect(f.playing).toBe(false);
  });

  it('a seek past the end stops at the end; a seek while playing plays on from there', () => {
    const t = host('ping-pong');
    t.send({ type: 'seek', timeMs: 1e9 });
    t.settle(40);
    expect(t.last().timeMs).toBe(presets['ping-pong'].scenario.durationSeconds * 1000);
    expect(t.last().done).toBe(true);
    t.send({ type: 'play' });
    t.settle(2);
    t.send({ type: 'seek', timeMs: 500 });
    t.settle(1);
    const at = t.last().timeMs;
    expect(at).toBeGreaterThanOrEqual(500);
    expect(at).toBeLessThan(1500);
    t.settle(5);
    expect(t.last().playing).toBe(true);
    expect(t.last().timeMs).toBeGreaterThan(at);
  });

  it('answers get-series with every sample so far', () => {
    const t = host();
    t.send({ type: 'seek', timeMs: 2000 });
    t.settle(40);
    t.h.handle({ type: 'get-series', id: 7 });
    const reply = t.out.at(-1);
    expect(reply?.type).toBe('series');
    if (reply?.type !== 'series' || reply.series === null) throw new Error('no series');
    expect(reply.id).toBe(7);
    // a sample every 100 ms from 0 to 2 s
    expect(reply.series.timeMs).toHaveLength(21);
    expect(reply.series.timeMs.at(-1)).toBe(2000);
    expect(reply.series.strategies.map((s) => s.id)).toEqual(['unbounded', 'bounded', 'semaphore']);
  });
});
