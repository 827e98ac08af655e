/**
 * A deep copy of a simulation's state, for timeline checkpoints, when the engine does not offer its
 * own `fork()`. The engine is plain data in class instances (no closures kept in its state, no DOM),
 * so copying every object with its prototype gives an independent simulation that behaves the same;
 * test/unit/worker-timeline.test.ts checks that on every preset, so an engine change that breaks the
 * assumption fails a test instead of scrubbing wrongly.
 *
 * The engine's append-only sample arrays are shared, not copied (`isAppendOnly`): rows a copy has not
 * reached yet are rewritten by it with the same values, so a checkpoint costs its state, not the
 * whole hour of samples behind it.
 */
import { isAppendOnly } from '../engine/sim/index.ts';

type Copier = (v: unknown) => unknown;

export function deepCopy<T>(root: T): T {
  const seen = new Map<object, unknown>();
  const copy: Copier = (v) => {
    if (typeof v !== 'object' || v === null) {
      if (typeof v === 'function') throw new TypeError('cannot copy a function held in simulation state');
      return v;
    }
    const done = seen.get(v);
    if (done !== undefined) return done;
    if (isAppendOnly(v)) return v;
    if (ArrayBuffer.isView(v)) {
      // typed arrays and DataViews: the platform copies them (with their buffer)
      const t = structuredClone(v);
      seen.set(v, t);
      return t;
    }
    if (Array.isArray(v)) {
      const a: unknown[] = new Array(v.length);
      seen.set(v, a);
      for (let i = 0; i < v.length; i++) a[i] = copy(v[i]);
      return a;
    }
    if (v instanceof Map) {
      const m = new Map();
      seen.set(v, m);
      for (const [k, x] of v) m.set(copy(k), copy(x));
      return m;
    }
    if (v instanceof Set) {
      const s = new Set();
      seen.set(v, s);
      for (const x of v) s.add(copy(x));
      return s;
    }
    const proto = Object.getPrototypeOf(v) as object | null;
    const o = Object.create(proto) as Record<PropertyKey, unknown>;
    seen.set(v, o);
    for (const key of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, key);
      if (d === undefined) continue;
      if ('value' in d) d.value = copy(d.value);
      Object.defineProperty(o, key, d);
    }
    return o;
  };
  return copy(root) as T;
}
