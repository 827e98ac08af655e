// A short property-based run over generated scenarios (the long run: `npm run fuzz`).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  checkFastPath,
  checkKeepUp,
  checkLanesApart,
  checkScenario,
  keepUpArb,
  saturatedArb,
  scenarioArb,
} from '../fuzz/scenario-props.ts';

describe('the engine under generated scenarios', () => {
  it('stays finite, conserves messages, matches its heap by site and is deterministic', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => checkScenario(s)),
      { numRuns: 40, seed: 42 },
    );
  }, 120_000);

  it('gives the same run with and without the saturated fast path', () => {
    fc.assert(
      fc.property(saturatedArb, (s) => checkFastPath(s)),
      { numRuns: 30, seed: 7 },
    );
  }, 120_000);

  it('gives the same run with and without the keep-up fast path', () => {
    fc.assert(
      fc.property(keepUpArb, (s) => checkKeepUp(s)),
      { numRuns: 25, seed: 11 },
    );
  }, 120_000);

  it('gives the same run however its lanes are stopped, and each strategy the same run alone', () => {
    fc.assert(
      fc.property(keepUpArb, (s) => checkLanesApart(s)),
      { numRuns: 12, seed: 13 },
    );
  }, 120_000);
});
