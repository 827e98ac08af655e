// roundedExponential (src/engine/rng.ts): a service time rounded to whole µs, from cuts instead of a
// logarithm for small means (and, away from the cuts, from a lookup of v's bucket). It must be Math.round(0 + −mean·ln v) bit for bit, for every v: random
// ones, and the adversarial ones right at, just above and just below each cut.
import { describe, expect, it } from 'vitest';
import { roundedExponential } from '../../src/engine/rng.ts';

/** what ServiceTimes.duration(ordinal, 1) computes for an exponential service, from the uniform v */
const reference = (v: number, mean: number): number => Math.round(0 + -mean * Math.log(v));

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);
/** the double `steps` units in the last place above (or below) v > 0 */
function ulps(v: number, steps: number): number {
  F64[0] = v;
  U64[0] = (U64[0] as bigint) + BigInt(steps);
  return F64[0] as number;
}

const MEANS = [0.001, 0.3, 1, 1.7, 2.5, 4, 4.5, 40];

describe('roundedExponential', () => {
  it('equals the logarithm’s rounding for a million uniforms per mean', () => {
    // a fixed sequence of uniforms on the 2^-53 grid the generator uses (v = 1 − u, u in [0, 1))
    let x = 12345;
    for (const mean of MEANS) {
      for (let i = 0; i < 1_000_000; i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        const y = (Math.imul(x ^ (x >>> 13), 2654435761) >>> 0) & 0x3ffffff;
        const v = 1 - (x * 67_108_864 + y) / 9_007_199_254_740_992;
        const got = roundedExponential(v, mean);
        if (!Object.is(got, reference(v, mean)))
          expect([v, mean, got]).toEqual([v, mean, reference(v, mean)]);
      }
    }
  });

  it('equals it at, and a few units in the last place around, every cut', () => {
    for (const mean of MEANS) {
      for (let k = 0; k < 40 * mean + 2; k++) {
        const cut = Math.exp(-(k + 0.5) / mean);
        if (!(cut > 0)) break;
        const around = [cut, cut * (1 + 1e-9), cut * (1 - 1e-9), cut * (1 + 2e-9), cut * (1 - 2e-9)];
        for (let s = -64; s <= 64; s++) around.push(ulps(cut, s));
        for (const v of around) {
          if (!(v > 0 && v <= 1)) continue;
          expect(Object.is(roundedExponential(v, mean), reference(v, mean))).toBe(true);
        }
      }
    }
  });

  it('equals it at, and a few units in the last place around, every bound of its lookup buckets (i/4096)', () => {
    for (const mean of MEANS) {
      // (means switched back and forth: the lookup is rebuilt for each)
      for (let i = 1; i <= 4096; i++) {
        const bound = i / 4096;
        for (let s = -4; s <= 4; s++) {
          const v = ulps(bound, s);
          if (!(v > 0 && v <= 1)) continue;
          if (!Object.is(roundedExponential(v, mean), reference(v, mean)))
            expect([v, mean, roundedExponential(v, mean)]).toEqual([v, mean, reference(v, mean)]);
        }
      }
    }
  });

  it('equals it at the ends: v = 1 (a zero, not a negative zero) and the smallest uniform', () => {
    for (const mean of MEANS) {
      for (const v of [1, 2 ** -53, 0.5, ulps(1, -1)]) {
        expect(Object.is(roundedExponential(v, mean), reference(v, mean))).toBe(true);
      }
    }
  });
});
