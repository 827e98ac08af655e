/** The real engine behind the host's small EngineApi. */
import { createSimulation, parseScenario, type Scenario } from '../engine/sim/index.ts';
// The engine's own arrival process (not part of its public surface): the same deterministic
// arrivals every lane reads, so the worker can find when the next message arrives.
import { ArrivalPlan, ArrivalSource } from '../engine/sim/index.ts';
import type { EngineApi } from './host.ts';
import { applyChanges, timedChanges } from './params.ts';

const sources = new WeakMap<Scenario, { src: ArrivalSource; at: number }>();

export const engineApi: EngineApi<Scenario> = {
  parse(json) {
    const r = parseScenario(json);
    if (r.ok) return { ok: true, scenario: r.scenario };
    return { ok: false, message: r.errors.join('; '), field: r.issues[0]?.field ?? null };
  },
  applyChanges,
  timedChanges,
  create: createSimulation,
  nextArrivalAfter(scenario, nowUs) {
    let source = sources.get(scenario);
    // an ArrivalSource only moves forward: a new one after a reset or a step back
    if (source === undefined || source.at > nowUs) {
      source = { src: new ArrivalSource(new ArrivalPlan(scenario)), at: nowUs };
      sources.set(scenario, source);
    }
    source.at = nowUs;
    return source.src.nextArrival(nowUs, Math.round(scenario.durationSeconds * 1e6) + 1);
  },
  meta(s, first) {
    return {
      strategies: first.strategies.map(({ id, label, kind, impl, refusal }) => ({
        id,
        label,
        kind,
        impl,
        refusal: refusal ?? null,
      })),
      durationMs: s.durationSeconds * 1000,
    };
  },
};
