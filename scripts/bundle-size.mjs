#!/usr/bin/env node
// npm run size [-- --json]: gzip size of the JavaScript the production build loads up front (the entry
// script and its modulepreloads in dist/index.html; lazily loaded chunks and the worker are not initial).
// Exits 1 when it exceeds the budget.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';

const BUDGET_KB = 220;
const dist = join(import.meta.dirname, '..', 'dist');
if (!existsSync(join(dist, 'index.html'))) {
  process.stderr.write('size: dist/index.html not found; run `npm run build` first\n');
  process.exit(2);
}
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const refs = new Set();
for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) refs.add(m[1]);
for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) refs.add(m[1]);
const gz = (file) => gzipSync(readFileSync(join(dist, file))).length;
const initial = [...refs].map((ref) => {
  const file = ref.replace(/^\.?\//, '');
  return { file, gzip_bytes: gz(file) };
});
const all = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
const lazy = all
  .map((f) => `assets/${f}`)
  .filter((f) => !initial.some((i) => i.file === f))
  .map((file) => ({ file, gzip_bytes: gz(file) }));
const total = initial.reduce((s, f) => s + f.gzip_bytes, 0);
const report = { initial_js_gzip_kb: +(total / 1024).toFixed(1), budget_kb: BUDGET_KB, initial, lazy };
const { values: flags } = parseArgs({ options: { json: { type: 'boolean' } } });
if (flags.json === true) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
else {
  for (const f of initial)
    process.stdout.write(`initial ${f.file}: ${(f.gzip_bytes / 1024).toFixed(1)} KB gzip\n`);
  for (const f of lazy)
    process.stdout.write(`lazy    ${f.file}: ${(f.gzip_bytes / 1024).toFixed(1)} KB gzip\n`);
  process.stdout.write(`initial JavaScript: ${report.initial_js_gzip_kb} KB gzip (budget ${BUDGET_KB} KB)\n`);
}
process.exit(total > BUDGET_KB * 1024 ? 1 : 0);
