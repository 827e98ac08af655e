/** Reads a JSON file for a headless command; any failure becomes one line for the user, never a stack. */
import { readFileSync } from 'node:fs';

export type JsonFile =
  { readonly ok: true; readonly doc: unknown } | { readonly ok: false; readonly message: string };

export function readJsonFile(path: string): JsonFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return { ok: false, message: `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code}` };
  }
  try {
    return { ok: true, doc: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: `${path} is not valid JSON: ${(err as Error).message}` };
  }
}
