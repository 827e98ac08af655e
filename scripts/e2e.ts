/**
 * The browser tests: build the app, serve dist/ on a free port, run test/e2e/*.e2e.ts with node's
 * test runner against it in Debian's Chromium, stop the server. Screenshots go to test-results/.
 * Usage: npm run test:e2e [-- --skip-build] [-- --test-name-pattern=...]
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { readdirSync } from 'node:fs';
import { buildDist, serveDist } from './serve.ts';

// --skip-build is ours; every other option (--test-name-pattern=…) goes to node's test runner as given
const { values, tokens } = parseArgs({
  args: process.argv.slice(2),
  strict: false,
  allowPositionals: true,
  tokens: true,
  options: { 'skip-build': { type: 'boolean' } },
});
const skipBuild = values['skip-build'] === true;
const passThrough = tokens.flatMap((t) =>
  t.kind === 'option' && t.name !== 'skip-build'
    ? [t.rawName + (t.inlineValue === true ? `=${t.value ?? ''}` : '')]
    : t.kind === 'positional'
      ? [t.value]
      : [],
);

if (!skipBuild) await buildDist();
const server = await serveDist();
const files = readdirSync('test/e2e')
  .filter((f) => f.endsWith('.e2e.ts'))
  .map((f) => `test/e2e/${f}`);
const code = await new Promise<number>((resolve) => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...passThrough, ...files],
    { stdio: 'inherit', env: { ...process.env, CHANNEL_LAB_URL: server.url } },
  );
  child.on('exit', (c) => resolve(c ?? 1));
});
await server.stop();
process.exit(code);
