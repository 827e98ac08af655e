/**
 * Reading a scenario back from a JSON file (the one "Export → Scenario JSON" writes, or one written
 * by hand for `npm run sim -- --scenario`): every problem names the field, as the engine's parser
 * words it.
 */
import { parseScenario, type Scenario } from '../../engine/scenario/index.ts';

export type LoadedScenario =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Largest file read: a scenario is a few KiB; anything bigger is not one. */
export const MAX_SCENARIO_FILE_BYTES = 1 << 20;

export function scenarioFromText(text: string): LoadedScenario {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`not valid JSON: ${(e as Error).message}`] };
  }
  const r = parseScenario(doc);
  return r.ok ? { ok: true, scenario: r.scenario } : { ok: false, errors: r.errors };
}

export async function scenarioFromFile(file: File): Promise<LoadedScenario> {
  if (file.size > MAX_SCENARIO_FILE_BYTES) {
    return { ok: false, errors: [`${file.name} is ${file.size} bytes: a scenario file is at most 1 MiB`] };
  }
  let text: string;
  try {
    text = await readText(file);
  } catch (e) {
    return { ok: false, errors: [`cannot read ${file.name}: ${(e as Error).message}`] };
  }
  return scenarioFromText(text);
}

/** `Blob.text()`, or a FileReader where a browser (or jsdom) lacks it. */
function readText(file: File): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsText(file);
  });
}
