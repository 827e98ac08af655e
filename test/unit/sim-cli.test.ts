// `npm run sim` and `npm run bench`: the documented output shapes; bad input gets one clear line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function sim(...args: string[]) {
  return spawnSync(tsx, [join(root, 'src', 'cli', 'sim.ts'), ...args], { encoding: 'utf8', cwd: root });
}

describe('sim CLI', () => {
  it('prints the JSON report of a preset', () => {
    const r = sim('--preset', 'ping-pong', '--seconds', '1', '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as {
      scenario: { name: string; durationSeconds: number };
      seed: number;
      strategies: Record<string, unknown>[];
      series: { time_ms: number[]; strategies: { name: string; heap_bytes: number[] }[] };
    };
    expect(Object.keys(report)).toEqual(['scenario', 'seed', 'strategies', 'series']);
    expect(report.scenario).toMatchObject({ name: 'ping-pong', durationSeconds: 1 });
    expect(report.seed).toBe(1);
    expect(Object.keys(report.strategies[0] ?? {})).toEqual([
      'name',
      'peak_heap_bytes',
      'final_heap_bytes',
      'retained_after_drain_bytes',
      'sent',
      'received',
      'rejected',
      'timeouts',
      'dropped',
      'max_depth',
      'max_waiting_senders',
      'p50_latency_ms',
      'p99_latency_ms',
    ]);
    expect(report.strategies[0]).toMatchObject({
      name: 'tokio-unbounded',
      final_heap_bytes: 1088,
      sent: 100,
    });
    expect(report.series.time_ms.length).toBe(11);
    expect(report.series.strategies[0]?.heap_bytes.at(-1)).toBe(1088);
    expect(r.stderr).toBe('');
  });

  it('prints one CSV row per sample, and takes a scenario file and a seed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const path = join(dir, 's.json');
    writeFileSync(
      path,
      JSON.stringify({ durationSeconds: 0.5, producers: { count: 3, arrival: 'poisson' } }),
    );
    const r = sim('--scenario', path, '--seed', '9', '--csv');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBe(1 + 6);
    expect(lines[0]?.split(',').slice(0, 3)).toEqual([
      'time_ms',
      'unbounded.heap_bytes',
      'unbounded.heap_min_bytes',
    ]);
    expect(lines[1]?.startsWith('0,')).toBe(true);
    expect(lines.at(-1)?.startsWith('500,')).toBe(true);
  });

  it('applies the timed changes of a scenario file at their time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const path = join(dir, 's.json');
    // 10 producers × 100 msg/s for 1 s, then × 300 msg/s for 1 s: 1,000 + 3,000 messages offered
    writeFileSync(
      path,
      JSON.stringify({
        durationSeconds: 2,
        producers: { count: 10, ratePerSec: 100 },
        strategies: [{ kind: 'unbounded' }],
        changes: [{ atMs: 1000, path: 'producers.ratePerSec', value: 300 }],
      }),
    );
    const r = sim('--scenario', path, '--json');
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as {
      scenario: { changes: unknown[] };
      strategies: { sent: number }[];
    };
    expect(report.strategies[0]?.sent).toBe(4000);
    expect(report.scenario.changes).toEqual([{ atMs: 1000, path: 'producers.ratePerSec', value: 300 }]);
  });

  it('refuses a timed change of a field that cannot change during a run, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const path = join(dir, 's.json');
    writeFileSync(path, JSON.stringify({ changes: [{ atMs: 5, path: 'strategies.1.capacity', value: 8 }] }));
    const r = sim('--scenario', path, '--json');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /strategies\.1\.capacity = 8 at 5 ms\): strategies\.1\.capacity cannot change during a run/,
    );
  });

  it.each([
    ['an unknown preset', ['--preset', 'nope'], /^sim: unknown preset "nope" \(presets: game-server, /],
    ['a bad number', ['--preset', 'ping-pong', '--seconds', 'abc'], /^sim: --seconds: expected a number/],
    ['no scenario', ['--json'], /^sim: give either --preset NAME or --scenario FILE\.json$/],
    ['an unknown option', ['--preset', 'ping-pong', '--fast'], /^sim: Unknown option '--fast'/],
    ['a missing file', ['--scenario', '/nonexistent/s.json'], /^sim: cannot read .*: no such file$/],
    [
      'an invalid field',
      ['--preset', 'ping-pong', '--seconds', '0'],
      /^sim: ping-pong: durationSeconds: expected a number from 0\.001 to 86400 s, got 0$/,
    ],
  ])('refuses %s with one line and exit status 2', (_what, args, message) => {
    const r = sim(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });
});

describe('bench CLI', () => {
  it('prints the documented JSON shape (figures only, no timing assertion)', () => {
    const r = spawnSync(
      tsx,
      [join(root, 'src', 'cli', 'bench.ts'), '--json', '--seconds', '2', '--per-message-seconds', '0.1'],
      {
        encoding: 'utf8',
        cwd: root,
      },
    );
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      scenarios: Record<string, unknown>[];
      baseline: Record<string, unknown>;
      ratio: number;
      per_message_ratio: number;
    };
    expect(Object.keys(out)).toEqual(['scenarios', 'baseline', 'ratio', 'per_message_ratio']);
    expect(Object.keys(out.scenarios[0] ?? {})).toEqual([
      'name',
      'simulated_seconds',
      'messages',
      'wall_seconds',
      'messages_per_second',
    ]);
    expect(out.scenarios[0]).toMatchObject({ name: 'game-server', simulated_seconds: 2 });
    // 20,000 offered a second: unbounded sends them all; everything counts once sent and once received
    expect(out.scenarios[0]?.messages).toBeGreaterThan(100_000);
    expect(Object.keys(out.baseline)).toEqual(['name', 'messages_per_second']);
    expect(out.ratio).toBeGreaterThan(0);
    // poisson-exponential: 1,000 producers × 900 msg/s × 0.1 s ≈ 90,000 messages per strategy (Poisson,
    // so not exactly), counted once per strategy: about 270,000 for the three strategies
    expect(out.scenarios[1]).toMatchObject({ name: 'poisson-exponential', simulated_seconds: 0.1 });
    expect(out.scenarios[1]?.messages).toBeGreaterThan(3 * 85_000);
    expect(out.scenarios[1]?.messages).toBeLessThan(3 * 95_000);
    expect(out.per_message_ratio).toBeGreaterThan(0);
  });
  it('refuses a bad argument with one line and status 2', () => {
    const r = spawnSync(tsx, [join(root, 'src', 'cli', 'bench.ts'), '--seconds', 'soon'], {
      encoding: 'utf8',
      cwd: root,
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
