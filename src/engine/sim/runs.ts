/**
 * Messages held somewhere (in the channel, parked in senders, waiting upstream) as *runs*: a run is a
 * stretch of consecutive arrivals of one segment, so a billion identical pending messages are one
 * small object. Runs merge when they continue each other, which keeps the representation the same
 * however the simulation was stepped.
 */
import { timeOf, type Segment } from './arrivals.ts';

/** When a parked sender started waiting: at its message's arrival, or at a given time. */
export const AT_ARRIVAL = -1;

export interface Run {
  seg: Segment;
  i0: number;
  n: number;
  /** AT_ARRIVAL, or the µs all messages of the run started to wait (parked senders) */
  wait: number;
}

/** Whole-run time of message j of `run` (its arrival). */
export function arrivalOf(run: Run, j: number): number {
  return timeOf(run.seg, run.i0 + j);
}

export function waitStartOf(run: Run, j: number): number {
  return run.wait === AT_ARRIVAL ? arrivalOf(run, j) : run.wait;
}

/**
 * Messages of producers 0..L−1 (the leaving ones) among arrivals c0+i0 … c0+i0+n−1, round-robin over
 * P (the segment's own count when timed changes moved it, else `producers`).
 */
export function leaversIn(seg: Segment, i0: number, n: number, base: number, leavers: number): number {
  const producers = seg.producers ?? base;
  if (!seg.mixed || leavers <= 0 || producers <= 0) return 0;
  if (leavers >= producers) return n;
  const c = seg.c0 + i0;
  return leaversBefore(c + n, producers, leavers) - leaversBefore(c, producers, leavers);
}

/** Messages of producers 0..L−1 among arrivals 0 … c−1. */
function leaversBefore(c: number, producers: number, leavers: number): number {
  return Math.floor(c / producers) * leavers + Math.min(c % producers, leavers);
}

let syntheticId = -1;

/** A segment standing for messages that are no longer consecutive arrivals (after a split or a merge). */
export function syntheticSegment(
  first: number,
  last: number,
  count: number,
  c0: number,
  mixed: boolean,
): Segment {
  return {
    id: syntheticId--,
    c0,
    count,
    first,
    spacing: count > 1 ? (last - first) / (count - 1) : 0,
    mixed,
    start: first - 1,
    end: last,
  };
}

/** Beyond this many runs the oldest neighbours are merged (approximating their arrival times). */
const MAX_RUNS = 4096;

export class RunQueue {
  private runs: Run[] = [];
  private head = 0;
  total = 0;
  /**
   * A run `shiftOne` emptied, reused by the next `push` that needs a new one: a keep-up queue
   * empties and refills every few messages, and those run objects were most of its garbage. Only
   * `shiftOne` gives one here: its callers keep no reference to the run (unlike `takeInto`'s).
   */
  private spare: Run | null = null;

  get length(): number {
    return this.runs.length - this.head;
  }

  front(): Run | undefined {
    return this.runs[this.head];
  }

  /** The i-th run from the front (read only), or undefined. */
  runAt(i: number): Run | undefined {
    return this.runs[this.head + i];
  }

  push(seg: Segment, i0: number, n: number, wait = AT_ARRIVAL): void {
    if (n <= 0) return;
    this.total += n;
    const last = this.runs[this.runs.length - 1];
    if (
      last !== undefined &&
      this.runs.length > this.head &&
      last.seg.id === seg.id &&
      last.i0 + last.n === i0 &&
      last.wait === wait
    ) {
      last.n += n;
      return;
    }
    const spare = this.spare;
    if (spare === null) this.runs.push({ seg, i0, n, wait });
    else {
      this.spare = null;
      spare.seg = seg;
      spare.i0 = i0;
      spare.n = n;
      spare.wait = wait;
      this.runs.push(spare);
    }
  }

  /** Puts messages back at the front (they were taken and could not be placed). */
  unshift(seg: Segment, i0: number, n: number, wait = AT_ARRIVAL): void {
    if (n <= 0) return;
    this.total += n;
    const first = this.runs[this.head];
    if (first !== undefined && first.seg.id === seg.id && i0 + n === first.i0 && first.wait === wait) {
      first.i0 = i0;
      first.n += n;
      return;
    }
    if (this.head > 0) this.runs[--this.head] = { seg, i0, n, wait };
    else this.runs.unshift({ seg, i0, n, wait });
  }

  /** Removes the first `m` messages (at most `total`); returns how many. */
  take(m: number): number {
    let left = Math.min(m, this.total);
    const taken = left;
    while (left > 0) left -= this.cutFront(left).n;
    this.dropTaken(taken);
    return taken;
  }

  /**
   * Removes the first `m` messages (at most `total`) and appends them to `into` as runs, oldest
   * first. The runs are no longer referenced by the queue: callers may keep them.
   */
  takeInto(m: number, into: Run[]): number {
    let left = Math.min(m, this.total);
    const taken = left;
    while (left > 0) {
      const run = this.cutFront(left);
      into.push(run);
      left -= run.n;
    }
    this.dropTaken(taken);
    return taken;
  }

  /**
   * Removes the first message (the queue must not be empty): `takeInto(1, …)` for a caller that has
   * read it from `front()` and keeps no run object (keepup.ts receives message by message).
   */
  shiftOne(): void {
    const run = this.runs[this.head] as Run;
    if (run.n <= 1) {
      // (its slot below the head is never read again)
      this.head++;
      this.spare = run;
    } else {
      run.i0 += 1;
      run.n -= 1;
    }
    this.dropTaken(1);
  }

  /**
   * Holds messages i0 … i0 + n − 1 of `seg` only, waiting since their arrival: what pushing them into
   * an empty queue leaves (keepup.ts's stretch keeps such a queue as a range meanwhile).
   */
  setRange(seg: Segment, i0: number, n: number): void {
    const run = this.runs[this.head];
    if (this.length === 1 && n > 0) {
      const only = run as Run;
      only.seg = seg;
      only.i0 = i0;
      only.n = n;
      only.wait = AT_ARRIVAL;
      this.total = n;
      return;
    }
    if (this.length > 0) this.take(this.total);
    this.push(seg, i0, n);
  }

  /** Moves the first `m` messages (at most `total`) to the back of `dest`, tagged `wait` there. */
  moveTo(dest: RunQueue, m: number, wait = AT_ARRIVAL): number {
    let left = Math.min(m, this.total);
    const moved = left;
    while (left > 0) {
      const run = this.cutFront(left);
      dest.push(run.seg, run.i0, run.n, wait);
      left -= run.n;
    }
    this.dropTaken(moved);
    return moved;
  }

  /** The front run when it has at most `max` messages (it leaves the queue), else its first `max` cut off. */
  private cutFront(max: number): Run {
    const run = this.runs[this.head] as Run;
    if (run.n <= max) {
      this.head++;
      return run;
    }
    const piece = { seg: run.seg, i0: run.i0, n: max, wait: run.wait };
    run.i0 += max;
    run.n -= max;
    return piece;
  }

  /** Counts `taken` messages out and forgets the runs taken, now and then. */
  private dropTaken(taken: number): void {
    this.total -= taken;
    if (this.head > 1024 && this.head * 2 > this.runs.length) {
      // moved down in place (a new array each time was garbage at every thousandth message)
      const runs = this.runs;
      runs.copyWithin(0, this.head);
      runs.length -= this.head;
      this.head = 0;
    }
  }

  /** Holds the same runs as `other` (segment ids, positions, waits), in the same order. */
  sameAs(other: RunQueue): boolean {
    if (this.total !== other.total || this.length !== other.length) return false;
    for (let i = 0; i < this.length; i++) {
      const a = this.runs[this.head + i] as Run;
      const b = other.runs[other.head + i] as Run;
      if (a.seg.id !== b.seg.id || a.i0 !== b.i0 || a.n !== b.n || a.wait !== b.wait) return false;
    }
    return true;
  }

  /** Becomes a copy of `other`'s runs (new run objects; the segments, which never change, are shared). */
  copyFrom(other: RunQueue): void {
    const runs: Run[] = [];
    for (let i = other.head; i < other.runs.length; i++) {
      const r = other.runs[i] as Run;
      runs.push({ seg: r.seg, i0: r.i0, n: r.n, wait: r.wait });
    }
    this.runs = runs;
    this.head = 0;
    this.total = other.total;
  }

  forEach(fn: (run: Run) => void): void {
    for (let i = this.head; i < this.runs.length; i++) fn(this.runs[i] as Run);
  }

  /** Removes the messages of leaving producers; returns how many went. */
  removeLeavers(producers: number, leavers: number): number {
    let removed = 0;
    const kept: Run[] = [];
    for (let i = this.head; i < this.runs.length; i++) {
      const run = this.runs[i] as Run;
      const gone = leaversIn(run.seg, run.i0, run.n, producers, leavers);
      if (gone === 0) kept.push(run);
      else {
        removed += gone;
        const stay = run.n - gone;
        if (stay > 0) {
          const seg = syntheticSegment(arrivalOf(run, 0), arrivalOf(run, run.n - 1), stay, run.seg.c0, false);
          kept.push({ seg, i0: 0, n: stay, wait: run.wait });
        }
      }
    }
    this.runs = kept;
    this.head = 0;
    this.total -= removed;
    return removed;
  }

  /** Bounds the number of runs: merges neighbours pairwise from the oldest (arrival times become even). */
  compact(): void {
    if (this.length <= MAX_RUNS) return;
    const merged: Run[] = [];
    for (let i = this.head; i < this.runs.length; i += 2) {
      const a = this.runs[i] as Run;
      const b = this.runs[i + 1];
      if (b === undefined || a.seg.mixed !== b.seg.mixed || a.wait !== b.wait) {
        merged.push(a);
        if (b !== undefined) merged.push(b);
        continue;
      }
      const n = a.n + b.n;
      const seg = syntheticSegment(arrivalOf(a, 0), arrivalOf(b, b.n - 1), n, a.seg.c0 + a.i0, a.seg.mixed);
      merged.push({ seg, i0: 0, n, wait: a.wait });
    }
    this.runs = merged;
    this.head = 0;
  }
}
