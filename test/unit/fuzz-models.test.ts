// A short property-based run over generated operation sequences (the long run: `npm run fuzz`).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { checkModelCase, modelCaseArb } from '../fuzz/model-ops.ts';

describe('crate models under generated operation sequences', () => {
  it('never throw, never go negative, free everything at the end, and are deterministic', () => {
    fc.assert(
      fc.property(modelCaseArb, (mc) => checkModelCase(mc)),
      { numRuns: 300, seed: 20261123 },
    );
  });
});
