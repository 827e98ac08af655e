/**
 * npm run bench [-- --json] [--seconds S] [--per-message-seconds S]
 *
 * Times the engine on the game-server preset (three strategies, one simulated hour by default), and,
 * in the same process, a baseline: a bare per-message loop over a typed-array ring buffer doing
 * the same sends and receives in the same order (replayed from the run's channel calls). `ratio` is
 * the engine's messages per wall second over the baseline's. It prints figures; nothing here fails
 * on timing.
 *
 * A second scenario, `poisson-exponential` (issue #16): 1,000 Poisson producers at 900 msg/s each and
 * one consumer with exponential service of 1 µs mean, for 10 simulated seconds. The consumer keeps up,
 * so the engine goes message by message there. Its `messages` counts each message once per strategy
 * (messages the channels took), and `per_message_ratio` is its messages per second over the
 * baseline's (the baseline counts a send and a receive as two, as it does for `ratio`).
 */
import { parseArgs } from 'node:util';
import { presets } from '../engine/presets.ts';
import { scenarioSchema, type Scenario } from '../engine/scenario/index.ts';
import { createSimulation } from '../engine/sim/index.ts';

interface ScenarioFigures {
  readonly name: string;
  readonly simulated_seconds: number;
  /** messages sent into and received from the channels, all strategies together */
  readonly messages: number;
  readonly wall_seconds: number;
  readonly messages_per_second: number;
}

/** How a scenario's messages are counted: sends and receives (game-server), or sends only. */
type Count = 'sent+received' | 'sent';

function timeEngine(name: string, scenario: Scenario, count: Count = 'sent+received'): ScenarioFigures {
  const started = performance.now();
  const sim = createSimulation(scenario);
  sim.runUntil(Infinity);
  const wall = (performance.now() - started) / 1000;
  const snap = sim.snapshot();
  const messages = snap.strategies.reduce((sum, s) => sum + s.sent + (count === 'sent' ? 0 : s.received), 0);
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

/** The per-message workload of issue #16: a consumer that keeps up with random arrivals and service. */
export const POISSON_EXPONENTIAL = {
  name: 'poisson-exponential',
  durationSeconds: 10,
  producers: { count: 1000, ratePerSec: 900, arrival: 'poisson' },
  consumers: { count: 1, service: 'exponential', serviceUs: 1 },
} as const;

/** Best of `timed` runs after `warm` untimed ones. */
function best(run: () => ScenarioFigures, warm: number, timed: number): ScenarioFigures {
  for (let i = 0; i < warm; i++) run();
  return Array.from({ length: timed }, run).reduce((a, b) => (b.wall_seconds < a.wall_seconds ? b : a));
}

/** untimed runs first, then timed ones (each side: engine and baseline) */
const WARM_UP = 3;
const TIMED = 5;

function main(argv: readonly string[]): void {
  let options: { json: boolean; seconds: number; perMessageSeconds: number };
  try {
    const { values } = parseArgs({
      args: argv.filter((a) => a !== '--'),
      options: {
        json: { type: 'boolean', default: false },
        seconds: { type: 'string', default: '3600' },
        'per-message-seconds': { type: 'string', default: String(POISSON_EXPONENTIAL.durationSeconds) },
      },
      strict: true,
      allowPositionals: false,
    });
    options = {
      json: values.json,
      seconds: Number(values.seconds),
      perMessageSeconds: Number(values['per-message-seconds']),
    };
  } catch {
    options = { json: false, seconds: NaN, perMessageSeconds: NaN };
  }
  const { json, seconds, perMessageSeconds } = options;
  if (!(seconds > 0) || !(perMessageSeconds > 0) || perMessageSeconds > 86_400) {
    process.stderr.write('bench: usage: npm run bench -- [--json] [--seconds S] [--per-message-seconds S]\n');
    process.exit(2);
  }
  const scenario = scenarioSchema.parse({ ...presets['game-server'].scenario, durationSeconds: seconds });
  // Let the JIT settle first, as for any benchmark: untimed runs until the optimising compiler has
  // seen the engine's code paths, then the best of several timed ones (the machine may be shared).
  // The baseline gets the same treatment.
  const figures = best(() => timeEngine('game-server', scenario), WARM_UP, TIMED);
  // The per-message workload runs for seconds each time: one untimed run, the best of two timed ones.
  const perMessage = best(
    () =>
      timeEngine(
        'poisson-exponential',
        scenarioSchema.parse({ ...POISSON_EXPONENTIAL, durationSeconds: perMessageSeconds }),
        'sent',
      ),
    1,
    2,
  );
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
  const per_message_ratio = perMessage.messages_per_second / baseline.messages_per_second;
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ scenarios: [figures, perMessage], baseline, ratio, per_message_ratio })}\n`,
    );
    return;
  }
  const m = (x: number): string => `${(x / 1e6).toFixed(1)} M`;
  process.stdout.write(
    `game-server, ${seconds} s simulated, 3 strategies: ${m(figures.messages)} messages in ` +
      `${figures.wall_seconds.toFixed(2)} s wall (${m(figures.messages_per_second)} msg/s)\n` +
      `baseline (${baseline.name}): ${m(baseline.messages_per_second)} msg/s in ${base.wall.toFixed(2)} s\n` +
      `ratio: ${ratio.toFixed(2)}\n` +
      `poisson-exponential, ${perMessageSeconds} s simulated, 3 strategies: ${m(perMessage.messages)} messages in ` +
      `${perMessage.wall_seconds.toFixed(2)} s wall (${m(perMessage.messages_per_second)} msg/s)\n` +
      `per-message ratio: ${per_message_ratio.toFixed(2)}\n`,
  );
}

main(process.argv.slice(2));
