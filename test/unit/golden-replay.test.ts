// Every golden trace (measured from the real crates) must be reproduced exactly, step by step:
// golden/1 in test/golden/, golden/2 (waiting operations, family T11) in test/golden/waits/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGolden, replayCase, type GoldenStep } from '../../src/engine/golden.ts';

const root = join(import.meta.dirname, '..', 'golden');
const files = [
  ...readdirSync(root).filter((f) => f.endsWith('.json')),
  ...readdirSync(join(root, 'waits'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => join('waits', f)),
];
const FIELDS = [
  'live_bytes',
  'allocs',
  'deallocs',
  'reallocs',
  'pending',
  'sent',
  'rejected',
  'received',
] as const;

describe.each(files)('golden %s', (file) => {
  const doc = JSON.parse(readFileSync(join(root, file), 'utf8')) as {
    cases: { name: string; steps: GoldenStep[] }[];
  };
  const golden = parseGolden(doc);
  it.each(golden.cases.map((c, i) => [c.name, i] as const))('%s is exact', (_name, i) => {
    const c = golden.cases[i]!;
    const expected = doc.cases[i]!.steps;
    const got = replayCase(golden.impl, golden.message, c);
    expect(got.refusal).toBeUndefined();
    for (let s = 0; s < expected.length; s++) {
      const e = expected[s]!;
      const g = got.steps[s];
      const diff = FIELDS.filter((f) => g?.[f] !== e[f]);
      if (diff.length > 0) {
        expect.fail(
          `step ${s} op ${JSON.stringify(c.ops[s])}: ` +
            diff.map((f) => `${f} expected ${e[f]}, got ${g?.[f]}`).join('; '),
        );
      }
    }
    expect(got.steps).toHaveLength(expected.length);
  });
});
