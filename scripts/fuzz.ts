/**
 * npm run fuzz [-- --runs N] [--seed S]
 * The long property-based run: N generated operation sequences (default 10,000) against the crate models.
 */
import fc from 'fast-check';
import { checkModelCase, modelCaseArb, modelled } from '../test/fuzz/model-ops.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(v) || v <= 0) {
    process.stderr.write(`fuzz: ${name} takes a positive integer, got ${process.argv[i + 1]}\n`);
    process.exit(2);
  }
  return v;
}

const runs = arg('--runs', 10_000);
const seed = arg('--seed', 1);
const started = process.hrtime.bigint();
let executed = 0;
const result = fc.check(
  fc.property(
    modelCaseArb.filter((mc) => modelled(mc.impl)),
    (mc) => {
      executed++;
      checkModelCase(mc);
    },
  ),
  { numRuns: runs, seed },
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (result.failed) {
  process.stdout.write(fc.defaultReportMessage(result) + '\n');
  process.stdout.write(`model fuzz: 0 passed, 1 failed (seed ${seed})\n`);
  process.exit(1);
}
process.stdout.write(
  `model fuzz: ${executed} operation sequences in ${seconds.toFixed(1)} s, seed ${seed}\n`,
);
process.stdout.write(`${result.numRuns} passed, 0 failed\n`);
