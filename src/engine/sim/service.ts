/**
 * How long consumers take. A batch of k messages (one recv_many) takes the sum of k service times.
 * Draws come from the seeded generator keyed by the ordinal of the message (the n-th message any
 * strategy receives gets the same draw), so strategies differ only by what they do, not by luck.
 *
 * fixed: k·mean, exact. exponential: k ≤ 16 sums k draws; beyond, one Gamma(k, mean) draw (the exact
 * distribution of the sum). log-normal: k ≤ 16 sums k draws; beyond, the sum is drawn from the normal
 * with the same mean and variance (central limit; modelled). Results are whole microseconds.
 *
 * Single-message durations are drawn a block at a time into a `ServiceDraws` memo that the
 * simulation's lanes share: every lane asks for the same ordinals, and the draw (a hash and a
 * logarithm, or for an exponential of small mean a few comparisons, rng.ts `roundedExponential`) is
 * a good part of what a message costs a lane that keeps up. The engine moves the lanes
 * through the run a stretch at a time, one after the other, so the lanes behind find the blocks the
 * first one drew (engine.ts, `moveAll`).
 */
import { RandomStream } from '../rng.ts';
import type { Scenario } from '../scenario/schema.ts';
import { STREAM_SERVICE } from './arrivals.ts';
import { markShared } from './series.ts';

const SUM_DRAWS = 16;
const BLOCK = 256;
/** blocks a memo holds: 512 × 256 durations, 1 MB (the engine's stretches take at most about half) */
const SLOTS = 512;
/** durations a memo holds; the engine sizes its stretches by it */
export const MEMO_DURATIONS = SLOTS * BLOCK;
/** ordinals per memo block: `ServiceTimes.blockOffset`'s reads stay inside one */
export const DRAW_BLOCK = BLOCK;

/**
 * Single-message durations by ordinal, shared by the lanes of one simulation (and its copies: a
 * timeline checkpoint may share the arrays, `markShared`). An entry is a pure function of its key
 * (the block's first ordinal and the mean in force; seed, distribution and σ are the simulation's),
 * and a slot is trusted only when both tags match, so what a lane reads from it is exactly what it
 * would have drawn itself; a slot another lane has since filled with another block is drawn again.
 */
export class ServiceDraws {
  readonly values = new Float64Array(SLOTS * BLOCK);
  /** first ordinal of the block in each slot (−1: empty) */
  readonly starts = new Float64Array(SLOTS).fill(-1);
  /** the mean the slot's block was drawn with */
  readonly means = new Float64Array(SLOTS);

  constructor() {
    markShared(this.values);
    markShared(this.starts);
    markShared(this.means);
  }
}

export class ServiceTimes {
  /** µs; a timed change of `consumers.serviceUs` moves it (`setMean`) */
  mean: number;
  private readonly sigma: number;
  private readonly kind: Scenario['consumers']['service'];
  private readonly each: RandomStream;
  private readonly sums: RandomStream;

  /** `draws`: the memo the simulation's lanes share (a lane of its own when absent) */
  constructor(
    s: Scenario,
    private readonly draws: ServiceDraws = new ServiceDraws(),
  ) {
    this.mean = s.consumers.serviceUs;
    this.sigma = s.consumers.serviceSigma;
    this.kind = s.consumers.service;
    this.each = new RandomStream(s.seed, STREAM_SERVICE);
    this.sums = new RandomStream(s.seed, STREAM_SERVICE + 1);
  }

  setMean(us: number): void {
    this.mean = us;
    this.blockStart = -1;
  }

  // The memo's block that the last `single` read, and where it sits in the memo's values.
  private blockStart = -1;
  private blockSlot = 0;

  /**
   * `duration(ordinal, 1)`, the same number: the memo holds exactly what `duration` computes for
   * each ordinal (the draws are a pure function of the ordinal and the mean), so where it comes
   * from cannot show.
   */
  single(ordinal: number): number {
    const draws = this.draws;
    const slot = this.blockSlot;
    const i = ordinal - this.blockStart;
    // the block read last, unless another lane has filled its slot with another block since
    if (i >= 0 && i < BLOCK && draws.starts[slot] === this.blockStart && draws.means[slot] === this.mean) {
      return draws.values[slot * BLOCK + i] as number;
    }
    return this.load(ordinal);
  }

  /**
   * Where `single` reads the ordinals of `ordinal`'s block (drawing it first if the memo lacks it):
   * `values[offset + j]` is `single(j)` for j from `ordinal` to the block's last, `blockEnd(ordinal)`
   * − 1, for as long as no other lane fills the slot and the mean stays (keepup.ts's stretch reads a
   * lane's draws this way between two decisions of the engine: nothing else runs meanwhile).
   */
  blockOffset(ordinal: number): number {
    this.single(ordinal);
    return this.blockSlot * BLOCK - this.blockStart;
  }

  /** The memo's draws (see `blockOffset`). */
  get values(): Float64Array {
    return this.draws.values;
  }

  /** Finds (or draws) the memo's block holding `ordinal` and reads the ordinal from it. */
  private load(ordinal: number): number {
    const draws = this.draws;
    const start = ordinal - (ordinal % BLOCK);
    const slot = (start / BLOCK) % SLOTS;
    if (draws.starts[slot] !== start || draws.means[slot] !== this.mean) {
      const base = slot * BLOCK;
      if (this.kind === 'exponential' && this.mean !== 0) {
        // duration(start + j, 1) for each j, in one loop (RandomStream.roundedExponentials)
        this.each.roundedExponentials(draws.values, base, BLOCK, start * 8, 8, this.mean);
      } else for (let j = 0; j < BLOCK; j++) draws.values[base + j] = this.duration(start + j, 1);
      draws.starts[slot] = start;
      draws.means[slot] = this.mean;
    }
    this.blockStart = start;
    this.blockSlot = slot;
    return draws.values[slot * BLOCK + (ordinal - start)] as number;
  }

  /** every message takes exactly `mean` µs */
  get fixed(): boolean {
    return this.kind === 'fixed';
  }

  /** every message takes no time at all */
  get instant(): boolean {
    return this.mean === 0;
  }

  /** Whole µs to handle messages ordinal … ordinal + k − 1. */
  duration(ordinal: number, k: number): number {
    if (k <= 0 || this.mean === 0) return 0;
    if (this.kind === 'fixed') return Math.round(k * this.mean);
    if (k <= SUM_DRAWS) {
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const r = this.each.at((ordinal + j) * 8);
        sum += this.kind === 'exponential' ? r.exponential(this.mean) : r.logNormal(this.mean, this.sigma);
      }
      return Math.round(sum);
    }
    const r = this.sums.at(ordinal * 64);
    if (this.kind === 'exponential') return Math.round(r.gamma(k, this.mean));
    const variance = this.mean * this.mean * (Math.exp(this.sigma * this.sigma) - 1);
    return Math.max(0, Math.round(k * this.mean + Math.sqrt(k * variance) * r.normal()));
  }
}
