/**
 * A scrubbable simulation: the engine only runs forwards, but it is deterministic (same scenario, same
 * seed, same result however it is stepped), so any earlier moment can be rebuilt by replaying from an
 * earlier state. The timeline keeps
 * - checkpoints: copies of the simulation taken on the way (the engine's own `fork()` if it has one,
 *   else a deep copy of its state, see fork.ts), so a replay starts from the nearest one, not from 0;
 * - a trail: (time, messages so far) pairs seen on the way, cheap to keep, used to start a Step back
 *   replay just before the message it must reach.
 *
 * Step and Step back move by one message: Step goes to the next arrival; Step back goes to the moment
 * just after the previous arrival (the state Step would have stopped at). This is the only place that
 * knows how to step by one message. The Timeline is itself a Simulation, so the host uses it in place
 * of the engine's.
 */
import type { Micros, SimSeries, SimSnapshot, Simulation, SnapshotOptions } from '../engine/sim/index.ts';
import { deepCopy } from './deep-copy.ts';

/** What an engine may offer beyond the contract: an independent deep copy of its state. */
export interface Forkable {
  fork(): Simulation;
}

/** What an engine may offer to step by exactly one message (feature-detected). */
interface MessageStepping {
  /** simulated µs of the first message arrival after now, or Infinity */
  nextArrivalAt(): Micros;
}

function hasNextArrival(sim: Simulation): sim is Simulation & MessageStepping {
  return typeof (sim as Partial<MessageStepping>).nextArrivalAt === 'function';
}

/** Messages arrived so far: the engine's cheap counter when it has one, else the snapshot's. */
function countOf(sim: Simulation): number {
  const cheap = (sim as { arrivals?: unknown }).arrivals;
  return typeof cheap === 'number' ? cheap : sim.snapshot().arrivals;
}

export function canFork(sim: Simulation): sim is Simulation & Forkable {
  return typeof (sim as Partial<Forkable>).fork === 'function';
}

export interface TimelineOptions {
  /** simulated µs between two checkpoints at least */
  readonly checkpointEveryUs?: number;
  /** and wall milliseconds between two checkpoints at least (copies cost a few ms each) */
  readonly checkpointWallMs?: number;
  /** checkpoints kept at most (older ones are thinned out) */
  readonly maxCheckpoints?: number;
  /** upper bound on engine events one Step or Step back may process */
  readonly maxEvents?: number;
  /** and on the wall milliseconds a Step searching event by event may take (needs `clock`) */
  readonly stepBudgetMs?: number;
  /** Step back narrows its replay start until at most this many messages lie before the target */
  readonly narrowTo?: number;
  /** how to copy a simulation for a checkpoint; default: its `fork()`, else a deep copy; null: none */
  readonly copy?: ((sim: Simulation) => Simulation) | null;
  /** wall clock in ms (the worker's performance.now); none: checkpoints by simulated time only */
  readonly clock?: () => number;
  /**
   * when the next message arrives after `nowUs` (the host's EngineApi.nextArrivalAfter), for engines
   * without their own `nextArrivalAt`; positions are then exact arrival times, as the host's Step uses
   */
  readonly nextArrivalAfter?: (nowUs: Micros) => Micros;
}

interface Mark {
  readonly t: Micros;
  readonly arrivals: number;
}

const MAX_TRAIL = 8192;

const defaultCopy = (sim: Simulation): Simulation => (canFork(sim) ? sim.fork() : deepCopy(sim));

export class Timeline implements Simulation {
  private cursor: Simulation;
  /** copies never advanced themselves: each restore copies them again */
  private checkpoints: { t: Micros; sim: Simulation }[] = [];
  private trail: Mark[] = [{ t: 0, arrivals: 0 }];
  private readonly every: Micros;
  private readonly wallMs: number;
  private readonly maxCheckpoints: number;
  private readonly maxEvents: number;
  private readonly stepBudgetMs: number;
  private readonly narrowTo: number;
  private copy: ((sim: Simulation) => Simulation) | null;
  private readonly clock: (() => number) | null;
  private lastCheckpointWall = -Infinity;
  private readonly nextArrivalAfter: ((nowUs: Micros) => Micros) | null;
  /** simulations built from scratch since creation, the first included (for tests and diagnostics) */
  builds = 0;

  constructor(
    private readonly create: () => Simulation,
    opts: TimelineOptions = {},
  ) {
    this.every = opts.checkpointEveryUs ?? 1_000_000;
    this.wallMs = opts.checkpointWallMs ?? 200;
    this.maxCheckpoints = opts.maxCheckpoints ?? 48;
    this.maxEvents = opts.maxEvents ?? 1_000_000;
    this.stepBudgetMs = opts.stepBudgetMs ?? Infinity;
    this.narrowTo = opts.narrowTo ?? 16;
    this.copy = opts.copy === undefined ? defaultCopy : opts.copy;
    this.clock = opts.clock ?? null;
    this.nextArrivalAfter = opts.nextArrivalAfter ?? null;
    this.cursor = this.build();
    this.takeCheckpoint(this.cursor);
  }

  // ───────────── the Simulation contract, delegated to the cursor ─────────────

  get now(): Micros {
    return this.cursor.now;
  }
  get done(): boolean {
    return this.cursor.done;
  }
  /** The cursor's snapshot; its message count is noted on the trail for free. */
  snapshot(options?: SnapshotOptions): SimSnapshot {
    const snap = this.cursor.snapshot(options);
    this.addMark({ t: this.cursor.now, arrivals: snap.arrivals });
    return snap;
  }
  series(): SimSeries {
    return this.cursor.series();
  }
  step(): boolean {
    return this.cursor.step();
  }

  /** Forwards to `t`, taking a checkpoint on the way when the last one is far enough behind. */
  runUntil(t: Micros): void {
    const sim = this.cursor;
    const last = this.checkpoints[this.checkpoints.length - 1]?.t ?? 0;
    const due = last + this.every;
    if (this.copy !== null && due <= t && due > sim.now && this.wallAllows()) {
      sim.runUntil(due);
      this.takeCheckpoint(sim);
    }
    sim.runUntil(t);
  }

  // ───────────── scrubbing ─────────────

  /** Moves to simulated time `t` (µs), backwards by replay from the nearest checkpoint. */
  seek(t: Micros): void {
    this.rewindTo(t);
    this.runUntil(Math.max(0, t));
  }

  /**
   * Goes back to the latest checkpoint not after `t` without running: the caller (the host) then
   * runs to `t` in slices of its own, so a long replay never blocks the worker.
   */
  rewindTo(t: Micros): void {
    if (t < this.cursor.now) this.cursor = this.restoreAtOrBefore(Math.max(0, t));
  }

  /** Messages arrived so far. */
  get arrivals(): number {
    return countOf(this.cursor);
  }

  /**
   * Forward by one message: to the next arrival time when the engine (or the host) can say when that
   * is (messages arriving in the same microsecond arrive together), otherwise engine events until the
   * number of arrivals changes, which may take a few messages at once when the engine handles
   * arrivals in bulk, within `maxEvents` and `stepBudgetMs`. False at the end.
   */
  stepMessage(): boolean {
    const sim = this.cursor;
    if (sim.done) return false;
    const next = this.nextArrivalOf(sim);
    const before = countOf(sim);
    if (next !== null) {
      // jump to the next arrival, a few tries in case a reported moment brings none
      for (let tries = 0; tries < 8 && !sim.done; tries++) {
        const at = next();
        if (!Number.isFinite(at) || at <= sim.now) break;
        sim.runUntil(at);
        if (countOf(sim) !== before) break;
      }
      // no message is coming (e.g. after a one-off burst): Step shows the next event instead
      if (countOf(sim) === before) sim.step();
    } else {
      const start = this.clock?.() ?? 0;
      for (let i = 0; i < this.maxEvents && sim.step(); i++) {
        if (countOf(sim) !== before) break;
        if (this.clock !== null && this.clock() - start > this.stepBudgetMs) break;
      }
    }
    this.mark(sim);
    return true;
  }

  /** When the next message arrives, if the engine (or the host) can tell. */
  private nextArrivalOf(sim: Simulation): (() => Micros) | null {
    if (hasNextArrival(sim)) return () => sim.nextArrivalAt();
    const after = this.nextArrivalAfter;
    return after === null ? null : () => after(sim.now);
  }

  /**
   * Back by one message: to the state just after the last message arrival that left fewer messages
   * than now (where Step would have stopped), or to time 0 when there is none. False at time 0.
   */
  stepBack(): boolean {
    const now = this.cursor.now;
    const a = countOf(this.cursor);
    if (now === 0 && a === 0) return false;
    const target = this.findMessageBefore(a, now);
    const sim = this.restoreAtOrBefore(target.from);
    sim.runUntil(target.from);
    for (let i = 0; i < target.events; i++) sim.step();
    this.cursor = sim;
    this.mark(sim);
    return true;
  }

  /**
   * Where the last arrival leaving fewer than `limit` messages is, as a replay recipe: run until
   * `from`, then step `events` engine events. Replays from a start found on the trail (narrowed by
   * bisection when many messages lie between), moving message by message and remembering the last
   * position below the limit.
   */
  private findMessageBefore(limit: number, before: Micros): { from: Micros; events: number } {
    for (;;) {
      let lo = this.latestMark((m) => m.arrivals < limit - 1 && m.t < before);
      let hi = before;
      while (limit - lo.arrivals > this.narrowTo && hi - lo.t > 1) {
        const mid = Math.floor((lo.t + hi) / 2);
        const probe = this.restoreAtOrBefore(mid);
        probe.runUntil(mid);
        const m = { t: mid, arrivals: countOf(probe) };
        this.addMark(m);
        if (m.arrivals < limit - 1) lo = m;
        else hi = mid;
      }
      const found = this.lastPositionBelow(lo, limit);
      if (found !== null) return found;
      // No message arrived between `lo` and the limit: the one we want is at or before `lo`.
      if (lo.arrivals === 0 || lo.t <= 0) return { from: 0, events: 0 };
      limit = lo.arrivals + 1;
      before = lo.t;
    }
  }

  /** From `lo`, the last message position whose count is below `limit`, or null if none. */
  private lastPositionBelow(lo: Mark, limit: number): { from: Micros; events: number } | null {
    const sim = this.restoreAtOrBefore(lo.t);
    sim.runUntil(lo.t);
    let n = countOf(sim);
    let found: { from: Micros; events: number } | null = null;
    const next = this.nextArrivalOf(sim);
    if (next !== null) {
      for (let i = 0; i < this.maxEvents; i++) {
        const at = next();
        if (!Number.isFinite(at) || at <= sim.now) break;
        sim.runUntil(at);
        const c = countOf(sim);
        if (c >= limit) break;
        if (c !== n) {
          found = { from: sim.now, events: 0 };
          this.addMark({ t: sim.now, arrivals: c });
        }
        n = c;
      }
      return found;
    }
    for (let events = 1; events <= this.maxEvents && sim.step(); events++) {
      const c = countOf(sim);
      if (c >= limit) break;
      if (c !== n) {
        found = { from: lo.t, events };
        this.addMark({ t: sim.now, arrivals: c });
      }
      n = c;
    }
    return found;
  }

  private latestMark(ok: (m: Mark) => boolean): Mark {
    for (let i = this.trail.length - 1; i >= 0; i--) {
      const m = this.trail[i] as Mark;
      if (ok(m)) return m;
    }
    return { t: 0, arrivals: 0 };
  }

  private mark(sim: Simulation): void {
    this.addMark({ t: sim.now, arrivals: countOf(sim) });
  }

  /** Keeps the trail sorted by time; when it grows too long, every other old mark goes. */
  private addMark(m: Mark): void {
    const trail = this.trail;
    let i = trail.length;
    while (i > 0 && (trail[i - 1] as Mark).t > m.t) i--;
    const prev = trail[i - 1];
    if (prev !== undefined && prev.t === m.t) return;
    trail.splice(i, 0, m);
    if (trail.length > MAX_TRAIL) this.trail = trail.filter((_, k) => k % 2 === 0 || k > trail.length - 256);
  }

  private wallAllows(): boolean {
    return this.clock === null || this.clock() - this.lastCheckpointWall >= this.wallMs;
  }

  private takeCheckpoint(sim: Simulation): void {
    if (this.copy === null) return;
    const t = sim.now;
    if (this.checkpoints.some((c) => c.t === t)) return;
    let copy: Simulation;
    try {
      copy = this.copy(sim);
    } catch {
      // a state that cannot be copied: replays start from scratch, nothing else changes
      this.copy = null;
      this.checkpoints = [];
      return;
    }
    if (this.clock !== null) this.lastCheckpointWall = this.clock();
    this.checkpoints.push({ t, sim: copy });
    this.checkpoints.sort((x, y) => x.t - y.t);
    if (this.checkpoints.length > this.maxCheckpoints) {
      // keep time 0 and the newest; drop every other one in between
      this.checkpoints = this.checkpoints.filter(
        (_, k, all) => k === 0 || k === all.length - 1 || k % 2 === 1,
      );
    }
  }

  private build(): Simulation {
    this.builds++;
    return this.create();
  }

  /** A simulation at the latest checkpoint not after `t` (a fresh copy), or a new one at 0. */
  private restoreAtOrBefore(t: Micros): Simulation {
    if (this.copy !== null) {
      for (let i = this.checkpoints.length - 1; i >= 0; i--) {
        const c = this.checkpoints[i];
        if (c !== undefined && c.t <= t) return this.copy(c.sim);
      }
    }
    return this.build();
  }

  /** Checkpoints held (for tests). */
  get checkpointTimes(): readonly Micros[] {
    return this.checkpoints.map((c) => c.t);
  }
}
