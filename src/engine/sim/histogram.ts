/**
 * Latency statistics for runs of messages. A run adds an arithmetic sequence of latencies
 * (x0, x0 + dx, …, n values), in O(1) whatever n is.
 *
 * - `LatencyHistogram`: log-linear buckets (below 1 µs one bucket, then every power of two split in
 *   32 sub-buckets). A run is recorded as a uniform density over [min, max] of its values (two
 *   difference entries), so its cost does not depend on how many buckets it spans; a quantile is
 *   read by walking the buckets and interpolating inside the one that holds it. Precision: the
 *   reported p50/p99 lie within one bucket (±3.1 % of the value) of the exact ones; the maximum is
 *   exact.
 * - `LatencyWindow`: the latencies of one sampling interval. While it holds at most 8 runs its
 *   quantiles are exact (a search over the runs themselves); beyond, it falls back to a histogram.
 */
const SUB = 32;
const OCTAVES = 52;
const SIZE = 2 + OCTAVES * SUB;

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** index of the high word of a double (little- or big-endian hosts) */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * Bucket of v ≥ 0: the exponent of the double and the top 5 bits of its mantissa.
 * - Below 128 µs (most latencies of a consumer that keeps up) it is read from a table by ⌊32·v⌋:
 *   scaling by 32 is exact, and every bucket edge below 128 is a multiple of 1/32, so v and ⌊32·v⌋/32
 *   share their bucket. One load instead of the computation below (a consumer that keeps up hands
 *   over a latency or two per message).
 * - Below 2^31 (every latency short of 36 minutes) it is computed: the exponent from the leading zeros
 *   of the integer part, the bits as ⌊v·2^(5−e)⌋ − 32, where every step is exact (scaling by a power
 *   of two, a number in [32, 64) truncated), so they are the double's own bits.
 * - Above, they are read from the double's bytes, which costs more (a store and a narrower load).
 */
export function bucketOf(v: number): number {
  if (v < SMALL_LIMIT) return v > 0 ? (SMALL_BUCKETS[(v * SUB) | 0] as number) : 0;
  return bucketOfLarge(v);
}

/** bucketOf for v ≥ 128 or NaN */
function bucketOfLarge(v: number): number {
  if (v < 2147483648) {
    const e = 31 - Math.clz32(v);
    return 1 + (e - 1) * SUB + ((v * (SCALES[e] as number)) | 0);
  }
  if (!(v >= 1)) return 0;
  F64[0] = v;
  const hi = U32[HI] as number;
  const e = Math.min(OCTAVES - 1, (hi >>> 20) - 1023);
  return 1 + e * SUB + ((hi >>> 15) & (SUB - 1));
}

/** 2^(5−e) for e = 0 … 31: v·2^(5−e) ∈ [32, 64) for v ∈ [2^e, 2^(e+1)) */
const SCALES = Float64Array.from({ length: 32 }, (_, e) => 2 ** (5 - e));

const SMALL_LIMIT = 128;
/** bucket of k/32 for k = 0 … 32·128 − 1 (all below 256) */
const SMALL_BUCKETS = Uint8Array.from({ length: SMALL_LIMIT * SUB }, (_, k) =>
  k < SUB ? 0 : bucketOfLarge(k / SUB),
);

/** lower edge of every bucket (and one past the last) */
const EDGES = new Float64Array(SIZE + 1);
for (let b = 1; b <= SIZE; b++) {
  const e = Math.floor((b - 1) / SUB);
  EDGES[b] = 2 ** e * (1 + ((b - 1) % SUB) / SUB);
}

function lowerBound(b: number): number {
  return EDGES[b] as number;
}

/**
 * How a run of n values spread evenly over [a, z] lands in the buckets: `atP` values in a's bucket,
 * `atQ` in z's, and a density `rho` (values per µs) over the whole buckets in between.
 */
function shapeOf(
  x0: number,
  dx: number,
  n: number,
): { p: number; q: number; atP: number; atQ: number; rho: number } {
  const end = x0 + (n - 1) * dx;
  const a = Math.max(0, Math.min(x0, end));
  const z = Math.max(0, Math.max(x0, end));
  const p = bucketOf(a);
  const q = bucketOf(z);
  if (p === q || z === a) return { p, q: p, atP: n, atQ: 0, rho: 0 };
  const rho = n / (z - a);
  return { p, q, atP: rho * (lowerBound(p + 1) - a), atQ: rho * (z - lowerBound(q)), rho };
}

export class LatencyHistogram {
  /** count at the bucket from runs that start or end inside it, and point masses */
  private readonly partial = new Float64Array(SIZE);
  /** change of density (values per µs) from this bucket on, for runs covering whole buckets */
  private readonly slope = new Float64Array(SIZE);
  private lo = SIZE;
  private hi = -1;
  count = 0;
  max = 0;

  private touch(b: number): void {
    if (b < this.lo) this.lo = b;
    if (b > this.hi) this.hi = b;
  }

  // The last run added is held back while the next ones continue it (a consumer busy batch after
  // batch yields one long arithmetic sequence), so a long stretch costs one entry.
  private px = 0;
  private pdx = 0;
  private pn = 0;

  /** Adds the n values x0, x0 + dx, …, x0 + (n−1)·dx (µs); negative values count as 0. */
  addRange(x0: number, dx: number, n: number): void {
    if (n <= 0) return;
    this.count += n;
    const top = Math.max(x0, x0 + (n - 1) * dx);
    if (top > this.max) this.max = top;
    if (
      this.pn > 0 &&
      dx === this.pdx &&
      Math.abs(this.px + this.pn * dx - x0) <= 1e-9 * (1 + Math.abs(x0))
    ) {
      this.pn += n;
      return;
    }
    this.flush();
    this.px = x0;
    this.pdx = dx;
    this.pn = n;
  }

  /**
   * `addRange(x0, dx, 1)` for each pair (x0, dx) in `pairs` from pair `from` to pair `to` (excluded),
   * in order: the same operations on the same values, as one loop with the state in locals (the
   * keep-up path hands a stretch's messages over at once, keepup.ts). Returns the highest value
   * added with a finite dx, as addRange takes its maximum (−∞ if none; for a window's maximum).
   */
  addEach(pairs: Float64Array, from: number, to: number): number {
    return LatencyHistogram.each1(this, pairs, from, to);
  }

  /**
   * `a.addEach(pairs, from, to)` and, when b is not null, `b.addEach(pairs, from, to)`; returns the
   * highest value added. Once a and b hold back the same run (as a rule from the start; else from
   * the first value that continues neither), they take the same decisions on the same values, so
   * each run's buckets and shares are found once and added to both (the keep-up path's end-to-end
   * latencies go to the run's histogram and the interval's).
   */
  static addEachTo(
    a: LatencyHistogram,
    b: LatencyHistogram | null,
    pairs: Float64Array,
    from: number,
    to: number,
  ): number {
    let top = -Infinity;
    let i = from;
    if (b !== null) {
      for (; i < to && !a.sameHeld(b); i++) {
        top = Math.max(top, LatencyHistogram.each1(a, pairs, i, i + 1));
        LatencyHistogram.each1(b, pairs, i, i + 1);
      }
    }
    return Math.max(
      top,
      b === null ? LatencyHistogram.each1(a, pairs, i, to) : LatencyHistogram.each2(a, b, pairs, i, to),
    );
  }

  /** addEach: one loop per histogram alone and one for two (`each2`), so that neither loop has a path
   * the other takes (the engine would drop an optimized loop whenever a path it has not seen yet is taken). */
  private static each1(a: LatencyHistogram, pairs: Float64Array, from: number, to: number): number {
    if (to <= from) return -Infinity;
    let px = a.px;
    let pdx = a.pdx;
    let pn = a.pn;
    const pa = a.partial;
    const sa = a.slope;
    // the highest value and the buckets touched, merged into the fields after the loop: a maximum
    // and a minimum come out the same whether taken along or at the end
    let top = -Infinity;
    let lo = SIZE;
    let hi = -1;
    for (let i = from; i < to; i++) {
      const x0 = pairs[2 * i] as number;
      const dx = pairs[2 * i + 1] as number;
      // addRange's top, max(x0, x0 + 0·dx), is x0 for a finite dx and NaN (no maximum) otherwise
      if (x0 > top && dx - dx === 0) top = x0;
      if (pn > 0 && dx === pdx && Math.abs(px + pn * dx - x0) <= 1e-9 * (1 + Math.abs(x0))) {
        pn += 1;
        continue;
      }
      if (pn === 1 && pdx - pdx === 0) {
        // record(px, pdx, 1) with a finite pdx: the run is the one value px, so a = z = max(0, px)
        // and its bucket is bucketOf(px) (0 below 1, negative values included): one count there
        const k = bucketOf(px);
        if (k < lo) lo = k;
        if (k > hi) hi = k;
        pa[k] = (pa[k] as number) + 1;
      } else if (pn > 0) {
        // record(px, pdx, pn) written out, the same operations on the same values (a consumer that
        // keeps up ends a run of two or three every few messages)
        const end = px + (pn - 1) * pdx;
        const za = Math.max(0, Math.min(px, end));
        const z = Math.max(0, Math.max(px, end));
        const p = bucketOf(za);
        const q = z === za ? p : bucketOf(z);
        if (p < lo) lo = p;
        if (p > hi) hi = p;
        if (p === q || z === za) {
          pa[p] = (pa[p] as number) + pn;
        } else {
          // q is not always above p: from 2^52 on, every value shares the last octave's buckets
          if (q < lo) lo = q;
          if (q > hi) hi = q;
          const rho = pn / (z - za);
          const atP = rho * ((EDGES[p + 1] as number) - za);
          const atQ = rho * (z - (EDGES[q] as number));
          pa[p] = (pa[p] as number) + atP;
          pa[q] = (pa[q] as number) + atQ;
          sa[p + 1] = (sa[p + 1] as number) + rho;
          sa[q] = (sa[q] as number) - rho;
        }
      }
      px = x0;
      pdx = dx;
      pn = 1;
    }
    a.endBatch(to - from, top, lo, hi, px, pdx, pn);
    return top;
  }

  /** addEachTo once a and b hold back the same run: `each1`'s loop, each addition made to both. */
  private static each2(
    a: LatencyHistogram,
    b: LatencyHistogram,
    pairs: Float64Array,
    from: number,
    to: number,
  ): number {
    if (to <= from) return -Infinity;
    let px = a.px;
    let pdx = a.pdx;
    let pn = a.pn;
    const pa = a.partial;
    const sa = a.slope;
    const pb = b.partial;
    const sb = b.slope;
    let top = -Infinity;
    let lo = SIZE;
    let hi = -1;
    for (let i = from; i < to; i++) {
      const x0 = pairs[2 * i] as number;
      const dx = pairs[2 * i + 1] as number;
      if (x0 > top && dx - dx === 0) top = x0;
      if (pn > 0 && dx === pdx && Math.abs(px + pn * dx - x0) <= 1e-9 * (1 + Math.abs(x0))) {
        pn += 1;
        continue;
      }
      if (pn === 1 && pdx - pdx === 0) {
        const k = bucketOf(px);
        if (k < lo) lo = k;
        if (k > hi) hi = k;
        pa[k] = (pa[k] as number) + 1;
        pb[k] = (pb[k] as number) + 1;
      } else if (pn > 0) {
        const end = px + (pn - 1) * pdx;
        const za = Math.max(0, Math.min(px, end));
        const z = Math.max(0, Math.max(px, end));
        const p = bucketOf(za);
        const q = z === za ? p : bucketOf(z);
        if (p < lo) lo = p;
        if (p > hi) hi = p;
        if (p === q || z === za) {
          pa[p] = (pa[p] as number) + pn;
          pb[p] = (pb[p] as number) + pn;
        } else {
          if (q < lo) lo = q;
          if (q > hi) hi = q;
          const rho = pn / (z - za);
          const atP = rho * ((EDGES[p + 1] as number) - za);
          const atQ = rho * (z - (EDGES[q] as number));
          pa[p] = (pa[p] as number) + atP;
          pa[q] = (pa[q] as number) + atQ;
          sa[p + 1] = (sa[p + 1] as number) + rho;
          sa[q] = (sa[q] as number) - rho;
          pb[p] = (pb[p] as number) + atP;
          pb[q] = (pb[q] as number) + atQ;
          sb[p + 1] = (sb[p + 1] as number) + rho;
          sb[q] = (sb[q] as number) - rho;
        }
      }
      px = x0;
      pdx = dx;
      pn = 1;
    }
    a.endBatch(to - from, top, lo, hi, px, pdx, pn);
    b.endBatch(to - from, top, lo, hi, px, pdx, pn);
    return top;
  }

  /** The fields after a batch of n values (see `each1`). */
  private endBatch(
    n: number,
    top: number,
    lo: number,
    hi: number,
    px: number,
    pdx: number,
    pn: number,
  ): void {
    // counts are whole numbers below 2^53: adding them at once gives the same sum
    this.count += n;
    if (top > this.max) this.max = top;
    if (lo < this.lo) this.lo = lo;
    if (hi > this.hi) this.hi = hi;
    this.px = px;
    this.pdx = pdx;
    this.pn = pn;
  }

  /** The same run held back as `other` (see `addEachTo`). */
  private sameHeld(other: LatencyHistogram): boolean {
    return (
      this.pn === other.pn &&
      (this.pn === 0 || (Object.is(this.px, other.px) && Object.is(this.pdx, other.pdx)))
    );
  }

  /** Records the run held back. */
  private flush(): void {
    const n = this.pn;
    this.pn = 0;
    if (n <= 0) return;
    this.record(this.px, this.pdx, n);
  }

  /**
   * Records a run of n > 0 values: `shapeOf` written out without its result object (a consumer that
   * keeps up records one per message; the same operations on the same values, so the same bits).
   */
  private record(x0: number, pdx: number, n: number): void {
    const end = x0 + (n - 1) * pdx;
    const a = Math.max(0, Math.min(x0, end));
    const z = Math.max(0, Math.max(x0, end));
    const p = bucketOf(a);
    const q = z === a ? p : bucketOf(z);
    this.touch(p);
    const partial = this.partial;
    if (p === q || z === a) {
      // the whole run in one bucket (shapeOf's atQ and rho are 0: adding them changes nothing)
      partial[p] = (partial[p] as number) + n;
      return;
    }
    this.touch(q);
    const rho = n / (z - a);
    partial[p] = (partial[p] as number) + rho * (lowerBound(p + 1) - a);
    partial[q] = (partial[q] as number) + rho * (z - lowerBound(q));
    this.slope[p + 1] = (this.slope[p + 1] as number) + rho;
    this.slope[q] = (this.slope[q] as number) - rho;
  }

  add(v: number, n = 1): void {
    this.addRange(v, 0, n);
  }

  /** The q-quantile (0 < q ≤ 1) in µs; 0 when empty. */
  quantile(q: number): number {
    return this.quantiles(q, q)[0];
  }

  /**
   * Two quantiles (qa ≤ qb) in one walk over the buckets. Reading changes nothing: the run still
   * held back is counted on the fly, so asking for quantiles never alters later results.
   */
  quantiles(qa: number, qb: number): [number, number] {
    if (this.count === 0) return [0, 0];
    const pend = this.pn > 0 ? shapeOf(this.px, this.pdx, this.pn) : null;
    const lo = pend === null ? this.lo : Math.min(this.lo, pend.p);
    const hi = pend === null ? this.hi : Math.max(this.hi, pend.q);
    const targets = [qa * this.count, qb * this.count];
    const out: [number, number] = [this.max, this.max];
    let k = 0;
    let seen = 0;
    let density = 0;
    for (let b = lo; b <= hi && k < 2; b++) {
      density += this.slope[b] as number;
      let partial = this.partial[b] as number;
      if (pend !== null) {
        if (b === pend.p + 1) density += pend.rho;
        if (b === pend.q) density -= pend.rho;
        if (b === pend.p) partial += pend.atP;
        if (b === pend.q) partial += pend.atQ;
      }
      const lower = EDGES[b] as number;
      const width = (EDGES[b + 1] as number) - lower;
      const inBucket = partial + density * width;
      while (k < 2 && inBucket > 0 && seen + inBucket >= (targets[k] as number)) {
        out[k] = Math.min(lower + (width * ((targets[k] as number) - seen)) / inBucket, this.max);
        k++;
      }
      seen += inBucket;
    }
    return out;
  }

  /**
   * The same state as `other` (lockstep.ts: lanes whose histograms are equal and that record the
   * same values stay equal, so one lane records and the others copy).
   */
  sameAs(other: LatencyHistogram): boolean {
    if (
      this.count !== other.count ||
      this.max !== other.max ||
      this.lo !== other.lo ||
      this.hi !== other.hi ||
      this.pn !== other.pn ||
      (this.pn > 0 && (this.px !== other.px || this.pdx !== other.pdx))
    ) {
      return false;
    }
    for (let b = this.lo; b <= this.hi + 1 && b < SIZE; b++) {
      if (this.partial[b] !== other.partial[b] || this.slope[b] !== other.slope[b]) return false;
    }
    return true;
  }

  /** Becomes a copy of `other` (every later addition and reading gives what `other`'s would). */
  copyFrom(other: LatencyHistogram): void {
    this.reset();
    if (other.hi >= other.lo) {
      const end = Math.min(SIZE, other.hi + 2);
      this.partial.set(other.partial.subarray(other.lo, end), other.lo);
      this.slope.set(other.slope.subarray(other.lo, end), other.lo);
    }
    this.lo = other.lo;
    this.hi = other.hi;
    this.count = other.count;
    this.max = other.max;
    this.px = other.px;
    this.pdx = other.pdx;
    this.pn = other.pn;
  }

  reset(): void {
    this.pn = 0;
    if (this.hi >= this.lo) {
      this.partial.fill(0, this.lo, this.hi + 2);
      this.slope.fill(0, this.lo, this.hi + 2);
    }
    this.lo = SIZE;
    this.hi = -1;
    this.count = 0;
    this.max = 0;
  }
}

const EXACT_RUNS = 8;

// Scratch space for kthSmallest: runs in ascending form (a run clamped at 0 becomes two).
const ASC = new Float64Array(EXACT_RUNS * 2 * 3);
const EVENTS = new Float64Array(EXACT_RUNS * 2 * 2 * 3);
const ORDER = new Uint8Array(EXACT_RUNS * 2 * 2);
/** relative slack when counting a value computed from another run (float rounding) */
const SLACK = 1e-9;

/**
 * The k-th smallest (1-based) of the values of `used` arithmetic runs (x0, dx, n triples in `runs`),
 * values below 0 counting as 0. Exact, in O(r²) for r runs whatever their lengths:
 *
 * with G(v) = Σ min(n, max(0, (v − a)/s + 1)) over the runs in ascending form (a, s, n), the count of
 * values ≤ v lies in (G(v) − r, G(v)]; so the answer lies between the first v with G(v) ≥ k and the
 * first with G(v) ≥ k + r, where each run has at most a few values. Those values are counted exactly.
 */
export function kthSmallest(runs: Float64Array, used: number, k: number): number {
  const r = ascending(runs, used);
  return selectKth(r, r === 2 ? 0 : sortedEvents(r), k);
}

/** The rank (1-based) of the q-quantile among n values. */
function rank(q: number, n: number): number {
  return Math.max(1, Math.ceil(q * n - 1e-9));
}

/** 1. Writes the runs in ascending form into ASC, values below 0 split off as a point mass at 0; returns how many. */
function ascending(runs: Float64Array, used: number): number {
  let r = 0;
  for (let i = 0; i < used; i++) {
    const x0 = runs[i * 3] as number;
    const dx = runs[i * 3 + 1] as number;
    const n = runs[i * 3 + 2] as number;
    const a = dx >= 0 ? x0 : x0 + (n - 1) * dx;
    const step = Math.abs(dx);
    if (a >= 0) r = putAscending(r, a, step, n);
    else if (step === 0) r = putAscending(r, 0, 0, n);
    else {
      const low = Math.min(n, Math.floor(-a / step) + 1);
      r = putAscending(r, 0, 0, low);
      if (n > low) r = putAscending(r, a + low * step, step, n - low);
    }
  }
  return r;
}

/** 2–4. The k-th smallest value of the r ascending runs in ASC (e: their events, from sortedEvents, unless r = 2). */
function selectKth(r: number, e: number, k: number): number {
  if (r === 2) return kthOfTwo(k);
  let total = 0;
  for (let i = 0; i < r; i++) total += ASC[i * 3 + 2] as number;
  const want = Math.min(k, total);
  // 2. the bracket [lo, hi] from the continuous count G
  const lo = firstReaching(e, want);
  const hi = firstReaching(e, Math.min(total, want + r));
  // 3–4. the values of every run inside the bracket (one step of slack each side): the smallest with
  // at least `want` values at or below it
  let best = hi;
  const loSlack = lo - SLACK * (1 + Math.abs(lo));
  for (let i = 0; i < r; i++) {
    const a = ASC[i * 3] as number;
    const step = ASC[i * 3 + 1] as number;
    const n = ASC[i * 3 + 2] as number;
    if (step === 0) {
      if (a >= loSlack && a < best && countAtMost(r, a) >= want) best = a;
      continue;
    }
    const j0 = Math.max(0, Math.ceil((lo - a) / step) - 1);
    const j1 = Math.min(n - 1, Math.floor((best - a) / step) + 1);
    for (let j = j0; j <= j1; j++) {
      const v = a + j * step;
      if (v >= best) break;
      if (countAtMost(r, v) >= want) {
        best = v;
        break;
      }
    }
  }
  return best;
}

/**
 * The k-th smallest of the two ascending runs in ASC: the usual search for how many come from the
 * first run, O(log n) with the values computed from their index.
 */
function kthOfTwo(k: number): number {
  const a1 = ASC[0] as number;
  const s1 = ASC[1] as number;
  const n1 = ASC[2] as number;
  const a2 = ASC[3] as number;
  const s2 = ASC[4] as number;
  const n2 = ASC[5] as number;
  const want = Math.min(k, n1 + n2);
  // i values from the first run and want − i from the second: the smallest i whose next first-run
  // value is not below the second run's last one taken
  let lo = Math.max(0, want - n2);
  let hi = Math.min(want, n1);
  while (lo < hi) {
    const i = Math.floor((lo + hi) / 2);
    const j = want - i;
    if (j > 0 && a1 + i * s1 < a2 + (j - 1) * s2) lo = i + 1;
    else hi = i;
  }
  const j = want - lo;
  const fromFirst = lo > 0 ? a1 + (lo - 1) * s1 : -Infinity;
  const fromSecond = j > 0 ? a2 + (j - 1) * s2 : -Infinity;
  return Math.max(fromFirst, fromSecond);
}

/** Writes run r of ASC (a point mass when n = 1); returns r + 1. */
function putAscending(r: number, a: number, step: number, n: number): number {
  ASC[r * 3] = a;
  ASC[r * 3 + 1] = n > 1 ? step : 0;
  ASC[r * 3 + 2] = n;
  return r + 1;
}

/** Values ≤ v among the r ascending runs in ASC (a value within float slack of v counts). */
function countAtMost(r: number, v: number): number {
  const slack = SLACK * (1 + Math.abs(v));
  let count = 0;
  for (let i = 0; i < r; i++) {
    const a = ASC[i * 3] as number;
    const step = ASC[i * 3 + 1] as number;
    const n = ASC[i * 3 + 2] as number;
    if (a > v + slack) continue;
    if (step === 0) count += n;
    else count += Math.min(n, Math.floor((v + slack - a) / step) + 1);
  }
  return count;
}

/**
 * The runs' starts and ends as events (position, jump in G, change of slope) in EVENTS, their
 * order by position in ORDER; returns how many.
 */
function sortedEvents(r: number): number {
  let e = 0;
  for (let i = 0; i < r; i++) {
    const a = ASC[i * 3] as number;
    const step = ASC[i * 3 + 1] as number;
    const n = ASC[i * 3 + 2] as number;
    if (step === 0) {
      EVENTS[e * 3] = a;
      EVENTS[e * 3 + 1] = n;
      EVENTS[e * 3 + 2] = 0;
      e++;
    } else {
      EVENTS[e * 3] = a;
      EVENTS[e * 3 + 1] = 1;
      EVENTS[e * 3 + 2] = 1 / step;
      EVENTS[e * 3 + 3] = a + (n - 1) * step;
      EVENTS[e * 3 + 4] = 0;
      EVENTS[e * 3 + 5] = -1 / step;
      e += 2;
    }
  }
  for (let i = 0; i < e; i++) ORDER[i] = i;
  // insertion sort by position (a handful of events)
  for (let i = 1; i < e; i++) {
    const x = ORDER[i] as number;
    const p = EVENTS[x * 3] as number;
    let j = i - 1;
    while (j >= 0 && (EVENTS[(ORDER[j] as number) * 3] as number) > p) {
      ORDER[j + 1] = ORDER[j] as number;
      j--;
    }
    ORDER[j + 1] = x;
  }
  return e;
}

/** The smallest v with G(v) ≥ q (see kthSmallest), walking the e sorted events. */
function firstReaching(e: number, q: number): number {
  let g = 0;
  let slope = 0;
  let prev = EVENTS[(ORDER[0] as number) * 3] as number;
  for (let i = 0; i < e; i++) {
    const x = ORDER[i] as number;
    const p = EVENTS[x * 3] as number;
    if (slope > 0 && g + slope * (p - prev) >= q) return prev + (q - g) / slope;
    g += slope * (p - prev);
    g += EVENTS[x * 3 + 1] as number;
    slope += EVENTS[x * 3 + 2] as number;
    prev = p;
    if (g >= q) return p;
  }
  return prev;
}

/** One sampling interval's latencies: exact while small, a histogram beyond. */
export class LatencyWindow {
  private readonly runs = new Float64Array(EXACT_RUNS * 3);
  private used = 0;
  private overflow: LatencyHistogram | null = null;
  count = 0;
  max = 0;

  addRange(x0: number, dx: number, n: number): void {
    if (n <= 0) return;
    this.count += n;
    const end = x0 + (n - 1) * dx;
    const top = Math.max(0, x0, end);
    if (top > this.max) this.max = top;
    if (this.overflow !== null) {
      this.overflow.addRange(x0, dx, n);
      return;
    }
    if (this.used > 0) {
      const r = (this.used - 1) * 3;
      const ln = this.runs[r + 2] as number;
      if (
        this.runs[r + 1] === dx &&
        Math.abs((this.runs[r] as number) + ln * dx - x0) <= 1e-9 * (1 + Math.abs(x0))
      ) {
        this.runs[r + 2] = ln + n;
        return;
      }
    }
    if (this.used === EXACT_RUNS) {
      this.overflow = new LatencyHistogram();
      for (let i = 0; i < this.used; i++) {
        const r = i * 3;
        this.overflow.addRange(
          this.runs[r] as number,
          this.runs[r + 1] as number,
          this.runs[r + 2] as number,
        );
      }
      this.overflow.addRange(x0, dx, n);
      return;
    }
    const r = this.used * 3;
    this.runs[r] = x0;
    this.runs[r + 1] = dx;
    this.runs[r + 2] = n;
    this.used++;
  }

  /** `addRange(x0, dx, 1)` for each pair (x0, dx) in `pairs` from pair `from` to pair `to` (excluded), in order. */
  addEach(pairs: Float64Array, from: number, to: number): void {
    const i = this.addExact(pairs, from, to);
    if (i < to) this.addOverflowed((this.overflow as LatencyHistogram).addEach(pairs, i, to), i, to);
  }

  /**
   * `total.addEach(pairs, from, to)` and then `this.addEach(pairs, from, to)` (the keep-up path's
   * end-to-end latencies), as one pass once the window has overflowed (`LatencyHistogram.addEachTo`).
   */
  addEachWithTotal(total: LatencyHistogram, pairs: Float64Array, from: number, to: number): void {
    const i = this.addExact(pairs, from, to);
    total.addEach(pairs, from, i);
    const overflow = this.overflow;
    if (overflow !== null && i < to)
      this.addOverflowed(LatencyHistogram.addEachTo(total, overflow, pairs, i, to), i, to);
  }

  /** addRange(x0, dx, 1) for the pairs from `from` while the window is exact; returns the first pair left. */
  private addExact(pairs: Float64Array, from: number, to: number): number {
    let i = from;
    for (; i < to && this.overflow === null; i++)
      this.addRange(pairs[2 * i] as number, pairs[2 * i + 1] as number, 1);
    return i;
  }

  /**
   * addRange's count and maximum for pairs `from` … `to` − 1 once overflowed, given the highest value
   * its histogram took: addRange's top, max(0, x0, x0 + 0·dx), is that value when it exceeds the
   * maximum (which is never below 0).
   */
  private addOverflowed(top: number, from: number, to: number): void {
    this.count += to - from;
    if (top > this.max) this.max = top;
  }

  /** p-quantiles qa and qb (exact while the window is small). */
  quantiles(qa: number, qb: number): [number, number] {
    if (this.overflow !== null) return this.overflow.quantiles(qa, qb);
    if (this.used <= 1 || this.count === 0) return [this.quantile(qa), this.quantile(qb)];
    const r = ascending(this.runs, this.used);
    const e = r === 2 ? 0 : sortedEvents(r);
    return [selectKth(r, e, rank(qa, this.count)), selectKth(r, e, rank(qb, this.count))];
  }

  quantile(q: number): number {
    if (this.count === 0) return 0;
    if (this.overflow !== null) return this.overflow.quantile(q);
    const target = rank(q, this.count);
    if (this.used === 1) {
      // one arithmetic run (the steady state): its target-th smallest value directly
      const x0 = this.runs[0] as number;
      const dx = this.runs[1] as number;
      const n = this.runs[2] as number;
      const k = Math.min(n, target) - 1;
      return Math.max(0, dx >= 0 ? x0 + k * dx : x0 + (n - 1 - k) * dx);
    }
    return kthSmallest(this.runs, this.used, target);
  }

  /** The same state as `other` (see LatencyHistogram.sameAs). */
  sameAs(other: LatencyWindow): boolean {
    if (this.count !== other.count || this.max !== other.max || this.used !== other.used) return false;
    for (let i = 0; i < this.used * 3; i++) if (this.runs[i] !== other.runs[i]) return false;
    if (this.overflow === null || other.overflow === null) return this.overflow === other.overflow;
    return this.overflow.sameAs(other.overflow);
  }

  /** Becomes a copy of `other`. */
  copyFrom(other: LatencyWindow): void {
    this.runs.set(other.runs);
    this.used = other.used;
    this.count = other.count;
    this.max = other.max;
    if (other.overflow === null) this.overflow = null;
    else {
      this.overflow ??= new LatencyHistogram();
      this.overflow.copyFrom(other.overflow);
    }
  }

  reset(): void {
    this.used = 0;
    this.overflow = null;
    this.count = 0;
    this.max = 0;
  }
}
