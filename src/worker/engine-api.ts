/** The real engine behind the host's small EngineApi. */
import { createSimulation, parseScenario, type Scenario } from '../engine/sim/index.ts';
import type { EngineApi } from './host.ts';
import { applyChanges } from './params.ts';
import type { ScenarioJson } from './protocol.ts';

export const engineApi: EngineApi<Scenario> = {
  parse(json) {
    const r = parseScenario(json);
    if (r.ok) return { ok: true, scenario: r.scenario };
    return { ok: false, message: r.errors.join('; '), field: r.issues[0]?.field ?? null };
  },
  applyChanges,
  toJson(s) {
    return structuredClone(s) as unknown as ScenarioJson;
  },
  create: createSimulation,
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
