/**
 * Validation of a scenario from outside (a JSON file, the worker, a test). Every error names the
 * field, what it accepts and what it was given: `producers.count: expected an integer from 0 to
 * 1000000, got -3`. Unknown fields are errors too, so a typo never silently becomes a default.
 */
import { expectation, fieldInfo } from './fields.ts';
import { changeEpochs, changeProblem, describeChange } from './changes.ts';
import { scenarioSchema, type Scenario } from './schema.ts';

export interface ScenarioIssue {
  /** dotted path of the field, '' for the scenario itself */
  readonly field: string;
  readonly message: string;
}

export type ParseResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly errors: readonly string[]; readonly issues: readonly ScenarioIssue[] };

/** Known keys of each nested object, from the schema itself. */
const OBJECT_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(scenarioSchema.shape),
  message: Object.keys(scenarioSchema.shape.message.unwrap().shape),
  producers: Object.keys(scenarioSchema.shape.producers.unwrap().shape),
  consumers: Object.keys(scenarioSchema.shape.consumers.unwrap().shape),
  channels: Object.keys(scenarioSchema.shape.channels.unwrap().shape),
  'strategies.N': Object.keys(scenarioSchema.shape.strategies.unwrap().element.shape),
  'channels.extras.N': ['site', 'bytes'],
  'changes.N': ['atMs', 'path', 'value'],
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as the user wrote it, short. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function unknownKeys(input: Record<string, unknown>): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const check = (obj: unknown, template: string, prefix: string): void => {
    if (!isRecord(obj)) return;
    const known = OBJECT_KEYS[template] ?? [];
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) {
        issues.push({
          field: prefix === '' ? key : `${prefix}.${key}`,
          message: `${prefix === '' ? key : `${prefix}.${key}`}: unknown field (known: ${known.join(', ')})`,
        });
      }
    }
  };
  check(input, '', '');
  for (const key of ['message', 'producers', 'consumers', 'channels']) check(input[key], key, key);
  const strategies = input.strategies;
  if (Array.isArray(strategies)) {
    strategies.forEach((s, i) => check(s, 'strategies.N', `strategies.${i}`));
  }
  const extras = isRecord(input.channels) ? input.channels.extras : undefined;
  if (Array.isArray(extras)) extras.forEach((e, i) => check(e, 'channels.extras.N', `channels.extras.${i}`));
  if (Array.isArray(input.changes)) input.changes.forEach((c, i) => check(c, 'changes.N', `changes.${i}`));
  return issues;
}

/**
 * What the schema cannot say about timed changes: the path must be a live field of this scenario,
 * the value in that field's range, the time within the run, and the scenario in force after each
 * change valid as a whole (e.g. no more leaving producers than producers). Each message names the
 * change: `changes (producers.count = -1 at 12000 ms): ...`.
 */
function changeIssues(s: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const kinds = s.strategies.map((x) => x.kind);
  const endMs = s.durationSeconds * 1000;
  for (const c of s.changes) {
    const name = `changes (${describeChange(c)})`;
    const problem = changeProblem(c, kinds);
    if (problem !== null) issues.push({ field: 'changes', message: `${name}: ${problem}` });
    else if (c.atMs > endMs) {
      issues.push({ field: 'changes', message: `${name}: after the end of the run (${endMs} ms)` });
    }
  }
  if (issues.length > 0) return issues;
  for (const epoch of changeEpochs(s).slice(1)) {
    const r = scenarioSchema.safeParse({ ...epoch.scenario, changes: [] });
    if (!r.success) {
      const issue = r.error.issues[0];
      const field = issue?.path.map(String).join('.') ?? '';
      issues.push({
        field: 'changes',
        message: `changes at ${epoch.atUs / 1000} ms: ${field}: ${issue?.message ?? 'invalid'}`,
      });
      break;
    }
  }
  return issues;
}

/** Validates `input` against the scenario schema, filling defaults for missing fields. */
export function parseScenario(input: unknown): ParseResult {
  if (!isRecord(input)) {
    const message = `scenario: expected an object, got ${describeValue(input)}`;
    return { ok: false, errors: [message], issues: [{ field: '', message }] };
  }
  const issues = unknownKeys(input);
  const r = scenarioSchema.safeParse(input);
  if (!r.success) {
    // Relations between fields are only worth reporting once the fields themselves are valid.
    const basic = r.error.issues.filter((i) => i.code !== 'custom');
    for (const issue of basic.length > 0 ? basic : r.error.issues) {
      const field = issue.path.map(String).join('.');
      const given = describeValue(valueAt(input, issue.path));
      const info = fieldInfo(field);
      let message: string;
      if (issue.code === 'custom') message = `${field}: ${issue.message}`;
      else if (info !== undefined) message = `${field}: expected ${expectation(info)}, got ${given}`;
      else if (issue.code === 'invalid_union' && /^changes\.\d+\.value$/.test(field))
        message = `${field}: expected a finite number, a text or true/false, got ${given}`;
      else if (issue.code === 'too_small' || issue.code === 'too_big')
        message = `${field}: ${issue.message.replace(/^Too (small|big): /, '')}, got ${given}`;
      else message = `${field || 'scenario'}: ${issue.message.replace(/^Invalid input: /, '')}, got ${given}`;
      issues.push({ field, message });
    }
  }
  if (r.success && issues.length === 0) issues.push(...changeIssues(r.data));
  if (issues.length > 0 || !r.success) {
    return { ok: false, errors: issues.map((i) => i.message), issues };
  }
  return { ok: true, scenario: r.data };
}
