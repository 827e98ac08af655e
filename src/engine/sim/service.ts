/**
 * How long consumers take. A batch of k messages (one recv_many) takes the sum of k service times.
 * Draws come from the seeded generator keyed by the ordinal of the message (the n-th message any
 * strategy receives gets the same draw), so strategies differ only by what they do, not by luck.
 *
 * fixed: k·mean, exact. exponential: k ≤ 16 sums k draws; beyond, one Gamma(k, mean) draw (the exact
 * distribution of the sum). log-normal: k ≤ 16 sums k draws; beyond, the sum is drawn from the normal
 * with the same mean and variance (central limit; modelled). Results are whole microseconds.
 */
import { RandomStream } from '../rng.ts';
import type { Scenario } from '../scenario/schema.ts';
import { STREAM_SERVICE } from './arrivals.ts';

const SUM_DRAWS = 16;
const BLOCK = 256;

export class ServiceTimes {
  /** µs; a timed change of `consumers.serviceUs` moves it (`setMean`) */
  mean: number;
  private readonly sigma: number;
  private readonly kind: Scenario['consumers']['service'];
  private readonly each: RandomStream;
  private readonly sums: RandomStream;

  constructor(s: Scenario) {
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

  // Single-message durations drawn BLOCK at a time (a consumer that keeps up asks for them in order).
  private readonly block = new Float64Array(BLOCK);
  private blockStart = -1;

  /**
   * `duration(ordinal, 1)`, the same number: the block holds exactly what `duration` computes for
   * each ordinal (the draws are a pure function of the ordinal), so where it comes from cannot show.
   */
  single(ordinal: number): number {
    const i = ordinal - this.blockStart;
    if (this.blockStart >= 0 && i >= 0 && i < BLOCK) return this.block[i] as number;
    const start = ordinal - (ordinal % BLOCK);
    for (let j = 0; j < BLOCK; j++) this.block[j] = this.duration(start + j, 1);
    this.blockStart = start;
    return this.block[ordinal - start] as number;
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
