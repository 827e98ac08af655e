/**
 * `npm run lesson:check -- FILE...`: checks lesson files against the lesson format
 * (public/lesson.schema.json) and computes every figure and answer with the models. One line per
 * problem on stderr, naming the file and the field; exit status 1 if any file has a problem, 2 on a
 * usage error, 0 when every file is fine.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkLessonFully, fill, parseLessonText } from '../content/lessons.ts';

const USAGE = 'usage: npm run lesson:check -- FILE.json [FILE.json ...]';

function main(argv: readonly string[]): number {
  let files: string[];
  try {
    const { positionals, values } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h' } },
    });
    if (values.help === true) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    files = positionals;
  } catch (e) {
    process.stderr.write(`lesson:check: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  if (files.length === 0) {
    process.stderr.write(`lesson:check: no file given\n${USAGE}\n`);
    return 2;
  }
  let bad = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      process.stderr.write(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})\n`);
      bad++;
      continue;
    }
    const parsed = parseLessonText(text, file);
    const r = parsed.ok ? checkLessonFully(parsed.lesson.data, file) : parsed;
    if (r.ok) {
      const n = r.lesson.steps.length;
      const title = fill(r.lesson, r.lesson.data.title);
      process.stdout.write(`${file}: ok, “${title}”, ${n} ${n === 1 ? 'step' : 'steps'}\n`);
    } else {
      bad++;
      for (const p of r.problems) process.stderr.write(`${file}: ${p}\n`);
    }
  }
  return bad > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
