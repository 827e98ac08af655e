/**
 * Property-based checks of the simulation engine over generated scenarios: every sample is finite,
 * non-negative and conserves messages (sent = received + queued + dropped), the heap equals the sum
 * of its allocation sites, the same seed gives the same run, and the engine's own bookkeeping stays
 * small however many messages are pending.
 */
import fc from 'fast-check';
import { IMPL_NAMES } from '../../src/engine/channels/types.ts';
import { createSimulation, parseScenario, SERIES_FIELDS } from '../../src/engine/sim/index.ts';
import type { ScenarioInput } from '../../src/engine/sim/index.ts';
import { ARRIVAL_PROCESSES, MESSAGE_KINDS, type Scenario } from '../../src/engine/scenario/schema.ts';

const arrivalArb = fc.constantFrom(...ARRIVAL_PROCESSES);
const messageKindArb = fc.constantFrom(...MESSAGE_KINDS);

const strategyArb = fc.oneof(
  fc.record({
    kind: fc.constant('unbounded' as const),
    impl: fc.option(
      fc.constantFrom(
        ...IMPL_NAMES.filter((n) => !n.endsWith('-bounded') && n !== 'std-sync' && n !== 'tokio-semaphore'),
      ),
      { nil: undefined },
    ),
  }),
  fc.record({
    kind: fc.constant('bounded' as const),
    capacity: fc.oneof(fc.constantFrom(0, 1, 2, 31, 32, 33, 128, 1024), fc.integer({ min: 0, max: 1e6 })),
    send: fc.constantFrom('await' as const, 'try' as const, 'timeout' as const),
    timeoutMs: fc.constantFrom(0, 1, 50, 1000),
    impl: fc.option(
      fc.constantFrom(
        'tokio-bounded' as const,
        'futures-bounded' as const,
        'crossbeam-bounded' as const,
        'std-sync' as const,
        'flume-bounded' as const,
        'async-bounded' as const,
      ),
      { nil: undefined },
    ),
  }),
  fc.record({
    kind: fc.constant('semaphore-producer' as const),
    permits: fc.constantFrom(0, 1, 16, 1024, 1e6),
  }),
  fc.record({ kind: fc.constant('semaphore-dispatcher' as const), permits: fc.constantFrom(0, 1, 16, 1024) }),
);

export const scenarioArb: fc.Arbitrary<ScenarioInput> = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    durationSeconds: fc.constantFrom(0.001, 0.5, 2, 5),
    sampleMs: fc.constantFrom(1, 50, 100, 1000),
    message: fc.record({
      type: messageKindArb,
      bytes: fc.constantFrom(0, 1, 40, 96, 1024, 65536),
    }),
    producers: fc.record({
      count: fc.constantFrom(0, 1, 3, 100, 10_000),
      ratePerSec: fc.constantFrom(0, 0.5, 20, 1000, 1e6),
      arrival: arrivalArb,
      spikeAtMs: fc.constantFrom(0, 100, 1000),
      spikeMessages: fc.constantFrom(0, 10, 10_000, 1e9),
      disconnectAtMs: fc.constantFrom(0, 250, 1000),
      disconnectCount: fc.constantFrom(0, 1),
      connectOverMs: fc.constantFrom(0, 500),
    }),
    consumers: fc.record({
      count: fc.constantFrom(0, 1, 4),
      service: fc.constantFrom('fixed' as const, 'exponential' as const, 'lognormal' as const),
      serviceUs: fc.constantFrom(0, 1, 100, 10_000),
      batch: fc.constantFrom(1, 32, 1024),
      stallAtMs: fc.constantFrom(0, 200),
      stallForMs: fc.constantFrom(0, 300),
      spawnTasks: fc.boolean(),
    }),
    channels: fc.record({ count: fc.constantFrom(1, 5000, 100_000), active: fc.constantFrom(0, 1, 3) }),
    strategies: fc.array(strategyArb, { minLength: 1, maxLength: 4 }),
  })
  .map((s) => ({
    ...s,
    channels: { ...s.channels, active: Math.min(s.channels.active, s.channels.count) },
    producers: {
      ...s.producers,
      disconnectCount: Math.min(s.producers.disconnectCount, s.producers.count),
      // at most 10^5 offered messages a second in all: enough to saturate every strategy; a spike
      // of 10^9 still tests the bulk paths
      ratePerSec: Math.min(s.producers.ratePerSec, 1e5 / Math.max(1, s.producers.count)),
    },
  }));

/** Runs one generated scenario and throws on the first broken property. */
export function checkScenario(input: ScenarioInput): void {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(`generated scenario rejected: ${parsed.errors.join('; ')}`);
  const run = () => {
    const sim = createSimulation(parsed.scenario);
    let guard = 0;
    while (!sim.done) {
      sim.runUntil(sim.now + parsed.scenario.sampleMs * 1000 * 7);
      if (++guard > 1e6) throw new Error('the simulation does not advance');
      for (const lane of sim.strategyLanes) {
        const runs = lane.queue.length + lane.waiters.length + lane.upstream.length + lane.tasks.length;
        if (runs > 100_000) throw new Error(`engine bookkeeping grew to ${runs} runs`);
      }
    }
    return sim;
  };
  const sim = run();
  const snap = sim.snapshot();
  for (const s of snap.strategies) {
    const nums = [
      s.heapBytes,
      s.peakHeapBytes,
      s.depth,
      s.waitingSenders,
      s.inFlight,
      s.sent,
      s.received,
      s.rejected,
      s.timedOut,
      s.dropped,
      s.retainedBytes,
    ];
    if (nums.some((v) => !Number.isFinite(v) || v < 0))
      throw new Error(`${s.id}: a bad figure in ${JSON.stringify(nums)}`);
    const bySite = s.heapBySite.reduce((sum, x) => sum + x.liveBytes, 0);
    if (bySite !== s.heapBytes) throw new Error(`${s.id}: heap ${s.heapBytes} ≠ sum by site ${bySite}`);
    if (s.peakHeapBytes < s.heapBytes) throw new Error(`${s.id}: peak below current heap`);
  }
  const series = sim.series();
  for (const st of series.strategies) {
    for (const f of SERIES_FIELDS) {
      // availablePermits is NaN where there is no permit at all (an unbounded channel)
      const bad = st.columns[f].findIndex((v) => (Number.isNaN(v) && f !== 'availablePermits') || v < 0);
      if (bad >= 0) throw new Error(`${st.id}: ${f} is ${st.columns[f][bad]} at sample ${bad}`);
    }
    const c = st.columns;
    for (let i = 0; i < series.timeMs.length; i++) {
      const lhs = c.sent[i]!;
      const rhs = c.received[i]! + c.depth[i]! + c.dropped[i]!;
      if (lhs !== rhs)
        throw new Error(
          `${st.id}: at ${series.timeMs[i]} ms sent ${lhs} ≠ received + queued + dropped ${rhs}`,
        );
      if (c.heapMinBytes[i]! > c.heapBytes[i]! || c.heapMaxBytes[i]! < c.heapBytes[i]!) {
        throw new Error(`${st.id}: heap extremes do not bracket the sample at ${series.timeMs[i]} ms`);
      }
    }
  }
  const again = run();
  if (
    JSON.stringify(again.snapshot()) !== JSON.stringify(snap) ||
    JSON.stringify(again.series()) !== JSON.stringify(series)
  ) {
    throw new Error('the same scenario and seed gave a different run');
  }
}

/**
 * Scenarios that drive a bounded channel into the saturated state of the fast path (every producer
 * parked in send().await, one consumer at a fixed service time), with what can interrupt it: producers
 * leaving, stalls, bursts, spikes, Poisson arrivals, odd sample intervals, every exact-capacity crate.
 */
export const saturatedArb: fc.Arbitrary<ScenarioInput> = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    durationSeconds: fc.constantFrom(1, 3),
    sampleMs: fc.constantFrom(1, 7, 37, 100),
    message: fc.record({
      type: messageKindArb,
      bytes: fc.constantFrom(0, 40, 96),
    }),
    producers: fc.record({
      count: fc.constantFrom(1, 5, 64, 300),
      ratePerSec: fc.constantFrom(50, 200, 1000),
      arrival: arrivalArb,
      spikeAtMs: fc.constantFrom(0, 500),
      spikeMessages: fc.constantFrom(10, 5000),
      disconnectAtMs: fc.constantFrom(300, 1500),
      disconnectCount: fc.constantFrom(0, 1, 4),
      connectOverMs: fc.constantFrom(0, 200),
    }),
    consumers: fc.record({
      count: fc.constant(1),
      service: fc.constant('fixed' as const),
      serviceUs: fc.constantFrom(50, 300, 1000),
      batch: fc.constantFrom(1, 4, 32, 128),
      stallAtMs: fc.constantFrom(0, 400),
      stallForMs: fc.constantFrom(0, 150),
    }),
    strategies: fc.array(
      fc.record({
        kind: fc.constant('bounded' as const),
        capacity: fc.constantFrom(1, 3, 4, 32, 33, 128),
        send: fc.constant('await' as const),
        impl: fc.constantFrom(
          'tokio-bounded' as const,
          'crossbeam-bounded' as const,
          'std-sync' as const,
          'flume-bounded' as const,
          'async-bounded' as const,
        ),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map((s) => ({
    ...s,
    producers: { ...s.producers, disconnectCount: Math.min(s.producers.disconnectCount, s.producers.count) },
  }));

/**
 * Runs the same scenario with a fast path on and off (`run(true)`, `run(false)`) and throws at the first
 * character where the calls on the models, the snapshot or the series differ.
 */
function expectSameAsGeneralPath(
  path: string,
  run: (fast: boolean) => ReturnType<typeof createSimulation>,
): void {
  const record = (fast: boolean) => {
    const sim = run(fast);
    return {
      ops: JSON.stringify(sim.strategyLanes.map((l) => l.opLog)),
      snapshot: JSON.stringify(sim.snapshot()),
      series: JSON.stringify(sim.series()),
    };
  };
  const fast = record(true);
  const slow = record(false);
  for (const k of ['ops', 'snapshot', 'series'] as const) {
    if (fast[k] !== slow[k]) {
      let i = 0;
      while (fast[k][i] === slow[k][i]) i++;
      throw new Error(
        `with the ${path} the ${k} differs at ${i}: …${fast[k].slice(Math.max(0, i - 80), i + 40)}… vs …${slow[k].slice(Math.max(0, i - 80), i + 40)}…`,
      );
    }
  }
}

/** The fast path (src/engine/sim/steady.ts) changes nothing: the same calls on the models, snapshot and series. */
export function checkFastPath(input: ScenarioInput): void {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(`generated scenario rejected: ${parsed.errors.join('; ')}`);
  expectSameAsGeneralPath('fast path', (fastForward) => {
    const sim = createSimulation(parsed.scenario, { fastForward, recordOps: true });
    sim.runUntil(Infinity);
    return sim;
  });
}

/**
 * Scenarios where one consumer mostly keeps up (the keep-up fast path, src/engine/sim/keepup.ts):
 * random arrivals and service times at a load around 1, with what takes a lane out of that state now
 * and then: small bounded channels and gates that fill up (parked senders, rejections, timeouts),
 * stalls, producers leaving, a task per send, timed changes of the rate, the service time and the
 * consumer count, and now and then two consumers or a batch (which the fast path leaves alone).
 */
export const keepUpArb: fc.Arbitrary<ScenarioInput> = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    /** offered messages in the run (its duration follows from the rate) */
    messages: fc.constantFrom(2_000, 5_000, 20_000),
    sampleMs: fc.constantFrom(1, 7, 50),
    message: fc.oneof(
      fc.record({ type: messageKindArb, bytes: fc.constantFrom(0, 40, 96) }),
      // a message of two heap parts (two allocations each)
      fc.constant({ type: 'rust' as const, rust: '(String, Vec<u8>)', lengths: [5, 9] as number[] }),
    ),
    producers: fc.record({
      count: fc.constantFrom(1, 10, 1000),
      arrival: fc.constantFrom(
        'poisson' as const,
        'poisson' as const,
        'constant' as const,
        'bursts' as const,
        'ramp' as const,
      ),
      pattern: fc.constantFrom('task' as const, 'task' as const, 'task-per-send' as const),
      disconnectAt: fc.constantFrom(0.3, 0.75),
      disconnectCount: fc.constantFrom(0, 0, 1, 10),
    }),
    load: fc.constantFrom(0.3, 0.8, 0.95, 1.1),
    consumers: fc.record({
      count: fc.constantFrom(1, 1, 1, 2),
      service: fc.constantFrom('exponential' as const, 'lognormal' as const, 'fixed' as const),
      serviceUs: fc.constantFrom(1, 3, 20, 200),
      serviceSigma: fc.constantFrom(0.5, 1.5),
      batch: fc.constantFrom(1, 1, 1, 4),
      stallAt: fc.constantFrom(0.2, 0.5),
      stallFor: fc.constantFrom(0, 0, 0.05),
    }),
    change: fc.option(
      fc.record({
        at: fc.constantFrom(0.2, 0.63),
        path: fc.constantFrom('producers.ratePerSec', 'consumers.serviceUs', 'consumers.count'),
        scale: fc.constantFrom(0.5, 2),
      }),
      { nil: undefined },
    ),
    strategies: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('unbounded' as const) }),
        fc.record({
          kind: fc.constant('bounded' as const),
          capacity: fc.constantFrom(2, 8, 128),
          send: fc.constantFrom('await' as const, 'await' as const, 'try' as const, 'timeout' as const),
          timeoutMs: fc.constantFrom(0, 1),
          impl: fc.constantFrom(
            'tokio-bounded' as const,
            'crossbeam-bounded' as const,
            'flume-bounded' as const,
            'async-bounded' as const,
            'futures-bounded' as const,
          ),
        }),
        fc.record({
          kind: fc.constant('semaphore-producer' as const),
          permits: fc.constantFrom(2, 16, 1024),
        }),
        fc.record({ kind: fc.constant('semaphore-dispatcher' as const), permits: fc.constantFrom(2, 1024) }),
      ),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ load, change, messages, ...s }) => {
    // the producers' total rate that loads one consumer to `load`
    const total = (load * 1e6) / s.consumers.serviceUs;
    const ratePerSec = total / s.producers.count;
    const durationSeconds = messages / total;
    const { disconnectAt, ...producers } = s.producers;
    const { stallAt, stallFor, ...consumers } = s.consumers;
    const ms = durationSeconds * 1000;
    const base =
      change?.path === 'producers.ratePerSec'
        ? ratePerSec
        : change?.path === 'consumers.serviceUs'
          ? s.consumers.serviceUs
          : s.consumers.count;
    return {
      ...s,
      durationSeconds,
      consumers: { ...consumers, stallAtMs: stallAt * ms, stallForMs: stallFor * ms },
      producers: {
        ...producers,
        disconnectAtMs: disconnectAt * ms,
        ratePerSec,
        rampToPerSec: ratePerSec * 1.5,
        disconnectCount: Math.min(s.producers.disconnectCount, s.producers.count),
      },
      changes:
        change === undefined
          ? []
          : [{ atMs: change.at * ms, path: change.path, value: Math.max(1, base * change.scale) }],
    };
  });

/**
 * The scenarios of `keepUpArb` with two or three tokio strategies, which the keep-up path runs in
 * lockstep (src/engine/sim/lockstep.ts) while none of them refuses or parks a send: bounded channels
 * and gates small enough to fill up now and then (the lanes then part), or large enough never to.
 */
export const lockstepArb: fc.Arbitrary<ScenarioInput> = fc
  .tuple(
    keepUpArb,
    fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('unbounded' as const) }),
        fc.record({
          kind: fc.constant('bounded' as const),
          impl: fc.constant('tokio-bounded' as const),
          capacity: fc.constantFrom(2, 8, 128, 4096),
          send: fc.constantFrom('await' as const, 'await' as const, 'try' as const),
        }),
        fc.record({
          kind: fc.constant('semaphore-producer' as const),
          permits: fc.constantFrom(2, 16, 1024, 100_000),
        }),
      ),
      { minLength: 2, maxLength: 3 },
    ),
  )
  .map(([s, strategies]) => ({ ...s, strategies }));

/**
 * The keep-up fast path (src/engine/sim/keepup.ts) changes nothing: the same calls on the models,
 * snapshot and series. Twice: with the op log (each lane alone), and without it, where lanes in
 * lockstep follow one of them (src/engine/sim/lockstep.ts): the same snapshot (heap by site, counts,
 * peaks, the channel's structure) and series.
 */
export function checkKeepUp(input: ScenarioInput): void {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(`generated scenario rejected: ${parsed.errors.join('; ')}`);
  const scenario = parsed.scenario;
  for (const recordOps of [true, false]) expectKeepUpSame(scenario, recordOps);
}

function expectKeepUpSame(scenario: Scenario, recordOps: boolean): void {
  expectSameAsGeneralPath(recordOps ? 'keep-up path' : 'keep-up path in lockstep', (keepUp) => {
    const sim = createSimulation(scenario, { keepUp, recordOps });
    // half of the runs stop and start again at odd times, as the worker does (both sides at the same
    // times: where a caller stops splits a send in two, in the general path too)
    const chunk = Math.ceil((scenario.durationSeconds * 1e6) / 7) + 13;
    if (scenario.seed % 2 === 1) while (!sim.done) sim.runUntil(sim.now + chunk);
    else sim.runUntil(Infinity);
    return sim;
  });
}

/** The first difference between two JSON texts, for a failure message. */
function firstDifference(what: string, a: string, b: string): string | null {
  if (a === b) return null;
  let i = 0;
  while (a[i] === b[i]) i++;
  return `${what} differs at ${i}: …${a.slice(Math.max(0, i - 80), i + 40)}… vs …${b.slice(Math.max(0, i - 80), i + 40)}…`;
}

/**
 * Where the engine stops its lanes changes nothing, and neither do the other lanes (engine.ts moves
 * the lanes a stretch at a time and lets them share service draws, service.ts `ServiceDraws`):
 * stopping every lane at every sample time gives the run of one `runUntil`, op log included, and
 * each strategy run alone gives the same op log, samples and figures as in the company of the others.
 * With `recordOps` false, without op logs: there tokio lanes go in lockstep (lockstep.ts), which a
 * strategy alone never does.
 */
export function checkLanesApart(input: ScenarioInput, recordOps = true): void {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(`generated scenario rejected: ${parsed.errors.join('; ')}`);
  const scenario = parsed.scenario;
  const whole = createSimulation(scenario, { recordOps });
  whole.runUntil(Infinity);
  const series = whole.series();
  const stepped = createSimulation(scenario, { recordOps });
  for (const ms of series.timeMs) stepped.runUntil(ms * 1000);
  const problems = [
    firstDifference(
      'stopping at every sample: the op log',
      JSON.stringify(stepped.strategyLanes.map((l) => l.opLog)),
      JSON.stringify(whole.strategyLanes.map((l) => l.opLog)),
    ),
    firstDifference(
      'stopping at every sample: the snapshot',
      JSON.stringify(stepped.snapshot()),
      JSON.stringify(whole.snapshot()),
    ),
    firstDifference(
      'stopping at every sample: the series',
      JSON.stringify(stepped.series()),
      JSON.stringify(series),
    ),
  ];
  const together = whole.snapshot();
  scenario.strategies.forEach((spec, i) => {
    const alone = createSimulation({ ...scenario, strategies: [spec] }, { recordOps });
    alone.runUntil(Infinity);
    const figures = (s: object) => JSON.stringify({ ...s, id: undefined });
    problems.push(
      firstDifference(
        `strategy ${i} alone: the op log`,
        JSON.stringify(alone.strategyLanes[0]?.opLog),
        JSON.stringify(whole.strategyLanes[i]?.opLog),
      ),
      firstDifference(
        `strategy ${i} alone: the snapshot`,
        figures(alone.snapshot().strategies[0] as object),
        figures(together.strategies[i] as object),
      ),
      firstDifference(
        `strategy ${i} alone: the series`,
        JSON.stringify(alone.series().strategies[0]?.columns),
        JSON.stringify(series.strategies[i]?.columns),
      ),
    );
  });
  const problem = problems.find((p) => p !== null);
  if (problem !== undefined && problem !== null) throw new Error(problem);
}
