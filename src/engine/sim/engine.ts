/**
 * `createSimulation(scenario)`: every strategy of the scenario as a lane over the same arrivals, a
 * clock in whole simulated microseconds, and samples at a fixed simulated interval.
 *
 * Lanes are independent (each reads the shared, deterministic arrival process itself), so
 * `runUntil` moves each lane from its own decision point to the next and stops them together at
 * every sample time; `step` stops all lanes at the next decision point of any of them. Both give
 * the same results: a lane's decisions do not depend on where it was stopped.
 */
import { messageTypeOf, strategyId, strategyImpl, strategyLabel } from '../scenario/derive.ts';
import type { Scenario } from '../scenario/schema.ts';
import { ArrivalPlan } from './arrivals.ts';
import { Lane } from './lane.ts';
import { ChannelGroup, type StrategyInfo } from './snapshot.ts';
import type { Micros, SimSeries, SimSnapshot, Simulation } from './types.ts';
import { SeriesRecorder } from './series.ts';
import { fastForwardSaturated } from './steady.ts';

export interface EngineOptions {
  /** record every call made on each strategy's channel model, as golden-trace ops (see `lanes`) */
  readonly recordOps?: boolean;
  /** record how many messages each channel call moved (see `Lane.trace`) */
  readonly recordTrace?: boolean;
  /** skip the bookkeeping of identical saturated cycles (steady.ts); off only to test that it changes nothing */
  readonly fastForward?: boolean;
}

export class SimulationEngine implements Simulation {
  private readonly plan: ArrivalPlan;
  private readonly groups: ChannelGroup[];
  private readonly lanes: Lane[];
  private readonly duration: Micros;
  private readonly sampleEvery: Micros;
  private readonly recorder: SeriesRecorder;
  private nextSample: Micros;
  private readonly fastForward: boolean;
  private time: Micros = 0;

  constructor(
    readonly scenario: Scenario,
    options: EngineOptions = {},
  ) {
    this.plan = new ArrivalPlan(scenario);
    this.fastForward = options.fastForward !== false;
    const message = messageTypeOf(scenario);
    this.duration = this.plan.duration;
    this.sampleEvery = Math.max(1, Math.round(scenario.sampleMs * 1000));
    this.groups = scenario.strategies.map((spec, i) => {
      const info: StrategyInfo = {
        id: strategyId(scenario.strategies, i),
        label: strategyLabel(spec),
        kind: spec.kind,
        impl: strategyImpl(spec),
      };
      const log = options.recordOps === true ? [] : null;
      const trace = options.recordTrace === true ? [] : null;
      const lane = new Lane(spec, info.impl, message, scenario, this.plan, log, trace);
      return new ChannelGroup(info, lane, scenario, message);
    });
    this.lanes = this.groups.map((g) => g.lane);
    this.recorder = new SeriesRecorder(this.groups.map((g) => g.info.id));
    for (const lane of this.lanes) this.moveLane(lane, 0);
    this.takeSample(0);
    this.nextSample = Math.min(this.sampleEvery, this.duration);
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
    let next = this.nextSample;
    for (const lane of this.lanes) next = Math.min(next, lane.nextDecision());
    this.moveAll(Math.min(next, this.duration));
    return true;
  }

  runUntil(t: Micros): void {
    const target = Math.min(Math.floor(t), this.duration);
    while (this.nextSample <= target && !this.done) {
      this.moveAll(this.nextSample);
    }
    if (target > this.time) this.moveAll(target);
  }

  snapshot(): SimSnapshot {
    const first = this.lanes.find((l) => l.alive);
    const active = this.scenario.channels.active;
    return {
      timeMs: this.time / 1000,
      arrivals: (first?.counters.offered ?? 0) * active,
      strategies: this.groups.map((g) => g.snapshot()),
      producersConnected: this.plan.connectedCount(this.time) * active,
      producersGone: (this.time >= this.plan.disconnectAt ? this.plan.leavers : 0) * active,
    };
  }

  series(): SimSeries {
    return this.recorder.series();
  }

  /** Moves every lane to t (taking the decisions due up to t), then samples if t is a sample time. */
  private moveAll(t: Micros): void {
    for (const lane of this.lanes) this.moveLane(lane, t);
    this.time = t;
    if (t === this.nextSample) {
      this.takeSample(t);
      this.nextSample = t >= this.duration ? Infinity : Math.min(t + this.sampleEvery, this.duration);
    }
  }

  private moveLane(lane: Lane, t: Micros): void {
    for (let d = lane.nextDecision(); d <= t; d = lane.nextDecision()) {
      lane.decideAt(d);
      if (this.fastForward && d < t) fastForwardSaturated(lane, t);
    }
    lane.advanceTo(t);
  }

  private takeSample(t: Micros): void {
    // (a closure per sample, never stored: the state stays plain data a worker can deep-copy)
    this.recorder.record(t, (i, rows, at) =>
      (this.groups[i] as ChannelGroup).sampleRow(this.sampleEvery, rows, at),
    );
    for (const lane of this.lanes) lane.resetInterval();
  }
}

/** Builds a simulation from a validated scenario (see `parseScenario`). */
export function createSimulation(scenario: Scenario, options?: EngineOptions): SimulationEngine {
  return new SimulationEngine(scenario, options);
}
