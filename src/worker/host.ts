/**
 * The simulation host: owns one engine Simulation, turns UI commands into engine calls, decides how
 * much simulated time passes per tick, and posts frames. It knows nothing about `self`: the worker
 * entry (sim.worker.ts) gives it `post` and a clock, and tests call `handle` directly.
 */
import type { SimSnapshot, Simulation } from '../engine/sim/index.ts';
import { encodeFrame, encodeSeries } from './frame.ts';
import { Timeline } from './timeline.ts';
import {
  MAX_FRAMES_IN_FLIGHT,
  PROTOCOL_VERSION,
  SERIES_INTERVAL_MS,
  frameTransferables,
  type FromWorker,
  type ParamChanges,
  type SimMeta,
  type StepUnit,
  type ToWorker,
} from './protocol.ts';

/** The engine as the host needs it; `engine-api.ts` adapts the real engine, tests pass fakes. */
export interface EngineApi<S> {
  /** validates a scenario from the UI (which is never trusted) */
  parse(json: unknown): { ok: true; scenario: S } | { ok: false; message: string; field: string | null };
  /** the scenario with control changes applied, unvalidated (parse checks it) */
  applyChanges(scenario: S, changes: ParamChanges): unknown;
  /**
   * Control changes made during a run at `atMs`, as the scenario with timed changes from then on (see
   * params.ts `timedChanges`); null when a moved field cannot change during a run.
   */
  timedChanges?(
    scenario: S,
    changes: ParamChanges,
    atMs: number,
    mergeAtMs: number | null,
  ): { scenario: unknown; atMs: number } | null;
  create(scenario: S): Simulation;
  meta(scenario: S, first: SimSnapshot): SimMeta;
  /** simulated µs of the first message arrival after `nowUs`, or Infinity (for an exact Step) */
  nextArrivalAfter?(scenario: S, nowUs: number): number;
}

export interface HostClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type Post<S> = (msg: FromWorker<S>, transfer: Transferable[]) => void;

/** Wall milliseconds of engine work per tick, so the worker keeps answering commands. */
const TICK_BUDGET_MS = 10;
const TICK_INTERVAL_MS = 16;
/** While playing, frames go out at most this often: 30 a second is smooth for data, and halves the page's work. */
const PLAYING_FRAME_INTERVAL_MS = 33;
/**
 * Chart series while playing come every PERIODIC_SERIES_MS. A user's change is shown sooner: at least
 * URGENT_GAP_MS after the previous series, and at most one such early series per SERIES_INTERVAL_MS × 2.
 * Together that is never more than 10 series in any second (a periodic and an early one per 200 ms).
 */
const PERIODIC_SERIES_MS = 150;
const URGENT_GAP_MS = 16;
/** After a stall (tab hidden, debugger), do not try to make up more than this much wall time. */
const MAX_TICK_GAP_MS = 100;
/** How far the engine may lag behind the requested speed before the host gives up catching up. */
const MAX_LAG_WALL_MS = 250;
export const MIN_SPEED = 0.001;
export const MAX_SPEED = 10_000;

/** A live change within this wall time of the previous one, on the same fields, replaces it (a slider drag). */
const LIVE_MERGE_WALL_MS = 400;

/** Wall time between two timeline checkpoints at least (a copy of the simulation costs a few ms). */
const CHECKPOINT_WALL_MS = 1000;

/** Wall-time bound of a Step searching event by event, so a Step never freezes the worker. */
const STEP_BUDGET_MS = 250;

export class SimHost<S> {
  private scenario: S | null = null;
  private preset: string | null = null;
  /** the engine's simulation behind a timeline, so it can be scrubbed backwards (see timeline.ts) */
  private sim: Timeline | null = null;
  private meta: SimMeta | null = null;
  private playing = false;
  private speed = 1;
  private achievedSpeed = 0;
  /** where playback speed is measured from (reset on play, on a rebuild, and every few seconds) */
  private speedAnchor: { wall: number; sim: number } | null = null;
  /** simulated microseconds the engine should reach (playback, or catching up after a rebuild) */
  private targetUs = 0;
  /** after a rebuild: the simulated time it must be replayed to before playback goes on */
  private catchUpUs = 0;
  private chunkUs = 10_000;
  private appliedSeq = 0;
  private pending: { seq: number; changes: ParamChanges } | null = null;
  /** the last live change (wall ms when made, simulated ms it took effect), for merging a slider drag */
  private lastLive: { wall: number; atMs: number } | null = null;
  /**
   * After a live change the run is rebuilt and replayed to the change; the frames already shown are
   * right up to there (the run before a change is unchanged), so none is posted until it is reached.
   */
  private quietUntilUs = -1;
  private frameId = 0;
  private ackedFrame = 0;
  private frameWanted = false;
  private lastFrameAt = -Infinity;
  private seriesWanted = false;
  /** the user changed something: the next series may go out after the minimum gap, not the periodic one */
  private seriesUrgent = false;
  private lastSeriesAt = -Infinity;
  private lastUrgentAt = -Infinity;
  private lastTickAt = 0;
  /** whether the page shows a view that draws channel structures (the `details` command) */
  private structures = true;
  private timer: unknown = null;
  private timerAt = Infinity;

  constructor(
    private readonly engine: EngineApi<S>,
    private readonly post: Post<S>,
    private readonly clock: HostClock,
  ) {}

  /** Sent once by the worker entry when it starts. */
  ready(): void {
    this.post({ type: 'ready', version: PROTOCOL_VERSION }, []);
  }

  handle(msg: ToWorker<S>): void {
    switch (msg.type) {
      case 'ping':
        this.post({ type: 'pong', id: msg.id }, []);
        return;
      case 'ack':
        this.ackedFrame = Math.max(this.ackedFrame, msg.frame);
        if (this.frameWanted) this.schedule(0);
        return;
      case 'details':
        // a view scrolled in while the run plays: its structures come with the next frame (≤ 33 ms)
        this.structures = msg.structures;
        return;
      case 'speed':
        if (Number.isFinite(msg.speed)) this.speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, msg.speed));
        this.wantFrame(false);
        return;
      case 'play':
        this.applyPending();
        if (this.sim === null) return;
        if (this.sim.done) this.rebuild(msg.seq, 0);
        this.playing = true;
        this.speedAnchor = null;
        this.lastTickAt = this.clock.now();
        this.wantFrame(false);
        return;
      case 'pause':
        this.playing = false;
        // a rebuild still catching up finishes; only playback stops
        this.targetUs = Math.max(this.sim?.now ?? 0, this.catchUpUs);
        this.wantFrame(true);
        return;
      case 'load':
        this.load(msg.seq, msg.scenario, msg.preset);
        return;
      case 'reset':
        this.applyPending();
        this.playing = false;
        if (this.scenario !== null) this.rebuild(msg.seq, 0);
        return;
      case 'set':
        // Coalesce: merge, and rebuild once in the next tick (messages queued meanwhile are merged too).
        this.pending = { seq: msg.seq, changes: { ...this.pending?.changes, ...msg.changes } };
        this.schedule(0);
        return;
      case 'step':
        this.applyPending();
        this.playing = false;
        this.step(msg.seq, msg.unit);
        return;
      case 'step-back':
        this.applyPending();
        this.playing = false;
        this.stepBack(msg.seq);
        return;
      case 'seek':
        this.applyPending();
        this.seek(msg.seq, msg.timeMs);
        return;
      case 'get-series':
        this.post({ type: 'series', id: msg.id, series: this.sim?.series() ?? null }, []);
        return;
    }
  }

  /** Back by one message: the timeline replays from its nearest checkpoint (the engine is deterministic). */
  private stepBack(seq: number): void {
    const sim = this.sim;
    if (sim === null) return;
    this.appliedSeq = Math.max(this.appliedSeq, seq);
    try {
      if (sim.now < this.catchUpUs) sim.runUntil(this.catchUpUs);
      sim.stepBack();
    } catch (e) {
      this.fail(seq, e);
      return;
    }
    this.targetUs = sim.now;
    this.catchUpUs = sim.now;
    this.wantFrame(true);
  }

  /**
   * To simulated time `timeMs`: backwards, the timeline goes back to its nearest checkpoint and the
   * ticks replay from there in slices (the worker keeps answering); forwards, the ticks run on.
   */
  private seek(seq: number, timeMs: number): void {
    const sim = this.sim;
    if (sim === null || !Number.isFinite(timeMs)) return;
    this.appliedSeq = Math.max(this.appliedSeq, seq);
    const end = (this.meta?.durationMs ?? Infinity) * 1000;
    const t = Math.min(end, Math.max(0, Math.round(timeMs * 1000)));
    try {
      sim.rewindTo(t);
    } catch (e) {
      this.fail(seq, e);
      return;
    }
    this.targetUs = t;
    this.catchUpUs = t;
    this.quietUntilUs = -1;
    this.chunkUs = 10_000;
    this.speedAnchor = null;
    this.lastTickAt = this.clock.now();
    this.wantFrame(true);
  }

  private load(seq: number, json: S, preset: string | null): void {
    const parsed = this.engine.parse(json);
    if (!parsed.ok) {
      this.refuse(seq, parsed.message, parsed.field);
      return;
    }
    this.scenario = parsed.scenario;
    this.preset = preset;
    this.playing = false;
    this.rebuild(seq, 0);
  }

  /** Applies coalesced `set` changes: a new simulation replayed to the current time (it is deterministic). */
  private applyPending(): void {
    const p = this.pending;
    if (p === null || this.scenario === null) return;
    this.pending = null;
    // where the user is: a rebuild still replaying counts as being at the time it replays to
    const now = Math.max(this.sim?.now ?? 0, this.catchUpUs);
    // During a run (not at 0 s, not at the end), a change takes effect from now: the run before is kept.
    let live: { scenario: unknown; atMs: number } | null = null;
    if (now > 0 && this.sim?.done === false && this.engine.timedChanges !== undefined) {
      const wall = this.clock.now();
      const merge =
        this.lastLive !== null && wall - this.lastLive.wall < LIVE_MERGE_WALL_MS ? this.lastLive.atMs : null;
      live = this.engine.timedChanges(this.scenario, p.changes, now / 1000, merge);
      this.lastLive = live === null ? null : { wall, atMs: live.atMs };
    }
    const parsed = this.engine.parse(live?.scenario ?? this.engine.applyChanges(this.scenario, p.changes));
    if (!parsed.ok) {
      this.refuse(p.seq, parsed.message, parsed.field);
      return;
    }
    this.scenario = parsed.scenario;
    this.rebuild(p.seq, now);
    // a merged drag moves an earlier change: the run from there on is new, show it as it catches up
    if (live !== null) this.quietUntilUs = Math.round(live.atMs * 1000);
  }

  private refuse(seq: number, message: string, field: string | null): void {
    // The command was handled (by refusing it): frames computed from here on are current.
    this.appliedSeq = Math.max(this.appliedSeq, seq);
    this.post({ type: 'refused', seq, message, field, scenario: this.scenario }, []);
  }

  private rebuild(seq: number, catchUpToUs: number): void {
    const scenario = this.scenario;
    if (scenario === null) return;
    this.appliedSeq = Math.max(this.appliedSeq, seq);
    this.quietUntilUs = -1;
    try {
      const engine = this.engine;
      const nextArrivalAfter = engine.nextArrivalAfter;
      this.sim = new Timeline(() => engine.create(scenario), {
        clock: () => this.clock.now(),
        checkpointWallMs: CHECKPOINT_WALL_MS,
        stepBudgetMs: STEP_BUDGET_MS,
        ...(nextArrivalAfter === undefined
          ? {}
          : { nextArrivalAfter: (now: number) => nextArrivalAfter.call(engine, scenario, now) }),
      });
      this.meta = this.engine.meta(scenario, this.sim.snapshot());
    } catch (e) {
      this.fail(seq, e);
      return;
    }
    this.targetUs = catchUpToUs;
    this.catchUpUs = catchUpToUs;
    this.chunkUs = 10_000;
    this.post(
      {
        type: 'loaded',
        seq: this.appliedSeq,
        scenario,
        preset: this.preset,
        meta: this.meta,
      },
      [],
    );
    this.wantFrame(true);
  }

  private step(seq: number, unit: StepUnit): void {
    const sim = this.sim;
    if (sim === null) return;
    this.appliedSeq = Math.max(this.appliedSeq, seq);
    try {
      // finish replaying after a parameter change first, so the step starts where the user was
      if (sim.now < this.catchUpUs) sim.runUntil(this.catchUpUs);
      if (unit === 'event') sim.step();
      else sim.stepMessage();
    } catch (e) {
      this.fail(seq, e);
      return;
    }
    this.targetUs = sim.now;
    this.wantFrame(true);
  }

  private fail(seq: number, e: unknown): void {
    this.sim = null;
    this.playing = false;
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    this.post({ type: 'error', seq, message }, []);
  }

  private wantFrame(series: boolean): void {
    this.frameWanted = true;
    if (series) {
      this.seriesWanted = true;
      this.seriesUrgent = true;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    const at = this.clock.now() + ms;
    if (this.timer !== null && this.timerAt <= at) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.tick();
    }, ms);
  }

  /** One tick: apply pending changes, advance simulated time within a budget, post a frame. */
  tick(): void {
    const start = this.clock.now();
    this.applyPending();
    const sim = this.sim;
    if (sim === null) return;
    const simBefore = sim.now;
    if (this.playing) {
      // Playback moves the target on by wall time × speed, but never more than MAX_LAG ahead of where
      // the engine is (or will be once a rebuild has caught up), so a slow engine plays slower instead
      // of piling up work.
      const wall = Math.min(MAX_TICK_GAP_MS, start - this.lastTickAt);
      const base = Math.max(this.targetUs, sim.now);
      const cap = Math.max(sim.now, this.catchUpUs) + MAX_LAG_WALL_MS * this.speed * 1000;
      this.targetUs = Math.min(base + wall * this.speed * 1000, Math.max(cap, base));
    }
    this.lastTickAt = start;
    try {
      this.advance(sim, start);
    } catch (e) {
      this.fail(this.appliedSeq, e);
      return;
    }
    this.measureSpeed(sim, start);
    if (sim.done && this.playing) {
      this.playing = false;
      this.targetUs = sim.now;
      this.seriesWanted = true;
    }
    if (sim.now !== simBefore) {
      this.frameWanted = true;
      this.seriesWanted = true;
    }
    this.maybePostFrame();
    const busy = this.playing || sim.now < Math.floor(this.targetUs);
    if (busy) this.schedule(Math.max(0, TICK_INTERVAL_MS - (this.clock.now() - start)));
    else if (this.seriesWanted || this.frameWanted) {
      this.schedule(Math.max(1, this.seriesDueAt() - this.clock.now()));
    }
  }

  /**
   * Simulated seconds per wall second actually achieved over the last second or two of playback
   * (a rebuild's catch-up is not counted), so the page can say when the engine cannot keep up.
   */
  private measureSpeed(sim: Simulation, now: number): void {
    if (!this.playing || sim.now < this.catchUpUs) {
      this.speedAnchor = null;
      return;
    }
    const a = this.speedAnchor;
    if (a === null) {
      this.speedAnchor = { wall: now, sim: sim.now };
      this.achievedSpeed = this.speed;
      return;
    }
    const wall = now - a.wall;
    if (wall >= 500) this.achievedSpeed = (sim.now - a.sim) / 1000 / wall;
    if (wall >= 2000) this.speedAnchor = { wall: now, sim: sim.now };
  }

  /**
   * runUntil in chunks sized so that one chunk costs a few milliseconds. The engine's clock is whole
   * microseconds (runUntil goes to the whole microsecond at or before the time it is given), and the
   * target, moved on by the wall clock, is fractional: aiming at it, the loop never got there and spun
   * for its whole budget at every tick, calling runUntil to no effect: 10 ms of every 16, half a core,
   * competing with the page for the CPU while a run played (#16).
   */
  private advance(sim: Simulation, start: number): void {
    const target = Math.floor(this.targetUs);
    while (sim.now < target && !sim.done && this.clock.now() - start < TICK_BUDGET_MS) {
      const t0 = this.clock.now();
      const to = Math.min(target, sim.now + this.chunkUs);
      sim.runUntil(to);
      const cost = this.clock.now() - t0;
      if (cost > 4 && this.chunkUs > 1) this.chunkUs = Math.max(1, Math.floor(this.chunkUs / 2));
      else if (cost < 1) this.chunkUs = Math.min(3_600_000_000, this.chunkUs * 2);
    }
  }

  private maybePostFrame(): void {
    const sim = this.sim;
    if (sim === null || !this.frameWanted) return;
    if (sim.now < this.quietUntilUs) return;
    this.quietUntilUs = -1;
    if (this.frameId - this.ackedFrame >= MAX_FRAMES_IN_FLIGHT) return;
    const now = this.clock.now();
    const seriesDue = this.seriesWanted && now >= this.seriesDueAt();
    if (this.playing && now - this.lastFrameAt < PLAYING_FRAME_INTERVAL_MS && !seriesDue) return;
    this.lastFrameAt = now;
    const withSeries = seriesDue;
    // a stopped run's frame is drawn even by views off screen (they size themselves from it); a
    // playing run's carries structures only while a view on screen draws them, and the engine builds
    // none that would not be sent
    const structures = this.structures || !this.playing;
    const snapshot = sim.snapshot({ structures });
    const frame = encodeFrame(snapshot, {
      id: ++this.frameId,
      seq: this.appliedSeq,
      playing: this.playing,
      done: sim.done,
      speed: this.speed,
      achievedSpeed: this.playing ? this.achievedSpeed : 0,
      series: withSeries ? encodeSeries(sim.series(), snapshot) : null,
      structures,
    });
    if (withSeries) {
      this.seriesWanted = false;
      if (this.seriesUrgent && now < this.lastSeriesAt + PERIODIC_SERIES_MS) this.lastUrgentAt = now;
      this.seriesUrgent = false;
      this.lastSeriesAt = now;
    }
    this.frameWanted = this.seriesWanted;
    this.post({ type: 'frame', frame }, frameTransferables(frame));
  }

  /**
   * When the next series may go out: periodic ones every PERIODIC_SERIES_MS; after a change, sooner
   * (see URGENT_GAP_MS), within ≤ 10 a second overall.
   */
  private seriesDueAt(): number {
    const periodic = this.lastSeriesAt + PERIODIC_SERIES_MS;
    if (!this.seriesUrgent) return periodic;
    const early = Math.max(this.lastSeriesAt + URGENT_GAP_MS, this.lastUrgentAt + 2 * SERIES_INTERVAL_MS);
    return Math.min(periodic, early);
  }

  /** For tests and the heartbeat: whether the host is playing and what it last applied. */
  get state(): { playing: boolean; speed: number; appliedSeq: number; preset: string | null } {
    return { playing: this.playing, speed: this.speed, appliedSeq: this.appliedSeq, preset: this.preset };
  }
}
