import { describe, expect, it } from 'vitest';
import { replayCase } from '../../src/engine/golden.ts';
import { PAYLOAD_SITE } from '../../src/engine/layout.ts';
import type { Heap } from '../../src/engine/heap.ts';
import { createSimulation } from '../../src/engine/sim/engine.ts';
import { messageTypeOf } from '../../src/engine/scenario/index.ts';
import { ENGINE_SITES } from '../../src/engine/sim/costs.ts';
import { presets } from '../../src/engine/presets.ts';
import { scenario } from './sim-helpers.ts';

/** Live bytes by site, without what the engine allocates around the channel. */
function channelSites(heap: Heap): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of heap.bySite()) {
    if (!(ENGINE_SITES as readonly string[]).includes(s.site) && s.liveCount > 0) out[s.site] = s.liveBytes;
  }
  return out;
}

const cases = {
  'game-server, 5 s': { ...presets['game-server'].scenario, durationSeconds: 5 },
  'slow-consumer-stall': presets['slow-consumer-stall'].scenario,
  'ping-pong': presets['ping-pong'].scenario,
  'burst-retention': presets['burst-retention'].scenario,
  'spawn-per-send, 2 s': { ...presets['spawn-per-send'].scenario, durationSeconds: 2 },
  'futures-channel and flume, a task per send': scenario({
    durationSeconds: 1,
    message: { type: 'string', bytes: 30 },
    producers: { count: 6, ratePerSec: 300, arrival: 'poisson', pattern: 'task-per-send' },
    consumers: { serviceUs: 3000, batch: 2 },
    strategies: [
      { kind: 'bounded', impl: 'futures-bounded', capacity: 3 },
      { kind: 'bounded', impl: 'flume-bounded', capacity: 3 },
    ],
  }),
  'a task per send, every producer leaving while tasks wait': scenario({
    durationSeconds: 1,
    message: { type: 'string', bytes: 30 },
    producers: {
      count: 3,
      ratePerSec: 200,
      arrival: 'poisson',
      pattern: 'task-per-send',
      disconnectAtMs: 400,
      disconnectCount: 3,
    },
    consumers: { serviceUs: 4000, stallAtMs: 100, stallForMs: 200 },
    strategies: [
      { kind: 'bounded', impl: 'tokio-bounded', capacity: 4 },
      { kind: 'bounded', impl: 'futures-bounded', capacity: 4 },
      { kind: 'bounded', impl: 'flume-bounded', capacity: 4, send: 'timeout', timeoutMs: 30 },
      { kind: 'bounded', impl: 'async-bounded', capacity: 4 },
    ],
  }),
  'futures-channel try_send through each producer’s own Sender': scenario({
    durationSeconds: 2,
    message: { type: 'string', bytes: 30 },
    producers: { count: 7, ratePerSec: 150, arrival: 'poisson', disconnectAtMs: 1300, disconnectCount: 3 },
    consumers: { serviceUs: 1500, service: 'exponential', batch: 3, stallAtMs: 400, stallForMs: 300 },
    changes: [
      { atMs: 900, path: 'producers.count', value: 9 },
      { atMs: 1600, path: 'producers.count', value: 5 },
    ],
    strategies: [
      { kind: 'bounded', impl: 'futures-bounded', capacity: 4, send: 'try' },
      { kind: 'bounded', impl: 'futures-bounded', capacity: 0, send: 'try' },
    ],
  }),
  'futures-channel try_send from a task spawned per send': scenario({
    durationSeconds: 1,
    message: { type: 'string', bytes: 30 },
    producers: { count: 4, ratePerSec: 200, arrival: 'poisson', pattern: 'task-per-send' },
    consumers: { serviceUs: 1500, batch: 2, stallAtMs: 300, stallForMs: 200 },
    strategies: [{ kind: 'bounded', impl: 'futures-bounded', capacity: 3, send: 'try' }],
  }),
  'every crate, producers leaving': scenario({
    durationSeconds: 2,
    message: { type: 'string', bytes: 30 },
    producers: { count: 8, ratePerSec: 400, arrival: 'poisson', disconnectAtMs: 1200, disconnectCount: 8 },
    consumers: { serviceUs: 300, batch: 5, stallAtMs: 500, stallForMs: 200 },
    strategies: [
      { kind: 'bounded', impl: 'futures-bounded', capacity: 20 },
      { kind: 'bounded', impl: 'crossbeam-bounded', capacity: 20, send: 'try' },
      { kind: 'bounded', impl: 'flume-bounded', capacity: 20, send: 'timeout', timeoutMs: 5 },
      { kind: 'unbounded', impl: 'async-unbounded' },
      { kind: 'unbounded', impl: 'std-unbounded' },
      { kind: 'semaphore-producer', permits: 25 },
    ],
  }),
};

describe('the heap of every strategy comes from the crate model itself', () => {
  it.each(Object.entries(cases))(
    'replaying the channel operations of a run gives the same bytes (%s)',
    (_n, s) => {
      const sim = createSimulation(s, { recordOps: true });
      sim.runUntil(Infinity);
      for (const lane of sim.strategyLanes) {
        const ops = lane.opLog ?? [];
        expect(ops.length, lane.impl).toBeGreaterThan(1);
        const params = { capacity: lane.spec.capacity, permits: lane.spec.permits };
        let replayed: Heap | null = null;
        let pending = -1;
        const r = replayCase(lane.impl, messageTypeOf(s), { name: lane.impl, params, ops }, (heap, ch) => {
          replayed = heap;
          pending = ch?.pending ?? -1;
        });
        expect(r.refusal).toBeUndefined();
        expect(replayed).not.toBeNull();
        const heap = replayed as unknown as Heap;
        expect(channelSites(heap), lane.impl).toEqual(channelSites(lane.heap));
        expect(heap.liveBytes - heap.siteBytes(PAYLOAD_SITE), lane.impl).toBe(lane.channelBytes());
        expect(pending, lane.impl).toBe(lane.receivable);
      }
    },
  );
});
