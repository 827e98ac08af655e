/**
 * What differs between two scenarios, as the panel names it: "recv_many limit", "strategy 2
 * capacity", "the strategy list". Used to say a preset was modified, and how.
 */
import { fieldInfo } from '../../engine/scenario/index.ts';

type Json = Record<string, unknown>;

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Json)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Json)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => same((a as Json)[k], (b as Json)[k]));
}

const labelOf = (path: string): string => fieldInfo(path)?.label ?? path;

/** Field labels that differ, in schema order; strategies compared one by one. */
export function differences(beforeScenario: object, afterScenario: object): string[] {
  const before = beforeScenario as Json;
  const after = afterScenario as Json;
  const out: string[] = [];
  for (const key of Object.keys(before)) {
    const a = before[key];
    const b = after[key];
    if (key === 'strategies') {
      const la = Array.isArray(a) ? (a as Json[]) : [];
      const lb = Array.isArray(b) ? (b as Json[]) : [];
      if (la.length !== lb.length) out.push(`the strategy list (${la.length} → ${lb.length})`);
      else
        la.forEach((st, i) => {
          for (const f of new Set([...Object.keys(st), ...Object.keys(lb[i] ?? {})])) {
            if (!same(st[f], lb[i]?.[f])) out.push(`strategy ${i + 1} ${labelOf(`strategies.N.${f}`)}`);
          }
        });
    } else if (key !== 'name' && typeof a === 'object' && a !== null && !Array.isArray(a)) {
      for (const f of Object.keys(a)) {
        if (!same((a as Json)[f], (b as Json | undefined)?.[f])) out.push(labelOf(`${key}.${f}`));
      }
    } else if (key !== 'name' && !same(a, b)) out.push(labelOf(key));
  }
  return out;
}
