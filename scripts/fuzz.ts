/**
 * npm run fuzz [-- --runs N] [--scenarios M] [--seed S]
 * The long property-based run: N generated operation sequences against the crate models (default
 * 10,000), M generated scenarios through the whole engine (default 200), M saturated bounded
 * scenarios run with and without the saturated fast path, M scenarios of a consumer that keeps up
 * run with and without the keep-up fast path, M with two or three tokio strategies that the keep-up
 * path runs in lockstep (src/engine/sim/lockstep.ts), and M of the keep-up ones and M of the lockstep
 * ones again with their lanes stopped at every sample and each strategy alone (engine.ts, service.ts). `npm test` runs a
 * short version of each (test/unit/fuzz-*.test.ts).
 */
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { checkModelCase, modelCaseArb } from '../test/fuzz/model-ops.ts';
import {
  checkFastPath,
  checkKeepUp,
  checkLanesApart,
  checkScenario,
  keepUpArb,
  lockstepArb,
  saturatedArb,
  scenarioArb,
} from '../test/fuzz/scenario-props.ts';

function usage(message: string): never {
  process.stderr.write(`fuzz: ${message}\n`);
  process.exit(2);
}

let given: Partial<Record<'runs' | 'scenarios' | 'seed', string>>;
try {
  ({ values: given } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: { runs: { type: 'string' }, scenarios: { type: 'string' }, seed: { type: 'string' } },
  }));
} catch (err) {
  usage((err as Error).message.split('\n')[0] ?? 'bad arguments');
}

function arg(name: 'runs' | 'scenarios' | 'seed', fallback: number): number {
  const text = given[name];
  const v = text === undefined ? fallback : Number(text);
  if (text?.trim() === '' || !Number.isSafeInteger(v) || v < 0) {
    usage(`--${name} takes a non-negative integer, got ${JSON.stringify(text)}`);
  }
  return v;
}

const runs = arg('runs', 10_000);
const scenarios = arg('scenarios', 200);
const seed = arg('seed', 1);
let failed = 0;
let passed = 0;

function phase<T>(what: string, arb: fc.Arbitrary<T>, check: (t: T) => void, numRuns: number): void {
  if (numRuns === 0) return;
  const started = process.hrtime.bigint();
  const result = fc.check(fc.property(arb, check), { numRuns, seed });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.failed) {
    failed++;
    process.stdout.write(`${what}: FAILED\n${fc.defaultReportMessage(result)}\n`);
  } else {
    passed++;
    process.stdout.write(
      `${what}: ${result.numRuns} generated cases in ${seconds.toFixed(1)} s, seed ${seed}\n`,
    );
  }
}

phase('crate models under operation sequences', modelCaseArb, checkModelCase, runs);
phase('engine under scenarios', scenarioArb, checkScenario, scenarios);
phase('saturated fast path against the general path', saturatedArb, checkFastPath, scenarios);
phase('keep-up fast path against the general path', keepUpArb, checkKeepUp, scenarios);
phase('tokio lanes in lockstep against the general path', lockstepArb, checkKeepUp, scenarios);
phase('lanes stopped at every sample, and each strategy alone', keepUpArb, checkLanesApart, scenarios);
phase(
  'tokio lanes in lockstep stopped at every sample, and each strategy alone',
  lockstepArb,
  (s) => checkLanesApart(s, false),
  scenarios,
);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
