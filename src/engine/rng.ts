/**
 * The engine's only source of randomness: a small counter-based generator. Every random number is a
 * pure function of (seed, stream, index), so two strategies asking for "the 7th service time" or
 * "the arrivals of slot 42" get the same answer whatever order they ask in, and a run is reproducible
 * bit for bit from its seed.
 *
 * The mixer is the 32-bit "lowbias32" integer hash (Chris Wellons' hash-prospector constants), applied
 * in a chain over the seed, the stream id and the two 32-bit halves of the index. Two 32-bit outputs
 * make one 53-bit uniform double. It is not cryptographic; it passes the statistics a simulation needs
 * (tests check the mean and spread of each distribution).
 */

function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  x ^= x >>> 15;
  return x >>> 0;
}

const TWO_32 = 2 ** 32;

/** The first two links of the chain, which depend on (seed, stream) only: a stream computes them once. */
function streamKey(seed: number, stream: number): number {
  return mix32(mix32((seed >>> 0) ^ 0x9e3779b9) ^ Math.imul(stream + 1, 0x85ebca6b));
}

/** 32 random bits for (seed, stream, index, lane). */
export function hash32(seed: number, stream: number, index: number, lane = 0): number {
  const h = mix32(streamKey(seed, stream) ^ (index % TWO_32));
  return mix32(h ^ Math.floor(index / TWO_32) ^ Math.imul(lane + 1, 0xc2b2ae35));
}

/**
 * `uniform` from a stream's key: the same chain as `hash32` for lanes 0 and 1, whose links up to
 * the index's low half are common (three mixes instead of eight; the bits are the same).
 *
 * Written for speed (a consumer that keeps up draws once per message): `^` reduces its operand
 * modulo 2^32 itself (ToInt32), so `key ^ index` is `key ^ (index % 2^32)` for every integer index,
 * without the floating-point remainder, which cost more than the three mixes together; and the
 * high half is 0 below 2^32 without a division.
 */
function uniformOf(key: number, index: number): number {
  const h = mix32(key ^ index);
  const hi = index >= 0 && index < TWO_32 ? 0 : Math.floor(index / TWO_32);
  const a = mix32(h ^ hi ^ LANE_0) >>> 5; // 27 bits
  const b = mix32(h ^ hi ^ LANE_1) >>> 6; // 26 bits
  return (a * 67_108_864 + b) / 9_007_199_254_740_992;
}
const LANE_0 = Math.imul(1, 0xc2b2ae35);
const LANE_1 = Math.imul(2, 0xc2b2ae35);

/** A uniform double in [0, 1) for (seed, stream, index). */
export function uniform(seed: number, stream: number, index: number): number {
  return uniformOf(streamKey(seed, stream), index);
}

/**
 * `Math.round(0 + -mean * Math.log(v))` for v in (0, 1]: a service time of `mean` µs from the uniform
 * v, rounded to whole µs (ServiceTimes.duration), bit for bit. For a small mean the logarithm is
 * skipped: the result is k exactly when v lies above the cut exp(−(k + ½)/mean) and at or below the
 * one before (Math.round takes halves up), so the first cut that v lies above gives it. The cuts are
 * computed with Math.exp, and Math.log and the product are off by a few units in the last place at
 * most, so a comparison is trusted only when v is more than CUT_MARGIN (10⁻⁹, relative) from the cut:
 * then −mean·ln v is at least mean·10⁻⁹/2 away from k + ½, far beyond those errors (k + ½ ≤ 37·mean + 2
 * here, as v ≥ 2⁻⁵³); closer (about one draw in 10⁸), the logarithm decides as before.
 */
export function roundedExponential(v: number, mean: number): number {
  if (mean <= ROUNDING_CUTS_MAX_MEAN && mean > 0) {
    if (mean !== cutsMean) setCuts(mean);
    // the bucket's result when no cut's band lies in it (see BUCKET_RESULT): one load, and no branch
    // that the draw decides, which the walk over the cuts below is (a mispredicted exit a draw)
    const known = BUCKET_RESULT[(v * BUCKETS) | 0] as number;
    if (known >= 0) return known;
    const cuts = CUTS;
    for (let k = 0; k < cutsUsed; k++) {
      const c = cuts[k] as number;
      if (v > c * (1 + CUT_MARGIN)) return k;
      if (v >= c * (1 - CUT_MARGIN)) break;
    }
  }
  return Math.round(0 + -mean * Math.log(v));
}

const CUT_MARGIN = 1e-9;
/** means up to this use the cuts (a few comparisons a draw on average, about as many as the mean) */
const ROUNDING_CUTS_MAX_MEAN = 4;
/** enough cuts for every v ≥ 2⁻⁵³ (−ln v ≤ 36.8) at the largest mean */
const CUTS = new Float64Array(Math.ceil(37 * ROUNDING_CUTS_MAX_MEAN) + 2);
let cutsMean = Number.NaN;
let cutsUsed = 0;
/**
 * v's range cut into buckets [i/B, (i+1)/B) (B a power of two, so v·B and the bounds are exact;
 * bucket B holds v = 1 alone). Where no cut's band [c·(1 − margin), c·(1 + margin)] meets a bucket,
 * every v in it takes the same way through the walk over the cuts: past the k cuts whose band lies
 * above the bucket (v below the band: on), out at the next one (v above its band), so the result is
 * that k. Such a bucket holds k, any other −1 (a band inside it, or v below every cut: the walk
 * decides). With B = 4096 a draw meets a −1 about once in a few hundred (the bands are ~10⁻⁹ wide).
 */
const BUCKETS = 4096;
const BUCKET_RESULT = new Int16Array(BUCKETS + 1);

function setCuts(mean: number): void {
  cutsUsed = Math.min(CUTS.length, Math.ceil(37 * mean) + 2);
  for (let k = 0; k < cutsUsed; k++) CUTS[k] = Math.exp(-(k + 0.5) / mean);
  cutsMean = mean;
  // from the top bucket down: `above` counts the cuts whose band lies wholly at or above the bucket's
  // top (the cuts fall with k, so it only grows)
  let above = 0;
  for (let i = BUCKETS; i >= 0; i--) {
    const bottom = i / BUCKETS;
    const top = (i + 1) / BUCKETS;
    while (above < cutsUsed && (CUTS[above] as number) * (1 - CUT_MARGIN) >= top) above++;
    // the next cut's band lies wholly below the bucket (so do the later ones'), and a next cut exists
    const next = above < cutsUsed ? (CUTS[above] as number) * (1 + CUT_MARGIN) : Infinity;
    BUCKET_RESULT[i] = next < bottom ? above : -1;
  }
}

/** Sequential draws from one stream; `at(i)` positions it (random access). */
export class RandomStream {
  private index = 0;
  private readonly key: number;
  constructor(
    readonly seed: number,
    readonly stream: number,
  ) {
    this.key = streamKey(seed, stream);
  }

  at(index: number): this {
    this.index = index;
    return this;
  }

  /**
   * `out[base + j] = Math.round(0 + this.at(first + j·stride).exponential(mean))` for j < count: what
   * ServiceTimes.duration(ordinal, 1) computes for an exponential service (its sum starts at 0, and
   * 0 + −0 is 0), the same operations on the same values, in one loop (service.ts fills its memo a
   * block at a time). Leaves the stream where those calls would.
   */
  roundedExponentials(
    out: Float64Array,
    base: number,
    count: number,
    first: number,
    stride: number,
    mean: number,
  ): void {
    const key = this.key;
    for (let j = 0; j < count; j++)
      out[base + j] = roundedExponential(1 - uniformOf(key, first + j * stride), mean);
    if (count > 0) this.index = first + (count - 1) * stride + 1;
  }

  /** uniform in [0, 1) */
  next(): number {
    return uniformOf(this.key, this.index++);
  }

  /** uniform in (0, 1]: safe for logarithms */
  nextOpen(): number {
    return 1 - this.next();
  }

  exponential(mean: number): number {
    return -mean * Math.log(this.nextOpen());
  }

  /** standard normal (Box–Muller, one value per two uniforms) */
  normal(): number {
    const u = this.nextOpen();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** log-normal with the given mean and σ of ln(x) */
  logNormal(mean: number, sigma: number): number {
    const mu = Math.log(mean) - (sigma * sigma) / 2;
    return Math.exp(mu + sigma * this.normal());
  }

  /** Gamma(shape k ≥ 1, scale θ) by Marsaglia and Tsang; the sum of k exponentials of mean θ. */
  gamma(k: number, theta: number): number {
    if (k < 1) return this.gamma(k + 1, theta) * Math.pow(this.nextOpen(), 1 / k);
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.nextOpen();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * theta;
    }
  }

  /**
   * A Poisson count with mean `lambda`: inversion for small means, the PTRS transformed rejection
   * (Hörmann 1993) for larger ones, and the normal limit beyond 10^7 (relative error below 10^-4).
   */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < 12) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.nextOpen();
      while (p > limit) {
        p *= this.nextOpen();
        k++;
      }
      return k;
    }
    if (lambda > 1e7) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.nextOpen();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (
        Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
        -lambda + k * loglam - logFactorial(k)
      ) {
        return k;
      }
    }
  }
}

/** ln(k!): summed directly below 10, by Stirling's series from 10 on (exact enough there). */
function logFactorial(k: number): number {
  if (k < 10) {
    let r = 0;
    for (let i = 2; i <= k; i++) r += Math.log(i);
    return r;
  }
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}
