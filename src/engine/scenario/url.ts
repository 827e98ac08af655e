/**
 * A scenario in a URL query: dotted field paths as keys (`producers.count=500`,
 * `strategies.1.capacity=64`), only the values that differ from the defaults. A timed change is
 * `change.<atMs>.<path>=<value>` (`change.12000.producers.ratePerSec=5`: at 12 s the rate becomes 5),
 * one key per change, in time order; the key needs no escaping, so a link stays readable. Decoding never fails:
 * a bad value (unknown key, wrong type, out of range, NaN, empty) is replaced by the default and
 * reported as a notice naming the parameter, what it accepts, what it got and what is used instead.
 */
import { expectation, fieldInfo, SCENARIO_FIELDS, type FieldInfo } from './fields.ts';
import { describeValue, parseScenario } from './parse.ts';
import { defaultScenario, strategySchema, type Scenario } from './schema.ts';

export interface UrlNotice {
  readonly field: string;
  readonly message: string;
}

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

/** The value a query text means for field `f`, or an error text. */
function decodeValue(f: FieldInfo, raw: string): { ok: true; value: unknown } | { ok: false } {
  const text = raw.trim();
  if (text === '') return { ok: false };
  switch (f.kind) {
    case 'integer':
    case 'number': {
      const n = Number(text);
      if (!Number.isFinite(n)) return { ok: false };
      if (f.kind === 'integer' && !Number.isInteger(n)) return { ok: false };
      if ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) return { ok: false };
      return { ok: true, value: n };
    }
    case 'enum':
      return (f.options ?? []).includes(text) ? { ok: true, value: text } : { ok: false };
    case 'boolean':
      if (text === 'true' || text === '1') return { ok: true, value: true };
      if (text === 'false' || text === '0') return { ok: true, value: false };
      return { ok: false };
    case 'string':
      return { ok: true, value: text };
    case 'list': {
      if (f.path === 'message.lengths') {
        const lengths = text.split(',').map((part) => Number(part.trim()));
        const good =
          lengths.length <= 16 && lengths.every((n) => Number.isInteger(n) && n >= 0 && n <= 2 ** 32);
        return good ? { ok: true, value: lengths } : { ok: false };
      }
      const items = text.split(';').map((part) => {
        const at = part.lastIndexOf(':');
        const bytes = Number(part.slice(at + 1));
        return { site: part.slice(0, at).trim(), bytes };
      });
      const good = items.every(
        (e) => e.site !== '' && Number.isInteger(e.bytes) && e.bytes >= 0 && e.bytes <= 2 ** 30,
      );
      return good && items.length <= 8 ? { ok: true, value: items } : { ok: false };
    }
  }
}

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
    const d = decodeValue(f, raw);
    if (!d.ok) {
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
      (strategies[index] as Json)[key.slice(m[0].length)] = d.value;
    } else set(input, key.split('.'), d.value);
  }
  const given = strategies.filter((s) => s !== undefined);
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
