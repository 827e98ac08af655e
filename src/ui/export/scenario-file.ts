/**
 * The scenario as a JSON file for `npm run sim -- --scenario FILE`: the validated scenario exactly as
 * the engine's schema produced it (every field, no unknown keys), so the command line reruns what
 * the page shows.
 */
import type { Scenario } from '../../engine/scenario/index.ts';
import { slug } from './download.ts';

export function scenarioFileText(s: Scenario): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}

export function scenarioFileName(s: Scenario): string {
  return `channel-lab-${slug(s.name)}.json`;
}
