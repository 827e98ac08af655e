/**
 * npm run sweep -- (--preset NAME | --scenario FILE.json) --param PATH
 *                  (--values A,B,C | --from A --to B --steps N [--log]) [--json | --csv]
 *
 * Runs the scenario once per value of one parameter and prints, per strategy and value, the peak
 * heap, the heap at the end, the heap kept after the queue drained, the p99 latency, rejects and
 * timeouts: a table (default), JSON or CSV. Bad input: one line on stderr naming the parameter, exit
 * status 2. The runner is the engine's (src/engine/sweep.ts), shared with the app's sweep worker.
 */
import { parseArgs } from 'node:util';
import { readJsonFile } from './read-json.ts';
import { isPresetName, presets, PRESET_NAMES } from '../engine/presets.ts';
import { parseScenario, type Scenario } from '../engine/scenario/index.ts';
import {
  checkSweepParam,
  checkValues,
  rangeValues,
  runSweep,
  sweepCsv,
  type SweepResult,
} from '../engine/sweep.ts';

const USAGE =
  'usage: npm run sweep -- (--preset NAME | --scenario FILE.json) --param PATH ' +
  '(--values A,B,C | --from A --to B --steps N [--log]) [--json | --csv]';

class UsageError extends Error {}
const fail = (message: string): never => {
  throw new UsageError(message);
};

function number(flag: string, text: string | undefined): number {
  const n = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(n)) {
    fail(`--${flag}: expected a number, got ${JSON.stringify(text ?? '')}`);
  }
  return n;
}

interface Plan {
  scenario: Scenario;
  param: string;
  values: number[];
  format: 'table' | 'json' | 'csv';
}

function plan(argv: readonly string[]): Plan | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.filter((a) => a !== '--'),
      strict: true,
      allowPositionals: false,
      options: {
        preset: { type: 'string' },
        scenario: { type: 'string' },
        param: { type: 'string' },
        values: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        steps: { type: 'string' },
        log: { type: 'boolean' },
        json: { type: 'boolean' },
        csv: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    // parseArgs names the option in its message ("Unknown option '--foo'", "Option '--param <value>' argument missing")
    return fail((err as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const o = parsed.values;
  if (o.help === true) return 'help';
  if (o.json === true && o.csv === true) fail('--json and --csv: choose one');
  if ((o.preset === undefined) === (o.scenario === undefined)) {
    fail('--preset / --scenario: give exactly one of them');
  }
  let input: Record<string, unknown>;
  if (o.preset !== undefined) {
    if (!isPresetName(o.preset)) {
      fail(`--preset: unknown preset ${JSON.stringify(o.preset)} (presets: ${PRESET_NAMES.join(', ')})`);
    }
    input = { ...presets[o.preset as keyof typeof presets].scenario };
  } else {
    const file = readJsonFile(o.scenario as string);
    if (!file.ok) return fail(`--scenario: ${file.message}`);
    if (typeof file.doc !== 'object' || file.doc === null || Array.isArray(file.doc)) {
      fail(`--scenario: ${o.scenario}: expected a JSON object (a scenario)`);
    }
    input = { ...(file.doc as Record<string, unknown>) };
  }
  const r = parseScenario(input);
  if (!r.ok) return fail(`--scenario: ${r.errors.join('; ')}`);
  const scenario = r.scenario;

  if (o.param === undefined) fail('--param: required (a scenario path such as strategies.1.capacity)');
  const param = checkSweepParam(o.param as string, scenario);
  if (!param.ok) return fail(param.message);

  let values: number[];
  const range = o.from !== undefined || o.to !== undefined || o.steps !== undefined;
  if (o.values !== undefined) {
    if (range) fail('--values: give either --values or --from/--to/--steps, not both');
    if (o.log === true) fail('--log: only with --from/--to/--steps');
    const list = o.values.split(',').map((t) => number('values', t));
    const checked = checkValues(param.value, list);
    if (!checked.ok) return fail(checked.message);
    values = checked.value;
  } else {
    if (o.from === undefined) fail('--from: required with --to and --steps (or give --values)');
    if (o.to === undefined) fail('--to: required with --from and --steps');
    if (o.steps === undefined) fail('--steps: required with --from and --to');
    const steps = number('steps', o.steps);
    const r2 = rangeValues(param.value, number('from', o.from), number('to', o.to), steps, o.log === true);
    if (!r2.ok) return fail(r2.message);
    const checked = checkValues(param.value, r2.value);
    if (!checked.ok) return fail(checked.message.replace('--values', '--from/--to'));
    values = checked.value;
  }
  return { scenario, param: param.value, values, format: o.json ? 'json' : o.csv ? 'csv' : 'table' };
}

function table(r: SweepResult): string {
  const head = ['strategy', r.param, 'peak heap', 'final heap', 'kept', 'p99 ms', 'rejected', 'timeouts'];
  const rows = r.strategies.flatMap((s) =>
    s.points.map((p) => [
      s.name,
      String(p.value),
      String(p.peak_heap_bytes),
      String(p.final_heap_bytes),
      p.retained_after_drain_bytes === null ? '-' : String(p.retained_after_drain_bytes),
      p.p99_latency_ms.toFixed(3),
      String(p.rejected),
      String(p.timeouts),
    ]),
  );
  const all = [head, ...rows];
  const widths = head.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  return all
    .map((row) =>
      row.map((v, c) => (c === 0 ? v.padEnd(widths[c] ?? 0) : v.padStart(widths[c] ?? 0))).join('  '),
    )
    .join('\n');
}

function main(argv: readonly string[]): void {
  let p: Plan | 'help';
  try {
    p = plan(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`sweep: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (p === 'help') {
    process.stdout.write(`${USAGE}\npresets: ${PRESET_NAMES.join(', ')}\n`);
    return;
  }
  let result: SweepResult;
  try {
    result = runSweep(p.scenario, p.param, p.values);
  } catch (err) {
    // a value the schema refuses in combination with the others (e.g. more busy channels than channels)
    process.stderr.write(`sweep: --param: ${(err as Error).message}\n`);
    process.exit(2);
  }
  if (p.format === 'json') process.stdout.write(`${JSON.stringify(result)}\n`);
  else if (p.format === 'csv') process.stdout.write(sweepCsv(result));
  else
    process.stdout.write(`${p.scenario.name}: ${p.param} over ${p.values.length} values\n${table(result)}\n`);
}

try {
  main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`sweep: internal error: ${(err as Error).message}\n`);
  process.exit(1);
}
