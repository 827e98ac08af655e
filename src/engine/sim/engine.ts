/**
 * `createSimulation(scenario)`: every strategy of the scenario as a lane over the same arrivals, a
 * clock in whole simulated microseconds, and samples at a fixed simulated interval.
 *
 * Lanes are independent (each reads the shared, deterministic arrival process itself), so
 * `runUntil` moves one lane after the other all the way, each from its own decision point to the
 * next, taking its own sample rows on the way (the saturated fast path takes the ones inside its
 * stretch); `step` stops all lanes at the next decision point of any of them. Both give the same
 * results: a lane's decisions do not depend on where it was stopped.
 */
import { messageTypeOf, strategyId, strategyImpl, strategyLabel } from '../scenario/derive.ts';
import { changeEpochs } from '../scenario/changes.ts';
import type { Scenario, StrategySpec } from '../scenario/schema.ts';
import { ArrivalPlan } from './arrivals.ts';
import { Lane } from './lane.ts';
import { ChannelGroup, type StrategyInfo } from './snapshot.ts';
import type { Micros, SimSeries, SimSnapshot, Simulation, SnapshotOptions } from './types.ts';
import { sampleEveryUs, SeriesRecorder } from './series.ts';
import { fastForwardSaturated } from './steady.ts';
import { keepUp } from './keepup.ts';
import { inLockstep, Lockstep, lockstepReady } from './lockstep.ts';
import type { LaneSampler } from './steady.ts';
import { MEMO_DURATIONS, ServiceDraws } from './service.ts';

export interface EngineOptions {
  /** record every call made on each strategy's channel model, as golden-trace ops (see `lanes`) */
  readonly recordOps?: boolean;
  /** record how many messages each channel call moved (see `Lane.trace`) */
  readonly recordTrace?: boolean;
  /** skip the bookkeeping of identical saturated cycles (steady.ts); off only to test that it changes nothing */
  readonly fastForward?: boolean;
  /** take a keeping-up consumer's decisions in a tight loop (keepup.ts); off only to test that it changes nothing */
  readonly keepUp?: boolean;
  /** with keepUp: let lanes in lockstep follow one of them (lockstep.ts); off only to test that it changes nothing */
  readonly lockstep?: boolean;
}

/** expected arrivals a stretch needs before lanes go through it in lockstep (see `moveTogether`) */
const LOCKSTEP_MIN_ARRIVALS = 256;

export class SimulationEngine implements Simulation {
  private readonly plan: ArrivalPlan;
  private readonly groups: ChannelGroup[];
  private readonly lanes: Lane[];
  private readonly duration: Micros;
  private readonly sampleEvery: Micros;
  private readonly recorder: SeriesRecorder;
  /** samples taken so far (sample k is at `sampleTime(k)`) */
  private samples = 0;
  private readonly fastForward: boolean;
  private readonly keepUp: boolean;
  private readonly lockstep: boolean;
  /** stretches that lanes went through in lockstep (for tests: the path was taken) */
  lockstepStretches = 0;
  private time: Micros = 0;
  /** service times the lanes share (service.ts), or null when they are fixed */
  private readonly draws: ServiceDraws | null;

  constructor(
    readonly scenario: Scenario,
    options: EngineOptions = {},
  ) {
    this.plan = new ArrivalPlan(scenario);
    // random service times: one memo of draws for all lanes (fixed ones need no draws)
    this.draws = scenario.consumers.service === 'fixed' ? null : new ServiceDraws();
    // timed changes: the lanes start with those at 0 applied and apply the later ones themselves
    const epochs = changeEpochs(scenario).filter((e) => e.atUs < Math.round(scenario.durationSeconds * 1e6));
    const start = epochs[0]?.scenario ?? scenario;
    this.fastForward = options.fastForward !== false;
    this.keepUp = options.keepUp !== false;
    this.lockstep = this.keepUp && options.lockstep !== false;
    const message = messageTypeOf(scenario);
    this.duration = this.plan.duration;
    this.sampleEvery = sampleEveryUs(scenario.sampleMs, this.duration);
    this.groups = start.strategies.map((spec, i) => {
      const info: StrategyInfo = {
        id: strategyId(scenario.strategies, i),
        label: strategyLabel(spec),
        kind: spec.kind,
        impl: strategyImpl(spec),
      };
      const log = options.recordOps === true ? [] : null;
      const trace = options.recordTrace === true ? [] : null;
      const lane = new Lane(spec, info.impl, message, start, this.plan, log, trace, this.draws ?? undefined);
      lane.schedule(
        epochs
          .slice(1)
          .map((e) => ({ at: e.atUs, scenario: e.scenario, spec: e.scenario.strategies[i] as StrategySpec })),
      );
      return new ChannelGroup(info, lane, start, message);
    });
    this.lanes = this.groups.map((g) => g.lane);
    this.recorder = new SeriesRecorder(
      this.groups.map((g) => g.info.id),
      Math.ceil(this.duration / this.sampleEvery) + 1,
    );
    this.moveAll(0);
  }

  /** The strategies' lanes (state, heap, channel model, op log), for tests and tools. */
  get strategyLanes(): readonly Lane[] {
    return this.lanes;
  }

  get now(): Micros {
    return this.time;
  }

  get done(): boolean {
    return this.time >= this.duration;
  }

  step(): boolean {
    if (this.done) return false;
    let next = this.sampleTime(this.samples);
    for (const lane of this.lanes) next = Math.min(next, lane.nextDecision());
    this.moveAll(Math.min(next, this.duration));
    return true;
  }

  runUntil(t: Micros): void {
    const target = Math.min(Math.floor(t), this.duration);
    if (target > this.time) this.moveAll(target);
  }

  snapshot(options: SnapshotOptions = {}): SimSnapshot {
    const first = this.lanes.find((l) => l.alive);
    const active = this.scenario.channels.active;
    return {
      timeMs: this.time / 1000,
      arrivals: (first?.counters.offered ?? 0) * active,
      strategies: this.groups.map((g) => g.snapshot(options.structures ?? true)),
      producersConnected: this.plan.connectedCount(this.time) * active,
      producersGone: (this.time >= this.plan.disconnectAt ? this.plan.leavers : 0) * active,
    };
  }

  series(): SimSeries {
    return this.recorder.series();
  }

  /** Time of sample k: every `sampleEvery` from 0, and the last one at the end of the run (Infinity beyond). */
  private sampleTime(k: number): Micros {
    const t = k * this.sampleEvery;
    if (t < this.duration) return t;
    return (k - 1) * this.sampleEvery < this.duration ? this.duration : Infinity;
  }

  /**
   * Moves every lane to t, one lane after the other (lanes are independent), each taking its own
   * samples on the way; the samples are complete once every lane has passed them.
   *
   * With random service times the lanes go a stretch at a time: all of them to a sample time, then
   * all to a later one, so that the lanes behind the first find its service draws in the memo they
   * share (a stretch holds about half a memo's worth of arrivals). Where the lanes stop together
   * changes nothing: a lane stops at every sample time anyway (its sends are cut there), whether or
   * not it goes on at once.
   */
  private moveAll(t: Micros): void {
    let k = this.samples;
    for (;;) {
      const stop = this.draws === null ? t : Math.min(this.stretchEnd(k), t);
      let next = k;
      const joint = this.moveTogether(stop, k);
      this.lanes.forEach((lane, i) => {
        next = this.moveLane(i, lane, stop, joint !== null && joint.lanes.has(i) ? joint.k : k);
      });
      k = next;
      this.samples = k;
      this.recorder.length = k;
      this.time = stop;
      if (stop >= t) return;
    }
  }

  /**
   * The end of the next stretch the lanes go together from sample k on: the last sample time whose
   * expected arrivals since the current time stay within half the memo (at least one sample on).
   */
  private stretchEnd(k: number): Micros {
    const from = this.plan.expected(this.time);
    const within = (j: number): boolean =>
      this.plan.expected(this.sampleTime(j)) - from <= MEMO_DURATIONS / 2;
    // doubling, then halving: a few looks at the arrival plan per stretch
    let step = 1;
    while (this.sampleTime(k + step) < Infinity && within(k + step)) step *= 2;
    let lo = k;
    for (let hi = k + step; hi - lo > 1;) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (within(mid)) lo = mid;
      else hi = mid;
    }
    return this.sampleTime(lo);
  }

  /**
   * Lanes in lockstep (lockstep.ts) go as one from here towards t: the first lane in the keep-up
   * state leads, the lanes in the same state follow, and all of them take their samples on the way.
   * Returns the lanes that moved and the next sample index, or null when no two lanes are in lockstep;
   * the lanes then go on alone from where they stopped (t, or between two decisions before it).
   */
  private moveTogether(t: Micros, k: number): { lanes: Set<number>; k: number } | null {
    if (!this.lockstep || this.lanes.length < 2) return null;
    // forming a group compares the lanes (queues, histograms): worth it for a stretch of many
    // arrivals, not for the single decisions of `step` (the result is the same either way)
    if (this.plan.expected(t) - this.plan.expected(this.time) < LOCKSTEP_MIN_ARRIVALS) return null;
    const leaderAt = this.lanes.findIndex((l) => l.now < t && lockstepReady(l));
    const leader = this.lanes[leaderAt];
    if (leader === undefined) return null;
    const members = new Set([leaderAt]);
    this.lanes.forEach((l, i) => {
      if (i > leaderAt && lockstepReady(l) && inLockstep(leader, l)) members.add(i);
    });
    if (members.size < 2) return null;
    const followers = [...members].slice(1);
    const group = new Lockstep(
      leader,
      followers.map((i) => this.lanes[i] as Lane),
    );
    const samplers = [...members].map((i) => this.samplerFor(i, this.lanes[i] as Lane, k));
    const lead = samplers[0] as LaneSampler & { k: number };
    // (a field, not a getter: the keep-up loop reads it at every decision)
    const sampler = {
      next: lead.next,
      take: (): void => {
        group.sync();
        for (const s of samplers) s.take();
        sampler.next = lead.next;
      },
    };
    keepUp(leader, t, sampler, this.fastForward, group);
    group.sync();
    this.lockstepStretches++;
    return { lanes: members, k: lead.k };
  }

  /** A lane's sampler from sample k on: `take` writes its row and starts a new interval. */
  private samplerFor(i: number, lane: Lane, from: number): LaneSampler & { k: number } {
    const group = this.groups[i] as ChannelGroup;
    const recorder = this.recorder;
    const every = this.sampleEvery;
    const sampler = {
      k: from,
      next: this.sampleTime(from),
      take: (): void => {
        const at = sampler.next;
        const row = recorder.slot(sampler.k, at);
        group.sampleRow(every, recorder.rowsOf(i), row);
        lane.resetInterval();
        sampler.k++;
        sampler.next = this.sampleTime(sampler.k);
      },
    };
    return sampler;
  }

  /** Moves one lane to t, taking the decisions due up to t and the lane's samples up to t; returns the next sample index. */
  private moveLane(i: number, lane: Lane, t: Micros, from: number): number {
    const sampler = this.samplerFor(i, lane, from);
    for (;;) {
      const stop = Math.min(sampler.next, t);
      const d = lane.nextDecision();
      if (d <= stop) {
        lane.decideAt(d);
        if (this.fastForward && d < t) fastForwardSaturated(lane, t, sampler);
        if (this.keepUp && d < t) keepUp(lane, t, sampler, this.fastForward);
        continue;
      }
      lane.advanceTo(stop);
      if (stop === sampler.next) sampler.take();
      else return sampler.k;
    }
  }
}

/** Builds a simulation from a validated scenario (see `parseScenario`). */
export function createSimulation(scenario: Scenario, options?: EngineOptions): SimulationEngine {
  return new SimulationEngine(scenario, options);
}
