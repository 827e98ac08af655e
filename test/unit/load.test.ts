// Load at a glance: offered and drained messages per second, the arithmetic spelled out.
import { describe, expect, it } from 'vitest';
import { loadAt, scenarioSchema, type ScenarioInput } from '../../src/engine/scenario/index.ts';

const load = (input: ScenarioInput, atMs = 0) => loadAt(scenarioSchema.parse(input), atMs);

describe('loadAt', () => {
  it('the default: 1,000 producers × 20 msg/s offered, 1 consumer / 100 µs drained, twice the drain', () => {
    const l = load({});
    expect(l.offeredPerSec).toBe(1000 * 20); // 20,000
    expect(l.drainedPerSec).toBe((1 * 1e6) / 100); // 10,000
    expect(l.ratio).toBe(2);
    expect(l.notes).toEqual([]);
  });

  it('bursts count on average: 200 ms on of every 1,000 ms', () => {
    const l = load({
      producers: { count: 10, ratePerSec: 100, arrival: 'bursts', burstOnMs: 200, burstOffMs: 800 },
    });
    expect(l.offeredPerSec).toBe(10 * 100 * (200 / 1000)); // 200
  });

  it('a ramp offers its value at that moment', () => {
    const s = {
      durationSeconds: 10,
      producers: { count: 10, ratePerSec: 10, arrival: 'ramp', rampToPerSec: 30 },
    } as const;
    expect(load(s, 0).offeredPerSec).toBe(10 * 10);
    expect(load(s, 5000).offeredPerSec).toBe(10 * (10 + (30 - 10) * 0.5)); // 200
  });

  it('producers connecting and leaving count as far as they are there', () => {
    const s = {
      producers: {
        count: 100,
        ratePerSec: 1,
        connectOverMs: 10_000,
        disconnectAtMs: 20_000,
        disconnectCount: 40,
      },
    };
    expect(load(s, 2500).offeredPerSec).toBe(25);
    expect(load(s, 15_000).offeredPerSec).toBe(100);
    expect(load(s, 20_000).offeredPerSec).toBe(60);
  });

  it('more consumers drain more; a batch does not change the rate; a stall drains nothing', () => {
    const s = { consumers: { count: 4, serviceUs: 500, batch: 16, stallAtMs: 1000, stallForMs: 500 } };
    expect(load(s).drainedPerSec).toBe((4 * 1e6) / 500); // 8,000
    expect(load(s, 1200).drainedPerSec).toBe(0);
    expect(load(s, 1200).ratio).toBe(Infinity);
    expect(load(s, 1500).drainedPerSec).toBe(8000);
  });

  it('follows timed changes: the current values, not the first ones', () => {
    const s: ScenarioInput = {
      changes: [
        { atMs: 10_000, path: 'producers.ratePerSec', value: 5 },
        { atMs: 20_000, path: 'consumers.count', value: 2 },
      ],
    };
    expect(load(s, 9_999).offeredPerSec).toBe(20_000);
    expect(load(s, 10_000).offeredPerSec).toBe(1000 * 5); // 5,000
    expect(load(s, 10_000).ratio).toBe(0.5);
    expect(load(s, 25_000).drainedPerSec).toBe(2 * 10_000);
  });

  it('nothing offered is ratio 0; no service time drains without limit', () => {
    expect(load({ producers: { ratePerSec: 0 } }).ratio).toBe(0);
    expect(load({ consumers: { serviceUs: 0 } }).drainedPerSec).toBe(Infinity);
    expect(load({ consumers: { count: 0 } }).drainedPerSec).toBe(0);
  });
});
