// `npm run replay`: prints a prediction that matches the golden format; bad input gets one clear line.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const cli = join(root, 'src', 'cli', 'replay.ts');

function run(...args: string[]) {
  return spawnSync(tsx, [cli, ...args], { encoding: 'utf8', cwd: root });
}

describe('replay CLI', () => {
  it('prints one prediction step per golden op', () => {
    const out = execFileSync(tsx, [cli, 'test/golden/tokio-bounded.u64.json'], {
      encoding: 'utf8',
      cwd: root,
    });
    const p = JSON.parse(out) as { impl: string; cases: { name: string; steps: { live_bytes: number }[] }[] };
    expect(p.impl).toBe('tokio-bounded');
    const t1 = p.cases.find((c) => c.name === 'T1-create-drop-tx-first-cap1');
    expect(t1?.steps.map((s) => s.live_bytes)).toEqual([800, 800, 0]);
  });

  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  it.each([
    ['a missing file', [join(dir, 'nope.json')], /cannot read .*no such file/],
    ['bad JSON', [file('bad.json', '{"format": ')], /not valid JSON/],
    [
      'an unknown impl',
      [file('impl.json', '{"format":"golden/1","impl":"kanal","message":{"type":"u64"},"cases":[]}')],
      /unknown implementation "kanal"/,
    ],
    [
      'an unknown op',
      [
        file(
          'op.json',
          '{"format":"golden/1","impl":"tokio-unbounded","message":{"type":"u64"},"cases":[{"name":"x","ops":[{"op":"create"},{"op":"explode"}]}]}',
        ),
      ],
      /ops\[1\]\.op: unknown op "explode"/,
    ],
    ['no argument', [], /usage/],
  ])('%s: one line on stderr, exit 2', (_what, args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
