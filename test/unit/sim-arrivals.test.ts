import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../src/engine/scenario/index.ts';
import type { StrategySnapshot } from '../../src/engine/sim/types.ts';
import { column, run } from './sim-helpers.ts';

/** Offered messages when nobody receives (so every arrival is simply counted). */
function offered(producers: ScenarioInput['producers'], seconds = 5): number {
  const { snapshot } = run({
    durationSeconds: seconds,
    message: { type: 'u64' },
    producers,
    consumers: { count: 0 },
    strategies: [{ kind: 'unbounded' }],
  });
  return snapshot.arrivals;
}

describe('arrival processes', () => {
  it('constant: rate × producers × time, exactly', () => {
    expect(offered({ count: 10, ratePerSec: 100 })).toBe(5000);
    expect(offered({ count: 3, ratePerSec: 1 / 3 }, 9)).toBe(9);
  });

  it('on/off bursts: the rate during the on-phases only', () => {
    // 200 ms on in every second: 1,000 msg/s × 0.2 s × 5
    expect(offered({ count: 10, ratePerSec: 100, arrival: 'bursts', burstOnMs: 200, burstOffMs: 800 })).toBe(
      1000,
    );
  });

  it('linear ramp: the integral of the rate', () => {
    // 10 × (100 + 300) / 2 × 5 s
    expect(offered({ count: 10, ratePerSec: 100, arrival: 'ramp', rampToPerSec: 300 })).toBe(10_000);
  });

  it('producers connecting one after another over 2 s', () => {
    // half the rate on average for 2 s, then the full 1,000 msg/s for 3 s
    expect(offered({ count: 10, ratePerSec: 100, connectOverMs: 2000 })).toBe(4000);
  });

  it('a spike: every extra message at the spike time, on top of the rate', () => {
    const { series } = run({
      durationSeconds: 2,
      message: { type: 'u64' },
      producers: { count: 1, ratePerSec: 10, arrival: 'spike', spikeAtMs: 1000, spikeMessages: 10_000 },
      consumers: { count: 0 },
      strategies: [{ kind: 'unbounded' }],
    });
    const sent = column(series, 'unbounded', 'sent');
    const at = (ms: number) => sent[series.timeMs.indexOf(ms)];
    expect([at(900), at(1000), at(1100), at(2000)]).toEqual([9, 10_010, 10_011, 10_020]);
  });

  it('Poisson: counts that vary with the seed around the mean', () => {
    const counts = [1, 2, 3].map((seed) => {
      const { snapshot } = run({
        seed,
        durationSeconds: 50,
        message: { type: 'u64' },
        producers: { count: 10, ratePerSec: 100, arrival: 'poisson' },
        consumers: { count: 0 },
        strategies: [{ kind: 'unbounded' }],
      });
      return (snapshot.strategies[0] as StrategySnapshot).offered ?? 0;
    });
    expect(new Set(counts).size).toBe(3);
    for (const c of counts) expect(Math.abs(c - 50_000)).toBeLessThan(700); // 3σ = 671
  });
});

describe('many channels', () => {
  it('adds up 100,000 channels exactly: busy copies of the one simulated, and idle ones', () => {
    const base = {
      durationSeconds: 1,
      message: { type: 'u64' as const },
      producers: { count: 2, ratePerSec: 50 },
      consumers: { count: 0 },
      strategies: [{ kind: 'unbounded' as const }],
    };
    const one = run(base).snapshot.strategies[0] as StrategySnapshot;
    const many = run({ ...base, channels: { count: 100_000, active: 1000 } }).snapshot
      .strategies[0] as StrategySnapshot;
    const idle = 512 + 288; // an idle tokio channel of u64: Arc<Chan> + its first block
    expect(one.sent).toBe(100);
    expect(many.sent).toBe(1000 * 100);
    expect(many.heapBytes).toBe(1000 * one.heapBytes + 99_000 * idle);
    expect(many.peakHeapBytes).toBe(1000 * one.peakHeapBytes + 99_000 * idle);
    const blocks = many.heapBySite.find((s) => s.site === 'tokio block');
    expect(blocks?.liveCount).toBe(1000 * 4 + 99_000);
  });
});
