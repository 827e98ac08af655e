// The keep-up path's bulk additions (LatencyHistogram.addEach, LatencyHistogram.addEachTo for two
// histograms at once, LatencyWindow.addEach/addEachWithTotal) against the reference: addRange(x0, dx, 1)
// for each value in turn. Compared bit for bit (Object.is) on the whole internal state and on quantiles,
// for streams built to hit the awkward cases: bucket edges and their neighbours, the small-value
// table's edge (128 µs), values below 1, 0, negatives, values at and above 2^31, runs that continue
// each other exactly and runs that miss continuing by a hair either side of the 1e-9 tolerance.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram, LatencyWindow, bucketOf } from '../../src/engine/sim/histogram.ts';

const ulpUp = (v: number): number => v + Math.abs(v) * 2 ** -52;
const ulpDown = (v: number): number => v - Math.abs(v) * 2 ** -53;

/** bucket edges 2^e·(1 + m/32) for a few octaves, the table's edge, 1, 2^31, each with its neighbours */
const EDGE_VALUES = (() => {
  const out = [0, -0, 1, 0.5, 1 / 32, 127, 128, 2 ** 31, 2 ** 31 + 1, 2 ** 40, 2 ** 52, 1e300];
  for (const e of [0, 1, 2, 4, 5, 6, 7, 8, 12, 30, 31, 32]) {
    for (const m of [0, 1, 15, 31]) out.push(2 ** e * (1 + m / 32));
  }
  return out.flatMap((v) => [v, ulpUp(v), ulpDown(v)]);
})();

const valueArb = fc.oneof(
  fc.constantFrom(...EDGE_VALUES),
  fc.double({ min: -3, max: 1, noNaN: true }),
  fc.double({ min: 0, max: 140, noNaN: true }),
  fc.double({ min: 0, max: 5e9, noNaN: true }),
);
const dxArb = fc.oneof(
  fc.constantFrom(0, -0.08108108108108114, 0.918918918918919, -1.0810810810810811, 1 / 32, -1, 2 ** 31),
  fc.constantFrom(Infinity, -Infinity),
  fc.double({ min: -4, max: 4, noNaN: true }),
);

/**
 * A stream of (x0, dx) pairs: parts that continue one arithmetic run (values x0 + j·dx, which the
 * histograms merge), parts that miss continuing by a relative nudge around the tolerance (1e-9), and
 * single values. Either spread over every kind of value, or packed into a few µs (many runs of a few
 * values crossing the same narrow buckets, as a consumer that keeps up makes: their fractional shares
 * pile up, so adding them in another order would show in the bits).
 */
function streamArb(x0: fc.Arbitrary<number>, dx: fc.Arbitrary<number>): fc.Arbitrary<Float64Array> {
  return fc
    .array(
      fc.record({
        x0,
        dx,
        n: fc.integer({ min: 1, max: 5 }),
        nudge: fc.constantFrom(0, 0, 0, 0.5e-9, 0.999e-9, 1.001e-9, -0.999e-9, -1.001e-9, 3e-9),
      }),
      { maxLength: 70, size: 'medium' },
    )
    .map((parts) => {
      const out: number[] = [];
      for (const { x0, dx, n, nudge } of parts) {
        for (let j = 0; j < n; j++) {
          const v = x0 + j * dx;
          out.push(j === 0 ? v : v + nudge * (1 + Math.abs(v)), dx);
        }
      }
      return Float64Array.from(out);
    });
}

const pairsArb = fc.oneof(
  streamArb(valueArb, dxArb),
  streamArb(fc.double({ min: 0.5, max: 4, noNaN: true }), fc.double({ min: -0.3, max: 0.3, noNaN: true })),
  // runs within one or two buckets of 1/32 µs (a run over two neighbouring buckets adds and takes
  // its density back at the same bucket)
  streamArb(fc.double({ min: 1, max: 1.2, noNaN: true }), fc.double({ min: -0.02, max: 0.02, noNaN: true })),
  // around 2^52, where the last octave's buckets hold every larger value (a run's end buckets can
  // come in either order there)
  streamArb(
    fc.oneof(
      fc.constantFrom(2 ** 52 - 3, 2 ** 52 - 1, 2 ** 52 + 2),
      fc.double({ min: 2 ** 51, max: 2 ** 53 }),
    ),
    fc.constantFrom(-1.5, -1, 1, 2.5),
  ),
);

/** where the stream is cut into batches, and (for windows) where a sample resets the window */
const cutsArb = fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 8 });

/** Every number the object holds, its histogram's arrays included (private fields too). */
function state(x: unknown): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown): void => {
    if (v === null || typeof v === 'number') out.push(v);
    else if (v instanceof Float64Array) out.push(...v);
    else if (typeof v === 'object') for (const k of Object.keys(v as object)) walk((v as never)[k]);
  };
  walk(x);
  return out;
}

const QS = [0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1];

/** The figures a reader gets: count, maximum and quantiles (reading changes nothing). */
function figures(h: LatencyHistogram | LatencyWindow): number[] {
  return [h.count, h.max, ...QS.map((q) => h.quantile(q)), ...QS.flatMap((q) => h.quantiles(q / 3, q))];
}

function expectSame(fast: LatencyHistogram | LatencyWindow, ref: LatencyHistogram | LatencyWindow): void {
  const a = state(fast);
  const b = state(ref);
  expect(a.length).toBe(b.length);
  const differ = a.findIndex((v, i) => !Object.is(v, b[i]));
  expect(differ, `state differs at ${differ}: ${String(a[differ])} vs ${String(b[differ])}`).toBe(-1);
  const fa = figures(fast);
  const fb = figures(ref);
  expect(
    fa.every((v, i) => Object.is(v, fb[i])),
    `${fa.join()} vs ${fb.join()}`,
  ).toBe(true);
}

function addOneByOne(
  h: LatencyHistogram | LatencyWindow,
  pairs: Float64Array,
  from: number,
  to: number,
): void {
  for (let i = from; i < to; i++) h.addRange(pairs[2 * i] as number, pairs[2 * i + 1] as number, 1);
}

/** Walks the batches of `pairs` given by `cuts`, calling `step(from, to, k)` for each. */
function batches(
  pairs: Float64Array,
  cuts: number[],
  step: (from: number, to: number, k: number) => void,
): void {
  const n = pairs.length / 2;
  for (let from = 0, k = 0; from < n; k++) {
    const to = Math.min(n, from + (cuts[k % cuts.length] as number));
    step(from, to, k);
    from = to;
  }
}

const RUNS = { numRuns: 100, seed: 16 };

describe('bulk latency additions, bit for bit against one-by-one addRange', () => {
  it('bucketOf: the small-value table agrees with the bytes of the double at every 1/32 step below 128', () => {
    const f64 = new Float64Array(1);
    const u32 = new Uint32Array(f64.buffer);
    const hi = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
    const fromBytes = (v: number): number => {
      if (!(v >= 1)) return 0;
      f64[0] = v;
      const word = u32[hi] as number;
      return 1 + Math.min(51, (word >>> 20) - 1023) * 32 + ((word >>> 15) & 31);
    };
    for (let k = 0; k <= 128 * 32 + 1; k++) {
      for (const v of [k / 32, ulpUp(k / 32), ulpDown(k / 32), (k + 0.5) / 32]) {
        expect(bucketOf(v), `v = ${v}`).toBe(fromBytes(v));
      }
    }
    for (const v of [-0, -1e-300, -1, -(2 ** 31), Number.NaN, 5e-324, Infinity])
      expect(bucketOf(v)).toBe(fromBytes(v));
  });

  it('LatencyHistogram.addEach', () => {
    fc.assert(
      fc.property(pairsArb, cutsArb, (pairs, cuts) => {
        const ref = new LatencyHistogram();
        const fast = new LatencyHistogram();
        batches(pairs, cuts, (from, to) => {
          addOneByOne(ref, pairs, from, to);
          fast.addEach(pairs, from, to);
          expectSame(fast, ref);
        });
      }),
      RUNS,
    );
  });

  it('LatencyHistogram.addEachTo: two histograms at once, also when they hold back different runs', () => {
    fc.assert(
      fc.property(pairsArb, pairsArb, cutsArb, fc.boolean(), (pairs, prefix, cuts, same) => {
        // b first takes a prefix that a does not (or the same one): their held-back runs differ
        const refA = new LatencyHistogram();
        const refB = new LatencyHistogram();
        const a = new LatencyHistogram();
        const b = new LatencyHistogram();
        addOneByOne(refB, prefix, 0, prefix.length / 2);
        b.addEach(prefix, 0, prefix.length / 2);
        if (same) {
          addOneByOne(refA, prefix, 0, prefix.length / 2);
          a.addEach(prefix, 0, prefix.length / 2);
        }
        batches(pairs, cuts, (from, to) => {
          addOneByOne(refA, pairs, from, to);
          addOneByOne(refB, pairs, from, to);
          const top = LatencyHistogram.addEachTo(a, b, pairs, from, to);
          let highest = -Infinity;
          // addRange's maximum: max(x0, x0 + 0·dx), which is NaN (ignored) for an infinite dx
          for (let i = from; i < to; i++) {
            const x0 = pairs[2 * i] as number;
            if (Number.isFinite(pairs[2 * i + 1]) && x0 > highest) highest = x0;
          }
          expect(top).toBe(highest);
          expectSame(a, refA);
          expectSame(b, refB);
        });
      }),
      RUNS,
    );
  });

  it('LatencyWindow.addEach and addEachWithTotal, exact and overflowed, with resets at samples', () => {
    fc.assert(
      fc.property(
        pairsArb,
        pairsArb,
        cutsArb,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        (pairs, prefix, cuts, resets) => {
          const refTotal = new LatencyHistogram();
          const refWindow = new LatencyWindow();
          const refAlone = new LatencyWindow();
          const total = new LatencyHistogram();
          const window = new LatencyWindow();
          const alone = new LatencyWindow();
          // the run's total has seen more than the interval (a prefix before the sample)
          addOneByOne(refTotal, prefix, 0, prefix.length / 2);
          total.addEach(prefix, 0, prefix.length / 2);
          batches(pairs, cuts, (from, to, k) => {
            if (resets[k % resets.length] === true) {
              for (const w of [refWindow, refAlone, window, alone]) w.reset();
            }
            addOneByOne(refTotal, pairs, from, to);
            addOneByOne(refWindow, pairs, from, to);
            addOneByOne(refAlone, pairs, from, to);
            window.addEachWithTotal(total, pairs, from, to);
            alone.addEach(pairs, from, to);
            expectSame(total, refTotal);
            expectSame(window, refWindow);
            expectSame(alone, refAlone);
          });
        },
      ),
      RUNS,
    );
  });
});
