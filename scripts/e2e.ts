/**
 * The browser tests: build the app, serve dist/ on a free port, run test/e2e/*.e2e.ts with node's
 * test runner against it in Debian's Chromium, stop the server. Screenshots go to test-results/.
 * Usage: npm run test:e2e [-- --skip-build] [-- --test-name-pattern=...]
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { buildDist, serveDist } from './serve.ts';

const args = process.argv.slice(2);
const skipBuild = args.includes('--skip-build');
const passThrough = args.filter((a) => a !== '--skip-build');

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
