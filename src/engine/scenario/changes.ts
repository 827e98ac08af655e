/**
 * Timed parameter changes ("live knobs"): `changes: [{ atMs, path, value }]` in a scenario. From
 * `atMs` on, the run behaves as the scenario with that value would at that moment; what happened
 * before stays as it was. The engine applies each change at exactly its simulated microsecond, so
 * the same scenario (changes included) and seed give the same run, bit for bit.
 *
 * Only fields with a physical meaning in the middle of a running program can change (LIVE_FIELDS
 * says what each change means). The others are refused with a message saying why, rather than
 * faked: a channel's capacity, for one, is fixed when the channel is built in every crate.
 */
import { expectation, fieldInfo, templatePath } from './fields.ts';
import type { ScenarioChange } from './schema.ts';

/** What a change of each live field means in the running program. */
export const LIVE_FIELDS: Readonly<Record<string, string>> = {
  'producers.ratePerSec':
    'each producer offers messages at the new rate from then on (a ramp restarts its line from the new rate)',
  'producers.count':
    'more: the new producers connect then and clone a Sender; fewer: the producers above the new count stop offering messages (they stay connected and keep their Sender; a send they are parked in completes)',
  'consumers.count':
    'more: new workers start receiving then (each with its own recv_many buffer); fewer: the workers above the new count finish the batch in hand, then stop and drop their buffer',
  'consumers.serviceUs': 'batches started from then on take the new mean time; a batch in hand keeps its end',
  'consumers.stallAtMs':
    'the consumers pause during the new stall window from then on (a batch in hand keeps its end)',
  'consumers.stallForMs':
    'the consumers pause during the new stall window from then on (a batch in hand keeps its end)',
  'strategies.N.permits':
    'semaphore-gated: the gate gets the new number of permits (add_permits; fewer: the difference is taken out of circulation as permits come back, as acquire_many + forget does)',
};

/** Why a field cannot change during a run, for the ones a user is likely to try. */
const NOT_LIVE: Readonly<Record<string, string>> = {
  'strategies.N.capacity':
    "a channel's capacity is fixed when it is built (tokio::sync::mpsc::channel(n), crossbeam bounded(n), ...)",
  'strategies.N.kind': 'a strategy is a different program',
  'strategies.N.impl': 'a strategy is a different program',
  'message.type': 'the message type is fixed at compile time',
  'message.bytes': 'messages already made keep their size; change it at 0 s',
  'channels.count': 'the channels are built at the start',
  'channels.active': 'the channels are built at the start',
};

/** A change in words, for messages and chart labels: `producers.ratePerSec = 40 at 12000 ms`. */
export function describeChange(c: { atMs: number; path: string; value: unknown }): string {
  return `${c.path} = ${JSON.stringify(c.value)} at ${c.atMs} ms`;
}

/** Why a change cannot be applied on its own (path, value), or null when it can. */
export function changeProblem(
  c: { path: string; value: unknown },
  strategyKinds?: readonly string[],
): string | null {
  const template = templatePath(c.path);
  const info = fieldInfo(c.path);
  if (info === undefined || c.path.startsWith('strategies.N.')) return `unknown field "${c.path}"`;
  if (LIVE_FIELDS[template] === undefined) {
    const why = NOT_LIVE[template] ?? 'it has no meaning in the middle of a run';
    return `${c.path} cannot change during a run: ${why} (fields that can: ${Object.keys(LIVE_FIELDS).join(', ')})`;
  }
  const m = /^strategies\.(\d+)\./.exec(c.path);
  if (m !== null && strategyKinds !== undefined) {
    const kind = strategyKinds[Number(m[1])];
    if (kind === undefined)
      return `${c.path}: there is no strategy ${m[1]} (${strategyKinds.length} strategies)`;
    if (template === 'strategies.N.permits' && !kind.startsWith('semaphore')) {
      return `${c.path}: strategy ${m[1]} is ${kind}; permits only apply to semaphore-gated strategies`;
    }
  }
  const v = c.value;
  const numeric = info.kind === 'integer' || info.kind === 'number';
  const ok =
    numeric &&
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (info.kind !== 'integer' || Number.isInteger(v)) &&
    (info.min === undefined || v >= info.min) &&
    (info.max === undefined || v <= info.max);
  return ok ? null : `${c.path}: expected ${expectation(info)}, got ${JSON.stringify(v) ?? String(v)}`;
}

type Json = Record<string, unknown>;

/** `o` with `value` at `path`, copied along the path (arrays stay arrays); the rest is shared. */
function setAt(o: unknown, path: readonly string[], value: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  if (Array.isArray(o)) {
    const a: unknown[] = [...o];
    a[Number(key)] = setAt(a[Number(key)], rest, value);
    return a;
  }
  const copy: Json = typeof o === 'object' && o !== null ? { ...o } : {};
  copy[key] = setAt(copy[key], rest, value);
  return copy;
}

/** The scenario (as plain data) with one change applied; the input is not modified. */
export function withChange<S extends object>(s: S, c: Pick<ScenarioChange, 'path' | 'value'>): S {
  // copy on write along the path: the rest is shared with the input, which nobody mutates
  return setAt(s, c.path.split('.'), c.value) as S;
}

/**
 * The distinct change times (µs) with the scenario in force from each on: element 0 is the base
 * scenario from time 0 (changes at 0 included), then one entry per later time.
 */
export function changeEpochs<S extends { changes: readonly ScenarioChange[] }>(
  s: S,
): { readonly atUs: number; readonly scenario: S }[] {
  const out: { atUs: number; scenario: S }[] = [];
  let current = s;
  for (const c of s.changes) {
    const atUs = Math.round(c.atMs * 1000);
    current = withChange(current, c);
    const last = out[out.length - 1];
    if (last !== undefined && last.atUs === atUs) last.scenario = current;
    else out.push({ atUs, scenario: current });
  }
  if (out[0]?.atUs !== 0) out.unshift({ atUs: 0, scenario: s });
  return out;
}
