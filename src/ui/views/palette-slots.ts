/**
 * Which palette entry (palette.ts) the strategy a view numbers k takes. In the app, entry k. In an
 * embed that shows some of the strategies (`strategies=1,2`) the views see them renumbered 0, 1, …
 * (embed/project.ts); each keeps the colour and dashes of its place in the scenario, so a figure
 * matches the app, its own exports and the other figures of the same post.
 */
import { createContext, useContext } from 'react';

/** `slots[k]`: the scenario index of the k-th strategy shown; null: every strategy, in order. */
export const PaletteSlots = createContext<readonly number[] | null>(null);

const same = (k: number) => k;

export function usePaletteSlot(): (k: number) => number {
  const slots = useContext(PaletteSlots);
  return slots === null ? same : (k) => slots[k] ?? k;
}
