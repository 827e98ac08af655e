// Capacity planning: the engine's sweep runner and `npm run sweep`. Expected bytes come from the
// crate rules quoted in the presets (src/engine/presets.ts) and the channel-memory spec, by arithmetic.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presets } from '../../src/engine/presets.ts';
import { parseScenario, type Scenario } from '../../src/engine/scenario/index.ts';
import {
  checkSweepParam,
  checkValues,
  rangeValues,
  runSweep,
  sweepCsv,
  SweepRun,
} from '../../src/engine/sweep.ts';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const sweepCli = (...args: string[]) =>
  spawnSync(tsx, [join(root, 'src', 'cli', 'sweep.ts'), ...args], { encoding: 'utf8', cwd: root });

function scenario(input: Record<string, unknown>): Scenario {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.scenario;
}

/** Idle channels of [u8; 1024]: only what creating them allocates. */
const idleBig = scenario({
  durationSeconds: 0.01,
  message: { type: 'bytes', bytes: 1024 },
  producers: { count: 0 },
  strategies: [
    { kind: 'bounded', impl: 'tokio-bounded', capacity: 1 },
    { kind: 'bounded', impl: 'crossbeam-bounded', capacity: 1 },
    { kind: 'unbounded', impl: 'futures-unbounded' },
  ],
});

describe('sweep runner', () => {
  it('tokio allocates one 32-slot block whatever the capacity; crossbeam preallocates the capacity', () => {
    const r = runSweep(idleBig, 'strategies.*.capacity', [1, 16, 1024]);
    expect(r.values).toEqual([1, 16, 1024]);
    const [tokio, crossbeam, futures] = r.strategies;
    // tokio: Arc<Chan> 512 B + a block of 32 slots × 1,024 B + 32 B of header
    expect(tokio?.points.map((p) => p.peak_heap_bytes)).toEqual([33_312, 33_312, 33_312]);
    // crossbeam bounded(c): 1,672 B at c = 1 and 1,057,408 B at c = 1,024, so 1,032 B a slot
    // (the 1,024-byte message and its 8-byte stamp) on top of 640 B; its consumer thread blocks in
    // recv on the empty channel: the receivers' entry Vec (4·24 = 96) and the thread's Context (48)
    expect(crossbeam?.points.map((p) => p.peak_heap_bytes)).toEqual([
      640 + 1032 + 96 + 48,
      640 + 16 * 1032 + 96 + 48,
      640 + 1024 * 1032 + 96 + 48,
    ]);
    // an unbounded strategy ignores the capacity: a flat line
    expect(new Set(futures?.points.map((p) => p.peak_heap_bytes)).size).toBe(1);
  });

  it('channels scale the idle cost linearly (agentgateway: 1,824 B per tokio channel, 128 B per futures one)', () => {
    const r = runSweep(presets['agentgateway-services'].scenario, 'channels.count', [1, 10, 5000]);
    expect(r.strategies.map((s) => s.name)).toEqual(['tokio-unbounded', 'futures-unbounded']);
    expect(r.strategies[0]?.points.map((p) => p.peak_heap_bytes)).toEqual([1824, 18_240, 9_120_000]);
    expect(r.strategies[1]?.points.map((p) => p.peak_heap_bytes)).toEqual([128, 1280, 640_000]);
  });

  it('gives the same point as a plain run of the scenario with that value, and is deterministic', () => {
    const base = presets['slow-consumer-stall'].scenario;
    const a = runSweep(base, 'strategies.2.permits', [1024]);
    const b = runSweep(base, 'strategies.2.permits', [1024]);
    expect(a).toEqual(b);
    // the preset's own text: the gate rejects 13,977 messages at 1,024 permits
    expect(a.strategies[2]?.points[0]?.rejected).toBe(13_977);
  });

  it('advances in slices with progress, and reaches the same result', () => {
    const run = new SweepRun(idleBig, 'message.bytes', [8, 64]);
    const seen: number[] = [];
    while (!run.done) {
      run.advance(1000);
      seen.push(run.progress);
    }
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((p, i) => i === 0 || p >= (seen[i - 1] ?? 0))).toBe(true);
    expect(run.result()).toEqual(runSweep(idleBig, 'message.bytes', [8, 64]));
  });

  it('keeps busy channels and leaving producers within their counts', () => {
    const base = presets['game-server'].scenario; // 100 producers leave
    const r = runSweep({ ...base, durationSeconds: 0.5 }, 'producers.count', [10]);
    expect(r.values).toEqual([10]);
  });

  it('ranges: log steps are geometric, integers are rounded and not repeated', () => {
    expect(rangeValues('strategies.1.capacity', 16, 4096, 9, true)).toEqual({
      ok: true,
      value: [16, 32, 64, 128, 256, 512, 1024, 2048, 4096],
    });
    expect(rangeValues('producers.count', 1, 3, 5, false)).toEqual({ ok: true, value: [1, 2, 3] });
    expect(rangeValues('producers.ratePerSec', 0, 1, 3, false)).toEqual({ ok: true, value: [0, 0.5, 1] });
    expect(rangeValues('producers.count', 0, 10, 3, true).ok).toBe(false);
    expect(checkValues('strategies.1.capacity', [16, -1])).toMatchObject({ ok: false });
    expect(checkSweepParam('strategies.7.capacity', idleBig)).toMatchObject({ ok: false });
    expect(checkSweepParam('consumers.arrival', idleBig)).toMatchObject({ ok: false });
  });

  it('CSV: one row per value, strategy-prefixed columns', () => {
    const csv = sweepCsv(runSweep(idleBig, 'strategies.0.capacity', [1, 2]));
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]?.split(',').slice(0, 3)).toEqual([
      'strategies.0.capacity',
      'tokio-bounded.peak_heap_bytes',
      'tokio-bounded.final_heap_bytes',
    ]);
    expect(lines[1]?.split(',')[1]).toBe('33312');
  });
});

describe('sweep CLI', () => {
  it('prints the documented JSON for the game-server capacity sweep, in seconds', () => {
    const started = performance.now();
    const r = sweepCli(
      '--preset',
      'game-server',
      '--param',
      'strategies.1.capacity',
      '--from',
      '16',
      '--to',
      '4096',
      '--steps',
      '9',
      '--log',
      '--json',
    );
    const seconds = (performance.now() - started) / 1000;
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      param: string;
      values: number[];
      strategies: { name: string; points: Record<string, unknown>[] }[];
    };
    expect(Object.keys(out)).toEqual(['param', 'values', 'strategies']);
    expect(out.param).toBe('strategies.1.capacity');
    expect(out.values).toEqual([16, 32, 64, 128, 256, 512, 1024, 2048, 4096]);
    expect(out.strategies.map((s) => s.name)).toEqual(['unbounded', 'bounded', 'semaphore']);
    expect(Object.keys(out.strategies[1]?.points[0] ?? {})).toEqual([
      'value',
      'peak_heap_bytes',
      'final_heap_bytes',
      'retained_after_drain_bytes',
      'p99_latency_ms',
      'rejected',
      'timeouts',
    ]);
    // a bigger bound holds more queued tokens: the bounded peak grows with the capacity
    const peaks = out.strategies[1]?.points.map((p) => p.peak_heap_bytes as number) ?? [];
    expect(peaks.at(-1)).toBeGreaterThan(peaks[0] ?? Infinity);
    expect(seconds).toBeLessThan(20);
  });

  it.each([
    [['--preset', 'game-server', '--param', 'nope', '--values', '1'], /--param/],
    [['--preset', 'game-server', '--param', 'strategies.1.capacity', '--values', '1,x'], /--values/],
    [['--preset', 'game-server', '--param', 'strategies.1.capacity', '--from', '1', '--to', '9'], /--steps/],
    [['--preset', 'nope', '--param', 'producers.count', '--values', '1'], /--preset/],
    [
      ['--preset', 'game-server', '--param', 'producers.count', '--values', '1', '--frobnicate'],
      /frobnicate/,
    ],
    [['--param', 'producers.count', '--values', '1'], /--preset/],
  ])('bad input %j: one line naming the parameter, exit status 2', (args, names) => {
    const r = sweepCli(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(names);
  });
});
