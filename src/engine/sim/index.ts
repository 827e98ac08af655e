/**
 * The simulation engine's public surface. The worker and the CLI import from here only (the lint
 * config enforces it); the contract types are in types.ts.
 */
export { createSimulation } from './engine.ts';
export { buildReport, seriesCsv } from './report.ts';
export { WAITING_SITES, CHANNEL_WAITING_SITES, BYTES_WHERE_BASIS, type BytesWhere } from './costs.ts';
// the deterministic arrivals every lane reads: the worker asks them when the next message arrives
export { ArrivalPlan, ArrivalSource } from './arrivals.ts';
export { isAppendOnly, sampleEveryUs } from './series.ts';
export * from './types.ts';
export {
  scenarioSchema,
  defaultScenario,
  parseScenario,
  scenarioToSearchParams,
  scenarioFromSearchParams,
  SCENARIO_FIELDS,
  NUMERIC_FIELDS,
  fieldInfo,
  numericField,
  fieldsMarkdown,
  strategyLabel,
  strategyImpl,
  strategyId,
  messageTypeOf,
} from '../scenario/index.ts';
export type {
  Scenario,
  ScenarioInput,
  StrategySpec,
  FieldInfo,
  NumericFieldSpec,
  ParseResult,
  ScenarioIssue,
  UrlNotice,
} from '../scenario/index.ts';
export { presets, PRESET_NAMES, isPresetName } from '../presets.ts';
export type { Preset, PresetName } from '../presets.ts';
