// Heap.settle / settlePayloads (the keep-up path books payloads in bulk, src/engine/sim/keepup.ts):
// moving the live bytes as messages are built and dropped and booking the counts later leaves the
// heap exactly as the calls one by one would, at every point where the counts are booked.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Heap, HeapError } from '../../src/engine/heap.ts';
import type { HeapBlock } from '../../src/engine/layout.ts';
import { allocPayloads, freePayloads, settlePayloads } from '../../src/engine/payload.ts';

const stepArb = fc.oneof(
  fc.record({ op: fc.constant('build' as const), n: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ op: fc.constant('drop' as const), n: fc.integer({ min: 0, max: 5 }) }),
  // the channel's own allocations in between (its peaks count)
  fc.record({ op: fc.constant('block' as const), size: fc.constantFrom(800, 1312) }),
  fc.record({ op: fc.constant('settle' as const) }),
);

const blocksArb = fc.constantFrom<readonly HeapBlock[]>(
  [{ size: 96, count: 1 }],
  [
    { size: 5, count: 1 },
    { size: 9, count: 2 },
  ],
  [],
);

describe('booking payloads in bulk', () => {
  it('gives the heap of the calls one by one', () => {
    fc.assert(
      fc.property(blocksArb, fc.array(stepArb, { maxLength: 60 }), (blocks, steps) => {
        const bytes = blocks.reduce((s, b) => s + b.size * b.count, 0);
        const one = new Heap();
        const bulk = new Heap();
        // both have built a message before (the site exists), as the keep-up path requires
        for (const h of [one, bulk]) allocPayloads(h, blocks, 1);
        let live = 1;
        let built = 0;
        let dropped = 0;
        for (const step of steps) {
          if (step.op === 'build') {
            allocPayloads(one, blocks, step.n);
            bulk.liveBytes += bytes * step.n;
            if (bulk.liveBytes > bulk.peakBytes) bulk.peakBytes = bulk.liveBytes;
            built += step.n;
            live += step.n;
          } else if (step.op === 'drop') {
            const n = Math.min(step.n, live);
            freePayloads(one, blocks, n);
            bulk.liveBytes -= bytes * n;
            dropped += n;
            live -= n;
          } else if (step.op === 'block') {
            one.alloc('tokio block', step.size, 8);
            bulk.alloc('tokio block', step.size, 8);
          } else {
            settlePayloads(bulk, blocks, built, dropped);
            built = dropped = 0;
            expect(bulk.counters()).toEqual(one.counters());
            expect(bulk.bySite()).toEqual(one.bySite());
          }
          // the bytes and the peak follow at once
          expect(bulk.liveBytes).toBe(one.liveBytes);
          expect(bulk.peakBytes).toBe(one.peakBytes);
        }
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it('refuses to book at a site that never allocated, or more frees than allocations', () => {
    const heap = new Heap();
    expect(() => heap.settle('message payload', 96, 1, 1, 0)).toThrow(HeapError);
    heap.alloc('message payload', 96, 1, 2);
    expect(() => heap.settle('message payload', 96, 1, 0, 3)).toThrow(HeapError);
    heap.settle('message payload', 96, 1, 1, 3);
    expect(heap.siteCount('message payload')).toBe(0);
    expect(heap.counters()).toMatchObject({ allocs: 3, deallocs: 3 });
  });
});
