// The worker host on the real engine: presets load, Step moves one message, changes replay exactly.
import { describe, expect, it } from 'vitest';
import { presets } from '../../src/engine/sim/index.ts';
import { SimHost } from '../../src/worker/host.ts';
import { engineApi } from '../../src/worker/engine-api.ts';
import { decodeFrame } from '../../src/worker/frame.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';
import { ManualClock } from './worker-fakes.ts';

function host() {
  const clock = new ManualClock();
  const out: FromWorker[] = [];
  const h = new SimHost(engineApi, (m) => out.push(m), clock);
  const last = () => {
    const f = out.filter((m) => m.type === 'frame').at(-1);
    if (f?.type !== 'frame') throw new Error('no frame');
    return decodeFrame(f.frame);
  };
  const settle = () => {
    for (let i = 0; i < 5; i++) {
      clock.advance(120);
      const f = out.filter((m) => m.type === 'frame').at(-1);
      if (f?.type === 'frame') h.handle({ type: 'ack', frame: f.frame.id });
    }
  };
  return { h, out, last, settle, clock };
}

describe('the worker host on the real engine', () => {
  it('Step on game-server moves exactly one message each time, though the engine handles arrivals in bulk', () => {
    const t = host();
    t.h.handle({
      type: 'load',
      seq: 1,
      scenario: { ...presets['game-server'].scenario },
      preset: 'game-server',
    });
    t.settle();
    expect(t.last().arrivals).toBe(0);
    for (let k = 1; k <= 40; k++) {
      t.h.handle({ type: 'step', seq: 1 + k, unit: 'message' });
      t.settle();
      expect(t.last().arrivals).toBe(k);
    }
    // 40 Strings of 96 B in the unbounded channel with one consumer draining: a second block by now
    const unbounded = t.last().strategies[0];
    expect(unbounded?.structure?.kind).toBe('tokio-list');
  });

  it('a parameter change mid-run is replayed to the same simulated time, with the new value', () => {
    const t = host();
    t.h.handle({
      type: 'load',
      seq: 1,
      scenario: { ...presets['game-server'].scenario },
      preset: 'game-server',
    });
    t.h.handle({ type: 'play', seq: 2 });
    t.settle();
    t.h.handle({ type: 'pause', seq: 3 });
    t.settle();
    const before = t.last();
    t.h.handle({ type: 'set', seq: 4, changes: { capacity: 1000 } });
    t.settle();
    const after = t.last();
    expect(after.seq).toBe(4);
    expect(after.timeMs).toBe(before.timeMs);
    const loaded = t.out.filter((m) => m.type === 'loaded').at(-1);
    expect(loaded?.type === 'loaded' && loaded.meta.strategies[1]?.label).toBe('tokio bounded(1000)');
    // the same arrivals reached every strategy before and after
    expect(after.arrivals).toBe(before.arrivals);
  });

  it('a crate refusal is behaviour: tokio bounded(0) is reported in the strategy, not as a crash', () => {
    const t = host();
    t.h.handle({ type: 'load', seq: 1, scenario: { ...presets['game-server'].scenario }, preset: null });
    t.h.handle({ type: 'set', seq: 2, changes: { capacity: 0 } });
    t.settle();
    expect(t.out.some((m) => m.type === 'error')).toBe(false);
    const loaded = t.out.filter((m) => m.type === 'loaded').at(-1);
    const refusal = loaded?.type === 'loaded' ? loaded.meta.strategies[1]?.refusal : undefined;
    expect(refusal?.kind).toBe('panic');
    expect(refusal?.origin).toContain('tokio');
  });
});
