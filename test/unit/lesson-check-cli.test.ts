// `npm run lesson:check`: fine files say ok (exit 0); a bad file gets one line per problem naming the
// file and the field (exit 1); no file at all is a usage error (exit 2).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const cli = join(root, 'src', 'cli', 'lesson-check.ts');
const run = (...args: string[]) => spawnSync(tsx, [cli, ...args], { encoding: 'utf8', cwd: root });

describe('lesson:check', () => {
  it('accepts the built-in lessons and a teacher’s file', () => {
    const r = run('src/content/lessons/block.json', 'public/lessons/example.json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('src/content/lessons/block.json: ok, “The 32-slot block”, 2 steps');
    expect(r.stdout).toContain('public/lessons/example.json: ok, “An idle u64 channel”, 1 step\n');
  }, 30_000);

  it('names each problem: the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lesson-check-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        format: 'channel-lab/lesson@1',
        id: 'bad',
        title: 'Bad',
        summary: 'It says 512 B.',
        minutes: 3,
        steps: [{ title: 'A step', text: 'Text', view: 'heap', preset: 'no-such-preset' }],
      }),
    );
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{ "format": ');
    const r = run(bad, notJson);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain(
      `${bad}: steps.0.preset: expected one of "game-server"|"agentgateway-services"|"hyper-connection"|"big-message"|"burst-retention"|"ping-pong"|"slow-consumer-stall"|"spawn-per-send", got "no-such-preset"`,
    );
    expect(lines.some((l) => l.startsWith(`${notJson}: not JSON: `))).toBe(true);
    // once the shape is right, typed figures are found too
    writeFileSync(
      bad,
      JSON.stringify({
        format: 'channel-lab/lesson@1',
        id: 'bad',
        title: 'Bad',
        summary: 'It says 512 B.',
        minutes: 3,
        steps: [{ title: 'A step', text: 'Text', view: 'heap', preset: 'ping-pong' }],
      }),
    );
    const again = run(bad);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(
      `${bad}: summary: “512 B” is typed; put it in a quantity so the models compute it\n`,
    );
  }, 30_000);

  it('without a file: usage, exit 2', () => {
    const r = run();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: npm run lesson:check -- FILE\.json/);
  }, 30_000);
});
