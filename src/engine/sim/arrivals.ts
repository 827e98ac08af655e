/**
 * The arrival process, shared by every strategy: which messages the producers offer, and when.
 *
 * Arrivals are cut into *segments*. Inside a segment the k-th arrival happens at
 * `first + k · spacing` (simulated microseconds, a real number; its event time is the next whole
 * microsecond). Segments end only at fixed points of the scenario (a producer ramp ends, producers
 * leave, a burst phase flips, the spike, a Poisson slot, the run's end), never where a caller happens
 * to stop, so the same scenario and seed give the same segments however the simulation is stepped.
 *
 * - constant, bursts, ramp, and producers connecting over time: a deterministic fluid process. The
 *   expected count Λ(t) = ∫ n(u)·r(u) du is integrated exactly (connected producers n and
 *   per-producer rate r are piecewise linear, or on/off for bursts); the c-th arrival happens when Λ
 *   reaches c. Where the rate changes continuously, segments are 10 ms long and arrivals inside one
 *   are evenly spaced (a modelling step: counts per segment stay exact).
 * - poisson: each 1 ms slot draws its count from Poisson(Λ(b) − Λ(a)) with the seeded generator;
 *   arrivals are spread evenly inside the slot (counts are exactly Poisson; timing within a slot is
 *   modelled).
 * - spike: the extra messages all arrive at the spike time, after the regular arrivals of that µs.
 *
 * Producers are served round-robin: arrival number c belongs to producer c mod P, and producers
 * 0..L−1 are the ones that disconnect (L = disconnectCount).
 */
import { RandomStream } from '../rng.ts';
import { changeEpochs } from '../scenario/changes.ts';
import type { Scenario } from '../scenario/schema.ts';

export interface Segment {
  /** position in the source's sequence; equal ids mean the same segment */
  readonly id: number;
  /** global index (0-based, over the whole run) of the segment's first arrival */
  readonly c0: number;
  readonly count: number;
  /** arrival time of the first message, µs (real) */
  readonly first: number;
  /** µs between two arrivals; 0 when they all arrive together */
  readonly spacing: number;
  /** arrivals made while the leaving producers were still connected */
  readonly mixed: boolean;
  /** producers the arrivals are dealt to, round-robin (the count at the segment's time; timed changes move it) */
  readonly producers?: number;
  /** the segment covers arrivals with times in (start, end] */
  readonly start: number;
  readonly end: number;
}

const SLOT_POISSON_US = 1000;
const SLOT_RAMP_US = 10_000;
export const STREAM_ARRIVALS = 1;
export const STREAM_SERVICE = 2;
/** uniforms reserved for one Poisson slot */
const DRAWS_PER_SLOT = 4096;

/**
 * The producers' count and rate from one time on: the scenario's, then one per time at which timed
 * changes (scenario `changes`) set `producers.count` or `producers.ratePerSec`.
 */
interface Epoch {
  /** µs from which these values hold */
  readonly at: number;
  readonly producers: number;
  /** per-producer rate, per µs (the start of the line for a ramp) */
  readonly rate: number;
  readonly rateEnd: number;
  /** Λ(at): expected regular arrivals before this epoch */
  base: number;
}

/** Static facts about the workload, shared by all strategies of a simulation. */
export class ArrivalPlan {
  /** producers at the start (each clones a Sender then); see `producersAt` for later */
  readonly producers: number;
  readonly leavers: number;
  readonly disconnectAt: number;
  readonly connectOver: number;
  readonly duration: number;
  readonly spikeAt: number;
  readonly spikeCount: number;
  private readonly process: Scenario['producers']['arrival'];
  private readonly burstOn: number;
  private readonly burstPeriod: number;
  private readonly epochs: Epoch[];
  readonly seed: number;

  constructor(s: Scenario) {
    const p = s.producers;
    this.seed = s.seed;
    this.duration = Math.max(1, Math.round(s.durationSeconds * 1e6));
    this.leavers = p.disconnectCount;
    this.disconnectAt = p.disconnectCount > 0 ? Math.round(p.disconnectAtMs * 1000) : Infinity;
    this.connectOver = Math.round(p.connectOverMs * 1000);
    this.process = p.arrival;
    this.burstOn = Math.round(p.burstOnMs * 1000);
    this.burstPeriod = this.burstOn + Math.round(p.burstOffMs * 1000);
    this.spikeAt = p.arrival === 'spike' ? Math.max(0, Math.round(p.spikeAtMs * 1000)) : Infinity;
    this.spikeCount = p.arrival === 'spike' ? p.spikeMessages : 0;
    const epochOf = (at: number, x: Scenario): Epoch => ({
      at,
      producers: x.producers.count,
      rate: x.producers.ratePerSec / 1e6,
      rateEnd: (p.arrival === 'ramp' ? x.producers.rampToPerSec : x.producers.ratePerSec) / 1e6,
      base: 0,
    });
    // A change that leaves the producers' count and rates as they were (consumers, a strategy, …) is
    // no epoch of the arrivals: cutting a segment there would move the arrivals before it by rounding.
    this.epochs = changeEpochs(s)
      .filter((e, i) => i === 0 || e.atUs < this.duration)
      .map((e) => epochOf(e.atUs, e.scenario))
      .filter(
        (e, i, all) =>
          i === 0 ||
          e.producers !== all[i - 1]?.producers ||
          e.rate !== all[i - 1]?.rate ||
          e.rateEnd !== all[i - 1]?.rateEnd,
      );
    this.producers = (this.epochs[0] as Epoch).producers;
    for (let k = 1; k < this.epochs.length; k++) {
      const prev = this.epochs[k - 1] as Epoch;
      const e = this.epochs[k] as Epoch;
      e.base = prev.base + this.integrate(prev.at, e.at, prev);
    }
  }

  get poisson(): boolean {
    return this.process === 'poisson';
  }

  /** The epoch in force at time t (the last one starting at or before t). */
  private epochAt(t: number): Epoch {
    const epochs = this.epochs;
    let k = epochs.length - 1;
    while (k > 0 && (epochs[k] as Epoch).at > t) k--;
    return epochs[k] as Epoch;
  }

  /** producers (connected or not yet) at time t, after the timed changes up to t */
  producersAt(t: number): number {
    return this.epochAt(t).producers;
  }

  /** the first time after t at which a timed change moves the producers' count or rate (Infinity if none) */
  nextChangeAfter(t: number): number {
    for (const e of this.epochs) if (e.at > t) return e.at;
    return Infinity;
  }

  /** producers connected at time t (fluid while they connect) */
  connected(t: number): number {
    return this.connectedIn(t, this.epochAt(t));
  }

  private connectedIn(t: number, e: Epoch): number {
    const producers = e.producers;
    const joined = this.connectOver > 0 ? Math.min(1, t / this.connectOver) * producers : producers;
    return Math.max(0, joined - (t >= this.disconnectAt ? this.leavers : 0));
  }

  /** whole producers connected at t */
  connectedCount(t: number): number {
    return Math.floor(this.connected(t) + 1e-9);
  }

  /** the rate is not constant on a stretch: cut it into short segments */
  private varying(t: number): boolean {
    const e = this.epochAt(t);
    return (this.connectOver > 0 && t < this.connectOver) || (e.rateEnd !== e.rate && t < this.duration);
  }

  /** Λ(t): expected regular arrivals (spike excluded) in [0, t]. */
  expected(t: number): number {
    if (t <= 0) return 0;
    const e = this.epochAt(t);
    return e.base + this.integrate(e.at, t, e);
  }

  /** Λ(t) had the values in force at `from` held on to t (no timed change after `from`). */
  expectedKeeping(from: number, t: number): number {
    if (t <= 0) return 0;
    const e = this.epochAt(from);
    return e.base + this.integrate(e.at, t, e);
  }

  /** ∫_a^t n(u)·r(u) du with the values of epoch e, cut where n changes slope or jumps. */
  private integrate(a: number, t: number, e: Epoch): number {
    const cuts = [a];
    if (this.connectOver > a && this.connectOver < t) cuts.push(this.connectOver);
    if (this.disconnectAt >= a && this.disconnectAt < t) cuts.push(this.disconnectAt);
    // Leaving before everybody has connected: nobody is left until the (L+1)-th producer connects.
    const refill = this.connectOver > 0 ? (this.leavers / e.producers) * this.connectOver : 0;
    if (this.disconnectAt < refill && refill > a && refill < t) cuts.push(refill);
    cuts.sort((x, y) => x - y);
    cuts.push(t);
    let sum = 0;
    for (let i = 0; i + 1 < cuts.length; i++) sum += this.piece(cuts[i] as number, cuts[i + 1] as number, e);
    return sum;
  }

  /** ∫_a^b n(u)·r(u) du on a piece where n is linear. */
  private piece(a: number, b: number, e: Epoch): number {
    if (b <= a) return 0;
    // n is linear between two cuts: n(a + v) = alpha + beta·v (a piece starting at the disconnect
    // takes the value just after it)
    const alpha = this.connectedIn(a, e);
    const beta = (this.connectedIn(b - 1e-9 * (b - a), e) - alpha) / (b - a - 1e-9 * (b - a));
    const w = b - a;
    if (this.process === 'bursts' && this.burstPeriod > 0) {
      const m0 = onMeasure(b, this.burstOn, this.burstPeriod) - onMeasure(a, this.burstOn, this.burstPeriod);
      const m1 = onMoment(b, this.burstOn, this.burstPeriod) - onMoment(a, this.burstOn, this.burstPeriod);
      // ∫ (alpha + beta·(u − a))·on(u) du
      return e.rate * (alpha * m0 + beta * (m1 - a * m0));
    }
    const slope = this.duration > 0 ? (e.rateEnd - e.rate) / this.duration : 0;
    const r0 = e.rate + slope * a; // r(a + v) = r0 + slope·v
    return alpha * r0 * w + ((alpha * slope + beta * r0) * w * w) / 2 + (beta * slope * w * w * w) / 3;
  }

  /**
   * The first segment boundary after `a` (regular arrivals only). `withChanges: false` ignores the
   * timed changes: where the segment would have ended had nothing changed (see `pushRegular`).
   */
  nextBoundary(a: number, withChanges = true): number {
    let b = this.duration;
    if (this.connectOver > a) b = Math.min(b, this.connectOver);
    if (this.disconnectAt > a) b = Math.min(b, this.disconnectAt);
    if (this.spikeAt >= a + 1) b = Math.min(b, this.spikeAt);
    if (withChanges) b = Math.min(b, this.nextChangeAfter(a));
    if (this.process === 'bursts' && this.burstPeriod > 0 && this.burstOn > 0) {
      const k = Math.floor(a / this.burstPeriod);
      const onEnd = k * this.burstPeriod + this.burstOn;
      b = Math.min(b, onEnd > a ? onEnd : (k + 1) * this.burstPeriod);
    }
    const slot = this.poisson ? SLOT_POISSON_US : this.varying(a) ? SLOT_RAMP_US : 0;
    if (slot > 0) b = Math.min(b, (Math.floor(a / slot) + 1) * slot);
    return b > a ? b : this.duration > a ? this.duration : a + 1;
  }
}

/** ∫_0^t on(u) du for a square wave on during [kP, kP + on). */
function onMeasure(t: number, on: number, period: number): number {
  const k = Math.floor(t / period);
  return k * on + Math.min(t - k * period, on);
}

/** ∫_0^t u·on(u) du. */
function onMoment(t: number, on: number, period: number): number {
  const k = Math.floor(t / period);
  const m = Math.min(t - k * period, on);
  return on * period * ((k * (k - 1)) / 2) + (k * on * on) / 2 + m * k * period + (m * m) / 2;
}

/** What takes the arrivals from `ArrivalSource.forEach`. */
export interface ArrivalSink {
  arrive(seg: Segment, i0: number, n: number, t: number): void;
}

/** One strategy's reader of the arrival process: segments are generated once, in order. */
export class ArrivalSource {
  private readonly segments: Segment[] = [];
  private head = 0;
  /** time up to which segments exist */
  private covered = -1;
  private nextId = 0;
  /** regular arrivals generated so far (Poisson) */
  private regular = 0;
  private spikeDone = false;
  private readonly rng: RandomStream;

  constructor(readonly plan: ArrivalPlan) {
    this.rng = new RandomStream(plan.seed, STREAM_ARRIVALS);
  }

  /** Arrivals with times in (t0, t1], in order, handed to `sink.arrive` as (segment, first index, count, t1) pieces. */
  forEach(t0: number, t1: number, sink: ArrivalSink): void {
    this.ensure(t1);
    this.drop(t0);
    for (let s = this.head; s < this.segments.length; s++) {
      const seg = this.segments[s] as Segment;
      if (seg.start >= t1 && !(seg.spacing === 0 && seg.first <= t1)) break;
      const i0 = upTo(seg, t0);
      const i1 = upTo(seg, t1);
      if (i1 > i0) sink.arrive(seg, i0, i1 - i0, t1);
    }
  }

  /** Event time (whole µs) of the first arrival after t0, looking no further than `limit`. */
  nextArrival(t0: number, limit: number): number {
    for (let horizon = t0; horizon < limit;) {
      const step = Math.min(limit, Math.max(horizon + SLOT_POISSON_US, this.covered, t0 + 1));
      this.ensure(step);
      this.drop(t0);
      for (let s = this.head; s < this.segments.length; s++) {
        const seg = this.segments[s] as Segment;
        const i = upTo(seg, t0);
        if (i < seg.count) {
          const at = Math.ceil(seg.first + i * seg.spacing);
          return at > t0 ? at : t0 + 1;
        }
      }
      if (this.covered >= this.plan.duration) return Infinity;
      horizon = step;
    }
    return Infinity;
  }

  /**
   * The first segment with an arrival after t0 (segments are generated a Poisson slot ahead), or
   * null when none is generated yet. For t0 ≤ t < its `end`, the arrivals in (t0, t] are that
   * segment's alone: the segments before it have none left after t0, and the ones after it start
   * at its end or later (a spike sits at a boundary, after the segment that ends there). keepup.ts
   * counts arrivals with it instead of `forEach`.
   */
  frontAfter(t0: number): Segment | null {
    this.ensure(Math.min(this.plan.duration, t0 + SLOT_POISSON_US));
    this.drop(t0);
    for (let s = this.head; s < this.segments.length; s++) {
      const seg = this.segments[s] as Segment;
      if (upTo(seg, t0) < seg.count) return seg;
    }
    return null;
  }

  private drop(t0: number): void {
    while (this.head < this.segments.length) {
      const seg = this.segments[this.head] as Segment;
      if (seg.end > t0 || upTo(seg, t0) < seg.count) break;
      this.head++;
    }
    if (this.head > 256) {
      this.segments.splice(0, this.head);
      this.head = 0;
    }
  }

  private ensure(t: number): void {
    const plan = this.plan;
    while (this.covered < t && this.covered < plan.duration) {
      const a = Math.max(0, this.covered);
      if (!this.spikeDone && plan.spikeAt <= a) this.pushSpike();
      const b = Math.min(plan.nextBoundary(a), plan.duration);
      this.pushRegular(a, b);
      this.covered = b;
      if (!this.spikeDone && plan.spikeAt <= b) this.pushSpike();
    }
  }

  private pushSpike(): void {
    this.spikeDone = true;
    const plan = this.plan;
    if (plan.spikeCount <= 0 || plan.spikeAt > plan.duration) return;
    const at = plan.spikeAt;
    this.segments.push({
      id: this.nextId++,
      c0: this.regularBefore(at),
      count: plan.spikeCount,
      first: at,
      spacing: 0,
      mixed: plan.leavers > 0 && at < plan.disconnectAt,
      producers: plan.producersAt(at),
      start: at - 1,
      end: at,
    });
    this.regularOffset = plan.spikeCount;
  }

  /** spike messages come before every later regular arrival in the global numbering */
  private regularOffset = 0;

  private regularBefore(t: number): number {
    return this.plan.poisson ? this.regular : whole(this.plan.expected(t));
  }

  private pushRegular(a: number, b: number): void {
    const plan = this.plan;
    const la = plan.expected(a);
    const lb = plan.expected(b);
    let count: number;
    let first: number;
    let spacing: number;
    let c0: number;
    if (plan.poisson) {
      count = this.rng.at(Math.floor(a / SLOT_POISSON_US) * DRAWS_PER_SLOT).poisson(lb - la);
      c0 = this.regular;
      this.regular += count;
      spacing = count > 0 ? (b - a) / count : 0;
      first = a + spacing / 2;
    } else {
      const fa = whole(la);
      count = whole(lb) - fa;
      c0 = fa;
      // The positions come from the segment as it would be without timed changes, [a, bn): a change
      // at b only cuts it short. Spreading the arrivals over [a, b) instead would round them
      // differently, and an arrival on a whole µs could move by one: the run before a live change
      // would then differ from the run without it (the live-knobs promise).
      const bn = Math.min(plan.nextBoundary(a, false), plan.duration);
      const lbn = bn === b ? lb : plan.expectedKeeping(a, bn);
      const all = whole(lbn) - fa;
      const lambda = (lbn - la) / (bn - a);
      // the c-th arrival when Λ reaches c, kept inside (a, bn] against rounding
      const last = lambda > 0 ? Math.min(bn, a + (fa + all - la) / lambda) : bn;
      first = lambda > 0 ? Math.min(last, a + (fa + 1 - la) / lambda) : bn;
      spacing = all > 1 ? (last - first) / (all - 1) : 0;
    }
    if (count <= 0) return;
    if (spacing === 0 && count > 1) first = b;
    this.segments.push({
      id: this.nextId++,
      c0: c0 + this.regularOffset,
      count,
      first,
      spacing,
      mixed: plan.leavers > 0 && a < plan.disconnectAt,
      producers: plan.producersAt(a),
      start: a,
      end: b,
    });
  }
}

/**
 * The whole arrivals in an expected count: floor, forgiving the rounding of Λ (100 msg/s is not exact
 * in binary, and Λ(10 s) must still be 1,000, not 999.9999999).
 */
function whole(x: number): number {
  return Math.floor(x + 1e-9 * (1 + Math.abs(x)));
}

/** Arrivals of `seg` with time ≤ t. */
export function upTo(seg: Segment, t: number): number {
  if (t < seg.first) return 0;
  if (seg.spacing === 0) return seg.count;
  return Math.min(seg.count, Math.floor((t - seg.first) / seg.spacing) + 1);
}

/** Arrival time of message i of `seg`. */
export function timeOf(seg: Segment, i: number): number {
  return seg.first + i * seg.spacing;
}
