/** The lab (stores, bridge, actions) handed down the React tree; tests provide their own. */
import { createContext, startTransition, useContext, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { Lab, LabState } from './store.ts';

export const LabContext = createContext<Lab | null>(null);

export function useLab(): Lab {
  const lab = useContext(LabContext);
  if (lab === null) throw new Error('useLab: no LabContext provider');
  return lab;
}

/** A slice of the parameter/view state; the component re-renders when the slice changes. */
export function useLabState<T>(selector: (s: LabState) => T): T {
  return useStore(useLab().store, selector);
}

/**
 * `useLabState` for a slice computed from the parameters alone (the values being edited and the
 * scenario in use): computed again only when one of the two is a new object. zustand runs every
 * subscriber's selector at every store update (a run starting or stopping, a focus change, each key
 * press on any slider), and some of these slices are dear: the differences from the preset took 7 ms
 * of a slider's first key press under 4x CPU throttling (#16). `deps`: what `compute` reads besides.
 */
export function useParamsState<T>(
  compute: (values: LabState['values'], scenario: LabState['scenario']) => T,
  deps: readonly unknown[],
): T {
  const cache = useRef<{
    values: LabState['values'];
    scenario: LabState['scenario'];
    deps: readonly unknown[];
    out: T;
  } | null>(null);
  return useLabState((s) => {
    const c = cache.current;
    if (
      c !== null &&
      c.values === s.values &&
      c.scenario === s.scenario &&
      c.deps.length === deps.length &&
      c.deps.every((d, i) => Object.is(d, deps[i]))
    )
      return c.out;
    const out = compute(s.values, s.scenario);
    cache.current = { values: s.values, scenario: s.scenario, deps, out };
    return out;
  });
}

/**
 * Like `useLabState`, but a change reaches the component in a transition: React renders it in the
 * background, in slices that yield to the frames, instead of in the urgent render that answers the
 * worker's message. zustand's subscription (useSyncExternalStore) always renders synchronously: the
 * worker's answer to a slider's key press (a new scenario, strategies renamed) re-rendered every view
 * that shows a label in one 13 ms task at 4x CPU throttling (#16). For views whose text may follow a
 * frame or two later: the labels in the charts' legend and the panels below them.
 * `selector` reads the store only (not props: it is taken afresh at each store update).
 * `equal` (default `Object.is`): when the new slice counts as unchanged.
 */
export function useLabStateInTransition<T>(
  selector: (s: LabState) => T,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const { store } = useLab();
  const latest = useRef({ selector, equal });
  useEffect(() => {
    latest.current = { selector, equal };
  });
  const [value, setValue] = useState(() => selector(store.getState()));
  // the slice last handed to React: an equal one schedules nothing (every key press on a slider is a
  // store update, and most subscribers' slices stay as they were)
  const handed = useRef(value);
  useEffect(() => {
    const check = () => {
      const { selector: pick, equal: same } = latest.current;
      const next = pick(store.getState());
      if (same(handed.current, next)) return;
      handed.current = next;
      startTransition(() => setValue(next));
    };
    // a change between the first render and this subscription
    check();
    return store.subscribe(check);
  }, [store]);
  return value;
}
