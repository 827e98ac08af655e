/** The scenario: one schema (schema.ts) and what is derived from it. */
export {
  scenarioSchema,
  strategySchema,
  defaultScenario,
  ARRIVAL_PROCESSES,
  SERVICE_DISTRIBUTIONS,
  MESSAGE_KINDS,
  STRATEGY_KINDS,
  SEND_MODES,
  DEFAULT_STRATEGIES,
  MAX_CHANGES,
  sortChanges,
  changeSchema,
} from './schema.ts';
export type {
  Scenario,
  ScenarioInput,
  StrategySpec,
  ArrivalProcess,
  ServiceDistribution,
  SendMode,
  FieldMeta,
  ScenarioChange,
} from './schema.ts';
export { LIVE_FIELDS, changeProblem, changeEpochs, describeChange, withChange } from './changes.ts';
export {
  SCENARIO_FIELDS,
  NUMERIC_FIELDS,
  fieldInfo,
  numericField,
  expectation,
  fieldsMarkdown,
  templatePath,
} from './fields.ts';
export type { FieldInfo, FieldKind, NumericFieldSpec } from './fields.ts';
export { parseScenario, describeValue } from './parse.ts';
export type { ParseResult, ScenarioIssue } from './parse.ts';
export { scenarioToSearchParams, scenarioFromSearchParams } from './url.ts';
export { queryText, queryNumber, queryInteger, queryFlag, queryList, readQueryValue } from './query-value.ts';
export type { UrlNotice, QueryRule } from './query-value.ts';
export { loadAt } from './load.ts';
export type { Load } from './load.ts';
export { messageTypeOf, strategyImpl, strategyLabel, strategyId } from './derive.ts';
