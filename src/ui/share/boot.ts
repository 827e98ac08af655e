/**
 * Starting the lab from its address: the scenario (or the default preset when the link names none),
 * the view state, then the time. The worker receives `load` first and `seek` after it, so the
 * simulation replays to the linked moment.
 */
import type { Lab } from '../store.ts';
import { DEFAULT_VIEW, type decodeLabUrl } from '../url-state.ts';

export type DecodedUrl = ReturnType<typeof decodeLabUrl>;

export function bootLab(lab: Lab, url: DecodedUrl, defaultPreset: string): void {
  if (url.hasScenario) lab.actions.loadScenario(url.scenario, url.preset);
  else lab.actions.loadPreset(defaultPreset);
  if (url.view.focus !== DEFAULT_VIEW.focus) lab.actions.setFocus(url.view.focus);
  if (url.view.metric !== DEFAULT_VIEW.metric) lab.actions.setSecondMetric(url.view.metric);
  if (url.view.speed !== DEFAULT_VIEW.speed) lab.actions.setSpeed(url.view.speed);
  if (url.sweep) lab.actions.setSweep(url.sweep);
  if (url.calculator) lab.actions.setCalculator(url.calculator);
  if (url.timeMs > 0) lab.actions.seek(url.timeMs);
}
