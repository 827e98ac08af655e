/**
 * Named scenarios kept in this browser (localStorage). Every operation returns a result instead of
 * throwing: storage can be disabled, full (QuotaExceededError) or hold something another version
 * wrote, and none of that may break the page. Entries that no longer validate are skipped on read.
 */
import { parseScenario, type Scenario } from '../../engine/scenario/index.ts';

export const STORAGE_KEY = 'channel-lab.saved-scenarios';
export const MAX_NAME = 80;
export const MAX_SAVED = 100;

export interface SavedScenario {
  readonly name: string;
  readonly scenario: Scenario;
}

export type StoreResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // a sandboxed frame or disabled storage throws on mere access
    return null;
  }
}

function reason(e: unknown): string {
  if (e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22)) {
    return 'the browser storage for this site is full';
  }
  return `the browser refused to store it (${(e as Error).message})`;
}

/** The saved scenarios, in the order they were saved. */
export function listSaved(): StoreResult<SavedScenario[]> {
  const s = storage();
  if (s === null) return { ok: false, error: 'this browser does not allow storing scenarios here' };
  let raw: string | null;
  try {
    raw = s.getItem(STORAGE_KEY);
  } catch (e) {
    return { ok: false, error: reason(e) };
  }
  if (raw === null) return { ok: true, value: [] };
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    return { ok: true, value: [] };
  }
  const items = (doc as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return { ok: true, value: [] };
  const out: SavedScenario[] = [];
  for (const item of items) {
    const name = (item as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') continue;
    const r = parseScenario((item as { scenario?: unknown }).scenario);
    if (r.ok) out.push({ name, scenario: r.scenario });
  }
  return { ok: true, value: out };
}

function write(items: readonly SavedScenario[]): StoreResult<SavedScenario[]> {
  const s = storage();
  if (s === null) return { ok: false, error: 'this browser does not allow storing scenarios here' };
  try {
    s.setItem(STORAGE_KEY, JSON.stringify({ version: 1, items }));
    return { ok: true, value: [...items] };
  } catch (e) {
    return { ok: false, error: reason(e) };
  }
}

/** What is wrong with a name, or null. */
export function nameProblem(name: string): string | null {
  const n = name.trim();
  if (n === '') return 'Give the scenario a name.';
  if (n.length > MAX_NAME) return `A name is at most ${MAX_NAME} characters.`;
  return null;
}

/** Saves under `name`, replacing a scenario of the same name. */
export function saveScenario(name: string, scenario: Scenario): StoreResult<SavedScenario[]> {
  const problem = nameProblem(name);
  if (problem !== null) return { ok: false, error: problem };
  const list = listSaved();
  if (!list.ok) return list;
  const n = name.trim();
  const others = list.value.filter((x) => x.name !== n);
  if (others.length >= MAX_SAVED) return { ok: false, error: `at most ${MAX_SAVED} scenarios can be kept` };
  return write([...others, { name: n, scenario }]);
}

export function renameScenario(from: string, to: string): StoreResult<SavedScenario[]> {
  const problem = nameProblem(to);
  if (problem !== null) return { ok: false, error: problem };
  const list = listSaved();
  if (!list.ok) return list;
  const n = to.trim();
  if (n !== from && list.value.some((x) => x.name === n)) return { ok: false, error: `“${n}” is taken.` };
  return write(list.value.map((x) => (x.name === from ? { ...x, name: n } : x)));
}

export function deleteScenario(name: string): StoreResult<SavedScenario[]> {
  const list = listSaved();
  if (!list.ok) return list;
  return write(list.value.filter((x) => x.name !== name));
}
