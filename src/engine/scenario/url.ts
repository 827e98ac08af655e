/**
 * A scenario in a URL query: dotted field paths as keys (`producers.count=500`,
 * `strategies.1.capacity=64`), only the values that differ from the defaults. A timed change is
 * `change.<atMs>.<path>=<value>` (`change.12000.producers.ratePerSec=5`: at 12 s the rate becomes 5),
 * one key per change, in time order; the key needs no escaping, so a link stays readable. Decoding never fails:
 * a bad value (unknown key, wrong type, out of range, NaN, empty) is replaced by the default and
 * reported as a notice naming the parameter, what it accepts, what it got and what is used instead.
 */
import { z } from 'zod';
import { expectation, fieldInfo, SCENARIO_FIELDS, type FieldInfo } from './fields.ts';
import { describeValue, parseScenario } from './parse.ts';
import { queryFlag, queryList, queryNumber, queryText, type UrlNotice } from './query-value.ts';
import { defaultScenario, scenarioSchema, strategySchema, type Scenario } from './schema.ts';

export type { UrlNotice };

type Json = Record<string, unknown>;

function get(obj: unknown, path: readonly string[]): unknown {
  let v: unknown = obj;
  for (const key of path) v = (v as Json | undefined)?.[key];
  return v;
}

function set(obj: Json, path: readonly string[], value: unknown): void {
  let o = obj;
  for (const key of path.slice(0, -1)) {
    const next = o[key];
    if (typeof next !== 'object' || next === null) o[key] = {};
    o = o[key] as Json;
  }
  o[path[path.length - 1] as string] = value;
}

function encodeExtras(extras: Scenario['channels']['extras']): string {
  return extras.map((e) => `${e.site}:${e.bytes}`).join(';');
}

function encodeValue(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

/** The scenario as a query string (no leading `?`), defaults omitted, keys in schema order. */
export function scenarioToSearchParams(s: Scenario): string {
  const pairs: [string, string][] = [];
  for (const f of SCENARIO_FIELDS) {
    if (f.path.startsWith('strategies.')) continue;
    const path = f.path.split('.');
    const v = get(s, path);
    const d = get(defaultScenario, path);
    if (f.path === 'channels.extras') {
      const text = encodeExtras(s.channels.extras);
      if (text !== encodeExtras(defaultScenario.channels.extras)) pairs.push([f.path, text]);
    } else if (f.path === 'message.lengths') {
      // lengths of a Rust type's growable parts: `message.lengths=16,200`
      if (s.message.lengths.length > 0) pairs.push([f.path, s.message.lengths.join(',')]);
    } else if (v !== d && v !== undefined) pairs.push([f.path, encodeValue(v)]);
  }
  if (JSON.stringify(s.strategies) !== JSON.stringify(defaultScenario.strategies)) {
    const base = strategySchema.parse({}) as Json;
    s.strategies.forEach((st, i) => {
      pairs.push([`strategies.${i}.kind`, st.kind]);
      for (const [key, value] of Object.entries(st)) {
        if (key !== 'kind' && value !== undefined && value !== base[key]) {
          pairs.push([`strategies.${i}.${key}`, encodeValue(value)]);
        }
      }
    });
  }
  for (const c of s.changes) pairs.push([`change.${c.atMs}.${c.path}`, encodeValue(c.value)]);
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/**
 * The zod schema the scenario schema checks a field with (`strategies.N.capacity`: the strategy
 * schema's), with its default wrapper: parsing a value through it checks the value. A dotted path says
 * nothing to the type checker, so the caller names the input type the field's kind implies.
 */
function fieldSchema<Input>(path: string): z.ZodType<unknown, Input> {
  const keys = path.split('.');
  const strategy = keys[0] === 'strategies';
  let s: z.ZodType = strategy ? strategySchema : scenarioSchema;
  for (const key of strategy ? keys.slice(2) : keys) {
    let o = s;
    while (o instanceof z.ZodDefault || o instanceof z.ZodPrefault || o instanceof z.ZodOptional)
      o = o.unwrap() as z.ZodType;
    const next = o instanceof z.ZodObject ? (o.shape as Record<string, z.ZodType>)[key] : undefined;
    if (next === undefined) throw new Error(`no schema for ${path}`);
    s = next;
  }
  return s as z.ZodType<unknown, Input>;
}

/** `channels.extras=read buffer:8192;tls:4096`: each item's site is before its last colon. */
const extrasText = z.string().transform((text) =>
  text.split(';').map((part) => {
    const at = part.lastIndexOf(':');
    return { site: part.slice(0, at).trim(), bytes: Number(part.slice(at + 1)) };
  }),
);

/**
 * What a query text may be for a field: the text made a value of the field's type (a number, a flag, a
 * list), then checked by the field's own schema, so ranges and lengths are stated once, in schema.ts.
 */
function querySchemaOf(f: FieldInfo): z.ZodType<unknown, string> {
  switch (f.kind) {
    case 'integer':
    case 'number':
      return queryNumber(fieldSchema<number>(f.path));
    case 'boolean':
      return queryFlag.pipe(fieldSchema<boolean>(f.path));
    case 'enum':
    case 'string':
      return queryText.pipe(fieldSchema<string>(f.path));
    case 'list':
      // `message.lengths=16,200`
      if (f.path === 'message.lengths')
        return queryText.pipe(queryList(z.string().transform(Number))).pipe(fieldSchema<number[]>(f.path));
      return queryText.pipe(extrasText).pipe(fieldSchema<{ site: string; bytes: number }[]>(f.path));
  }
}

const QUERY_SCHEMAS = new Map(SCENARIO_FIELDS.map((f) => [f.path, querySchemaOf(f)]));

/** `change.<atMs>.<path>`: a time in ms (digits, maybe a fraction), then a field path */
const CHANGE_KEY = /^change\.(\d+(?:\.\d+)?)\.([a-zA-Z][\w.]*)$/;

/**
 * A valid scenario from a query's decoded pairs (a `URLSearchParams`: the engine leaves parsing the
 * query text to the platform), with a notice for every parameter that could not be used as given.
 */
export function scenarioFromSearchParams(query: Iterable<readonly [string, string]>): {
  readonly scenario: Scenario;
  readonly notices: readonly UrlNotice[];
  /** keys that name no scenario field (a typo, or another app's parameter): each also has a notice */
  readonly unknownKeys: readonly string[];
} {
  const notices: UrlNotice[] = [];
  const unknownKeys: string[] = [];
  const input: Json = {};
  const strategies: Json[] = [];
  const changes: Json[] = [];
  for (const [key, raw] of query) {
    const change = CHANGE_KEY.exec(key);
    if (change !== null) {
      // which paths and values a change may have is judged with the whole scenario (parseScenario)
      const value = Number(raw.trim());
      if (raw.trim() === '' || !Number.isFinite(value)) {
        notices.push({
          field: key,
          message: `${key}: expected a number, got ${describeValue(raw)}; ignored`,
        });
      } else changes.push({ atMs: Number(change[1]), path: change[2], value });
      continue;
    }
    const f = fieldInfo(key);
    const m = /^strategies\.(\d+)\./.exec(key);
    const index = m === null ? -1 : Number(m[1]);
    if (f === undefined || (m !== null && index >= 8) || key.startsWith('strategies.N.')) {
      notices.push({ field: key, message: `${key}: unknown parameter, ignored` });
      unknownKeys.push(key);
      continue;
    }
    const d = (QUERY_SCHEMAS.get(f.path) as z.ZodType<unknown, string>).safeParse(raw);
    if (!d.success) {
      const fallback = m === null ? get(defaultScenario, key.split('.')) : f.default;
      const used = fallback === undefined ? 'the default' : describeValue(fallback);
      notices.push({
        field: key,
        message: `${key}: expected ${expectation(f)}, got ${describeValue(raw)}; using ${used}`,
      });
      continue;
    }
    if (m !== null) {
      strategies[index] ??= {};
      (strategies[index] as Json)[key.slice(m[0].length)] = d.data;
    } else set(input, key.split('.'), d.data);
  }
  // A copied link names every strategy with its kind. A hand-written one may change one field of one
  // strategy (`preset=game-server&strategies.1.impl=flume-bounded`): then the list starts from the
  // default strategies (a preset whose list differs has put its own, with kinds, in the query), and a
  // strategy given without a kind changes the one at its place instead of replacing the whole list.
  const partial = strategies.some((st) => st !== undefined && !('kind' in st));
  const merged = partial
    ? Array.from({ length: Math.max(strategies.length, defaultScenario.strategies.length) }, (_, i) => {
        const st = strategies[i];
        const dflt = defaultScenario.strategies[i] as Json | undefined;
        if (st === undefined) return dflt;
        return 'kind' in st || dflt === undefined ? st : { ...dflt, ...st };
      })
    : strategies;
  const given = merged.filter((s) => s !== undefined);
  if (given.length > 0) input.strategies = given;
  if (changes.length > 0) input.changes = changes;
  let r = parseScenario(input);
  // Only relations between fields can still fail (e.g. more busy channels than channels): drop those values.
  for (let attempt = 0; !r.ok && attempt < 4; attempt++) {
    for (const issue of r.issues) {
      const path = issue.field.split('.');
      const fallback = get(defaultScenario, path);
      if (path[0] === 'changes') {
        notices.push({ field: issue.field, message: `${issue.message}; the timed changes are ignored` });
        delete input.changes;
        continue;
      }
      notices.push({ field: issue.field, message: `${issue.message}; using ${describeValue(fallback)}` });
      if (path[0] === 'strategies') delete input.strategies;
      else set(input, path, fallback);
    }
    r = parseScenario(input);
  }
  return { scenario: r.ok ? r.scenario : defaultScenario, notices, unknownKeys };
}
