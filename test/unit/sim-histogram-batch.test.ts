// addEach (the keep-up path hands a stretch's one-message latencies over at once, keepup.ts) leaves
// a histogram exactly as addRange(x0, dx, 1) called for each value in turn.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram, LatencyWindow, bucketOf } from '../../src/engine/sim/histogram.ts';

/** values as a consumer produces them: runs that continue each other (a busy stretch), jumps, negatives */
const pairsArb = fc
  .array(
    fc.record({
      x0: fc.oneof(fc.double({ min: -5, max: 5e6, noNaN: true }), fc.constantFrom(0, 0.5, 1, 2 ** 31, 3e9)),
      dx: fc.constantFrom(0, -1.11, 0.89, 2.5, -0.25),
      repeat: fc.integer({ min: 1, max: 6 }),
    }),
    { maxLength: 60 },
  )
  .map((parts) => {
    const out: number[] = [];
    for (const { x0, dx, repeat } of parts) for (let j = 0; j < repeat; j++) out.push(x0 + j * dx, dx);
    return Float64Array.from(out);
  });

const cutsArb = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 });

const QS = [0.01, 0.25, 0.5, 0.9, 0.99, 1];

function figures(h: LatencyHistogram | LatencyWindow): number[] {
  return [h.count, h.max, ...QS.flatMap((q) => h.quantiles(q / 2, q))];
}

describe('latencies handed over in bulk', () => {
  for (const make of [() => new LatencyHistogram(), () => new LatencyWindow()]) {
    it(`${make().constructor.name}: addEach gives addRange's figures, bit for bit, however it is cut`, () => {
      fc.assert(
        fc.property(pairsArb, cutsArb, (pairs, cuts) => {
          const one = make();
          const bulk = make();
          const n = pairs.length / 2;
          for (let from = 0, k = 0; from < n; k++) {
            const to = Math.min(n, from + (cuts[k % cuts.length] as number));
            for (let i = from; i < to; i++)
              one.addRange(pairs[2 * i] as number, pairs[2 * i + 1] as number, 1);
            bulk.addEach(pairs, from, to);
            // reading in between changes nothing either
            expect(figures(bulk)).toEqual(figures(one));
            from = to;
          }
        }),
        { numRuns: 300, seed: 8 },
      );
    });
  }
});

describe('histogram buckets', () => {
  it('are the exponent and the top 5 mantissa bits of the double, computed or read from its bytes', () => {
    // the definition, read from the bytes of the double
    const f64 = new Float64Array(1);
    const u32 = new Uint32Array(f64.buffer);
    const hi = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
    const fromBytes = (v: number): number => {
      if (!(v >= 1)) return 0;
      f64[0] = v;
      const word = u32[hi] as number;
      return 1 + Math.min(51, (word >>> 20) - 1023) * 32 + ((word >>> 15) & 31);
    };
    const edges = [0, 0.5, 1, 1 + 2 ** -52, 1.03125, 1.03125 - 2 ** -52, 2 - 2 ** -52, 2, 3, 1e6];
    for (let e = 0; e <= 33; e++) {
      for (let m = 0; m < 32; m++) {
        const v = 2 ** e * (1 + m / 32);
        edges.push(v, v * (1 - 2 ** -53), v * (1 + 2 ** -52));
      }
    }
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...edges), fc.double({ min: 0, max: 2 ** 40, noNaN: true })),
        (v) => {
          expect(bucketOf(v)).toBe(fromBytes(v));
        },
      ),
      { numRuns: 20_000, seed: 2, examples: edges.map((v) => [v]) },
    );
  });
});
