/**
 * npm run bench [-- --json] [--seconds S]
 *
 * Times the engine on the game-server preset (three strategies, one simulated hour by default), and,
 * in the same process, a baseline: a bare per-message loop over a typed-array ring buffer doing
 * the same sends and receives in the same order (replayed from the run's channel calls). `ratio` is
 * the engine's messages per wall second over the baseline's. It prints figures; nothing here fails
 * on timing.
 */
import { presets } from '../engine/presets.ts';
import { scenarioSchema, type Scenario } from '../engine/scenario/index.ts';
import { createSimulation } from '../engine/sim/engine.ts';

interface ScenarioFigures {
  readonly name: string;
  readonly simulated_seconds: number;
  /** messages sent into and received from the channels, all strategies together */
  readonly messages: number;
  readonly wall_seconds: number;
  readonly messages_per_second: number;
}

function timeEngine(name: string, scenario: Scenario): ScenarioFigures {
  const started = performance.now();
  const sim = createSimulation(scenario);
  sim.runUntil(Infinity);
  const wall = (performance.now() - started) / 1000;
  const snap = sim.snapshot();
  const messages = snap.strategies.reduce((sum, s) => sum + s.sent + s.received, 0);
  return {
    name,
    simulated_seconds: scenario.durationSeconds,
    messages,
    wall_seconds: wall,
    messages_per_second: messages / wall,
  };
}

/** The run's channel calls: per strategy, + messages sent, − messages received, in order. */
function channelTraces(scenario: Scenario): number[][] {
  const sim = createSimulation(scenario, { recordTrace: true });
  sim.runUntil(Infinity);
  return sim.strategyLanes.map((lane) => lane.trace ?? []);
}

/**
 * The baseline: each message is written into (and read back from) a typed-array ring buffer, one
 * by one. The ring holds a byte per message (its arrival slot), enough to keep the loop honest.
 */
function timeBaseline(traces: readonly number[][]): { messages: number; wall: number; checksum: number } {
  let depth = 0;
  let maxDepth = 0;
  for (const trace of traces) {
    depth = 0;
    for (const d of trace) {
      depth += d;
      if (depth > maxDepth) maxDepth = depth;
    }
  }
  const size = 2 ** Math.max(10, Math.ceil(Math.log2(maxDepth + 1)));
  const ring = new Uint8Array(size);
  const mask = size - 1;
  let messages = 0;
  let checksum = 0;
  const started = performance.now();
  for (const trace of traces) {
    let head = 0;
    let tail = 0;
    for (const d of trace) {
      if (d > 0) {
        for (let i = 0; i < d; i++) {
          ring[tail & mask] = tail & 255;
          tail++;
        }
      } else {
        for (let i = 0; i < -d; i++) {
          checksum += ring[head & mask] as number;
          head++;
        }
      }
      messages += d > 0 ? d : -d;
    }
  }
  return { messages, wall: (performance.now() - started) / 1000, checksum };
}

/** untimed runs first, then timed ones (each side: engine and baseline) */
const WARM_UP = 3;
const TIMED = 5;

function main(argv: readonly string[]): void {
  const args = argv.filter((a) => a !== '--');
  const json = args.includes('--json');
  const at = args.indexOf('--seconds');
  const seconds = at >= 0 ? Number(args[at + 1]) : 3600;
  const unknown = args.filter((a, i) => a !== '--json' && a !== '--seconds' && !(at >= 0 && i === at + 1));
  if (!(seconds > 0) || unknown.length > 0) {
    process.stderr.write('bench: usage: npm run bench -- [--json] [--seconds S]\n');
    process.exit(2);
  }
  const scenario = scenarioSchema.parse({ ...presets['game-server'].scenario, durationSeconds: seconds });
  // Let the JIT settle first, as for any benchmark: untimed runs until the optimising compiler has
  // seen the engine's code paths, then the best of several timed ones (the machine may be shared).
  // The baseline gets the same treatment.
  for (let i = 0; i < WARM_UP; i++) timeEngine('warm-up', scenario);
  const runs = Array.from({ length: TIMED }, () => timeEngine('game-server', scenario));
  const figures = runs.reduce((a, b) => (b.wall_seconds < a.wall_seconds ? b : a));
  const traces = channelTraces(scenario);
  for (let i = 0; i < WARM_UP; i++) timeBaseline(traces);
  const base = Array.from({ length: TIMED }, () => timeBaseline(traces)).reduce((a, b) =>
    b.wall < a.wall ? b : a,
  );
  if (base.messages !== figures.messages) {
    process.stderr.write(
      `bench: baseline replayed ${base.messages} messages, the engine ${figures.messages}\n`,
    );
    process.exit(1);
  }
  const baseline = {
    name: 'per-message typed-array ring buffer',
    messages_per_second: base.messages / base.wall,
  };
  const ratio = figures.messages_per_second / baseline.messages_per_second;
  if (json) {
    process.stdout.write(`${JSON.stringify({ scenarios: [figures], baseline, ratio })}\n`);
    return;
  }
  const m = (x: number): string => `${(x / 1e6).toFixed(1)} M`;
  process.stdout.write(
    `game-server, ${seconds} s simulated, 3 strategies: ${m(figures.messages)} messages in ` +
      `${figures.wall_seconds.toFixed(2)} s wall (${m(figures.messages_per_second)} msg/s)\n` +
      `baseline (${baseline.name}): ${m(baseline.messages_per_second)} msg/s in ${base.wall.toFixed(2)} s\n` +
      `ratio: ${ratio.toFixed(2)}\n`,
  );
}

main(process.argv.slice(2));
