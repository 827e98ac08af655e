/**
 * npm run sim -- --preset NAME [--seconds S] [--seed N] [--json | --csv]
 * npm run sim -- --scenario FILE.json [--seconds S] [--seed N] [--json | --csv]
 *
 * Runs a scenario headless and prints a summary table (default), the JSON report (--json) or the
 * samples as CSV (--csv) on stdout. A progress bar goes to stderr when stderr is a terminal and the
 * run takes more than a second. Bad input: one line on stderr, exit status 2.
 */
import { parseArgs } from 'node:util';
import { readJsonFile } from './read-json.ts';
import { isPresetName, presets, PRESET_NAMES } from '../engine/presets.ts';
import { parseScenario, type Scenario } from '../engine/scenario/index.ts';
import { createSimulation } from '../engine/sim/index.ts';
import { buildReport, seriesCsv } from '../engine/sim/index.ts';

const USAGE =
  'usage: npm run sim -- (--preset NAME | --scenario FILE.json) [--seconds S] [--seed N] [--json | --csv]';

class UsageError extends Error {}

interface Options {
  preset?: string;
  file?: string;
  seconds?: number;
  seed?: number;
  format: 'table' | 'json' | 'csv';
}

/** A non-negative number given to `flag`, or a usage error naming it. */
function numberOption(flag: string, text: string, what: string, integer: boolean): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < 0) {
    throw new UsageError(`${flag}: expected ${what}, got ${JSON.stringify(text)}`);
  }
  return n;
}

function options(argv: readonly string[]): Options | 'help' | 'list' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv.filter((a) => a !== '--'),
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        list: { type: 'boolean' },
        preset: { type: 'string' },
        scenario: { type: 'string' },
        seconds: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
        csv: { type: 'boolean' },
      },
    }));
  } catch (err) {
    // parseArgs names the option in its first line ("Unknown option '--fast'", "Option '--seed <value>' argument missing")
    throw new UsageError((err as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  if (values.help === true) return 'help';
  if (values.list === true) return 'list';
  if (values.json === true && values.csv === true) fail('--json and --csv: choose one');
  if ((values.preset === undefined) === (values.scenario === undefined)) {
    fail('give either --preset NAME or --scenario FILE.json');
  }
  return {
    ...(values.preset === undefined ? {} : { preset: values.preset }),
    ...(values.scenario === undefined ? {} : { file: values.scenario }),
    ...(values.seconds === undefined
      ? {}
      : { seconds: numberOption('--seconds', values.seconds, 'a number of simulated seconds', false) }),
    ...(values.seed === undefined
      ? {}
      : { seed: numberOption('--seed', values.seed, 'a whole number', true) }),
    format: values.json === true ? 'json' : values.csv === true ? 'csv' : 'table',
  };
}

function fail(message: string): never {
  throw new UsageError(message);
}

function loadScenario(opts: Options): Scenario {
  let input: Record<string, unknown>;
  if (opts.preset !== undefined) {
    if (!isPresetName(opts.preset)) {
      fail(`unknown preset ${JSON.stringify(opts.preset)} (presets: ${PRESET_NAMES.join(', ')})`);
    }
    input = { ...presets[opts.preset].scenario };
  } else {
    const path = opts.file as string;
    const file = readJsonFile(path);
    if (!file.ok) fail(file.message);
    const doc = file.doc;
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      fail(`${path}: expected a JSON object (a scenario)`);
    }
    input = { ...(doc as Record<string, unknown>) };
  }
  if (opts.seconds !== undefined) input.durationSeconds = opts.seconds;
  if (opts.seed !== undefined) input.seed = opts.seed;
  const r = parseScenario(input);
  if (!r.ok) {
    fail(`${opts.file ?? opts.preset}: ${r.errors.join('; ')}`);
  }
  return r.scenario;
}

/** Runs to the end in slices; after a second of wall time, draws a bar on a terminal's stderr. */
function runWithProgress(scenario: Scenario) {
  const sim = createSimulation(scenario);
  const end = Math.round(scenario.durationSeconds * 1e6);
  const tty = process.stderr.isTTY === true;
  const started = performance.now();
  let drawn = false;
  const slice = Math.max(1, Math.ceil(end / 200));
  while (!sim.done) {
    sim.runUntil(sim.now + slice);
    if (tty && performance.now() - started > 1000) {
      const done = sim.now / end;
      const width = 30;
      const bar = '#'.repeat(Math.round(done * width)).padEnd(width, ' ');
      const simulated = `${(sim.now / 1e6).toFixed(1)}/${scenario.durationSeconds} s`;
      process.stderr.write(`\r[${bar}] ${(done * 100).toFixed(0).padStart(3)}%  ${simulated} simulated`);
      drawn = true;
    }
  }
  if (drawn) process.stderr.write('\r\x1b[K');
  return sim;
}

function table(report: ReturnType<typeof buildReport>): string {
  const head = ['strategy', 'peak heap', 'final heap', 'kept', 'sent', 'received', 'rejected', 'timeouts'];
  const tail = ['max depth', 'max waiting', 'p50 ms', 'p99 ms'];
  const rows = report.strategies.map((s) => [
    s.name,
    s.peak_heap_bytes,
    s.final_heap_bytes,
    s.retained_after_drain_bytes ?? '-',
    s.sent,
    s.received,
    s.rejected,
    s.timeouts,
    s.max_depth,
    s.max_waiting_senders,
    s.p50_latency_ms.toFixed(3),
    s.p99_latency_ms.toFixed(3),
  ]);
  const all = [[...head, ...tail], ...rows.map((r) => r.map(String))];
  const widths = all[0]?.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length))) ?? [];
  return all
    .map((r) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c] ?? 0) : v.padStart(widths[c] ?? 0))).join('  '))
    .join('\n');
}

function main(argv: readonly string[]): void {
  let parsed: ReturnType<typeof options>;
  let scenario: Scenario;
  try {
    parsed = options(argv);
    if (parsed === 'help') {
      process.stdout.write(`${USAGE}\npresets: ${PRESET_NAMES.join(', ')}\n`);
      return;
    }
    if (parsed === 'list') {
      for (const name of PRESET_NAMES) process.stdout.write(`${name}: ${presets[name].title}\n`);
      return;
    }
    scenario = loadScenario(parsed);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`sim: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const sim = runWithProgress(scenario);
  const report = buildReport(scenario, sim.snapshot(), sim.series());
  if (parsed.format === 'json') process.stdout.write(`${JSON.stringify(report)}\n`);
  else if (parsed.format === 'csv') process.stdout.write(seriesCsv(sim.series()));
  else
    process.stdout.write(
      `${scenario.name}: ${scenario.durationSeconds} s simulated, seed ${scenario.seed}\n${table(report)}\n`,
    );
}

try {
  main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`sim: internal error: ${(err as Error).message}\n`);
  process.exit(1);
}
