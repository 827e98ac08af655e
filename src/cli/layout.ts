/**
 * npm run layout -- "TYPE"          prints {"type", "size_of", "align_of"} of a Rust type expression
 * npm run layout -- --file F.json   answers a whole `rust-layout/1` file in the same shape
 * Layouts follow rustc 1.95 on x86_64 (src/engine/rust-type). A type that cannot be laid out: one
 * line on stderr naming the part, exit status 2 (with --file: its entry gets an "error" instead of
 * sizes, and the exit status is 1).
 */
import { parseArgs } from 'node:util';
import { layoutRecord } from '../engine/rust-type/index.ts';
import { readJsonFile } from './read-json.ts';

const USAGE = 'usage: npm run layout -- "TYPE" | --file TYPES.json';

function fail(message: string): never {
  process.stderr.write(`layout: ${message}\n`);
  process.exit(2);
}

function main(argv: readonly string[]): void {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { file: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (err) {
    fail(`${(err as Error).message}; ${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.file !== undefined) {
    if (positionals.length > 0) fail(`give either a type or --file, not both; ${USAGE}`);
    answerFile(values.file);
    return;
  }
  if (positionals.length !== 1) fail(USAGE);
  const record = layoutRecord(positionals[0] as string);
  if ('error' in record) fail(record.error);
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

function answerFile(path: string): void {
  const file = readJsonFile(path);
  if (!file.ok) fail(file.message);
  const doc = file.doc as { format?: unknown; types?: unknown } | null;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) fail(`${path}: expected a JSON object`);
  if (doc.format !== 'rust-layout/1')
    fail(`${path}: format: expected "rust-layout/1", got ${JSON.stringify(doc.format)}`);
  if (!Array.isArray(doc.types)) fail(`${path}: types: expected an array`);
  const types = doc.types.map((entry: unknown, i: number) => {
    const type = typeof entry === 'string' ? entry : (entry as { type?: unknown } | null)?.type;
    if (typeof type !== 'string') fail(`${path}: types.${i}.type: expected a string`);
    return layoutRecord(type);
  });
  const { types: _given, ...header } = doc as Record<string, unknown>;
  const lines = types.map((t) => `  ${JSON.stringify(t)}`);
  process.stdout.write(
    `{${Object.entries(header)
      .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}, `)
      .join('')}"types": [\n${lines.join(',\n')}\n]}\n`,
  );
  if (types.some((t) => 'error' in t)) process.exitCode = 1;
}

main(process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--')));
