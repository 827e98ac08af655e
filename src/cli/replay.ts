/**
 * npm run replay -- FILE.json
 * Replays every case of a golden trace file against the models and prints the prediction JSON on
 * stdout. Bad input: one line on stderr, exit status 2.
 */
import { parseArgs } from 'node:util';
import { readJsonFile } from './read-json.ts';
import { GoldenFormatError, parseGolden, replayGolden } from '../engine/golden.ts';
import { HeapError } from '../engine/heap.ts';
import { HandleError } from '../engine/channels/index.ts';

function fail(message: string): never {
  process.stderr.write(`replay: ${message}\n`);
  process.exit(2);
}

function main(argv: readonly string[]): void {
  const usage = 'usage: npm run replay -- GOLDEN.json';
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({
      args: argv.filter((a) => a !== '--'),
      allowPositionals: true,
      options: {},
    }));
  } catch (err) {
    fail(`${(err as Error).message.split('\n')[0] ?? 'bad arguments'}; ${usage}`);
  }
  const [path] = positionals;
  if (positionals.length !== 1 || path === undefined) fail(usage);
  const file = readJsonFile(path);
  if (!file.ok) fail(file.message);
  const doc = file.doc;
  try {
    const prediction = replayGolden(parseGolden(doc));
    const lines = prediction.cases.map((c) => JSON.stringify({ name: c.name, steps: c.steps }));
    process.stdout.write(
      `{"impl": ${JSON.stringify(prediction.impl)}, "cases": [\n${lines.join(',\n')}\n]}\n`,
    );
  } catch (err) {
    if (err instanceof GoldenFormatError || err instanceof HandleError || err instanceof HeapError) {
      fail(`${path}: ${err.message}`);
    }
    fail(`${path}: internal error: ${(err as Error).message}`);
  }
}

main(process.argv.slice(2));
