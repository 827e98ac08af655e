/** The lab (stores, bridge, actions) handed down the React tree; tests provide their own. */
import { createContext, useContext } from 'react';
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
