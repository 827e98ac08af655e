/**
 * npm run replay -- FILE.json
 * Replays every case of a golden trace file against the models and prints the prediction JSON on
 * stdout. Bad input: one line on stderr, exit status 2.
 */
import { readFileSync } from 'node:fs';
import { GoldenFormatError, parseGolden, replayGolden } from '../engine/golden.ts';
import { HeapError } from '../engine/heap.ts';
import { HandleError } from '../engine/channels/types.ts';

function fail(message: string): never {
  process.stderr.write(`replay: ${message}\n`);
  process.exit(2);
}

function main(argv: readonly string[]): void {
  const args = argv.filter((a) => a !== '--');
  if (args.length !== 1 || args[0] === undefined || args[0].startsWith('-')) {
    fail('usage: npm run replay -- GOLDEN.json');
  }
  const path = args[0];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    fail(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    fail(`${path} is not valid JSON: ${(err as Error).message}`);
  }
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
