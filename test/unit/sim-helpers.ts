/** Shared helpers for the simulation tests. */
import { scenarioSchema, type Scenario, type ScenarioInput } from '../../src/engine/scenario/index.ts';
import { createSimulation } from '../../src/engine/sim/engine.ts';
import type { SimSeries, SimSnapshot, StrategySnapshot } from '../../src/engine/sim/types.ts';

export function scenario(input: ScenarioInput): Scenario {
  return scenarioSchema.parse(input);
}

/** Runs a scenario to its end (or to `untilMs`) and returns the simulation, its snapshot and series. */
export function run(input: ScenarioInput | Scenario, untilMs = Infinity) {
  const sim = createSimulation(scenarioSchema.parse(input));
  sim.runUntil(untilMs * 1000);
  return { sim, snapshot: sim.snapshot(), series: sim.series() };
}

export function strategy(snapshot: SimSnapshot, id: string): StrategySnapshot {
  const s = snapshot.strategies.find((x) => x.id === id);
  if (s === undefined)
    throw new Error(`no strategy ${id} in ${snapshot.strategies.map((x) => x.id).join(', ')}`);
  return s;
}

export function column(
  series: SimSeries,
  id: string,
  field: keyof SimSeries['strategies'][number]['columns'],
) {
  const s = series.strategies.find((x) => x.id === id);
  if (s === undefined) throw new Error(`no strategy ${id}`);
  return s.columns[field];
}
