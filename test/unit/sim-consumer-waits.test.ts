// The consumer waiting on an empty channel costs what its crate allocates for a waiting receive
// (channel-memory-spec §3.4, §4.2, §5.2; golden README §9), allocated by the crate models
// themselves. Expected bytes are the spec's arithmetic, written out per case.
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine/sim/engine.ts';
import type { ImplName } from '../../src/engine/channels/types.ts';
import type { Lane } from '../../src/engine/sim/lane.ts';
import { scenario } from './sim-helpers.ts';

function sites(lane: Lane): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of lane.heap.bySite()) if (s.liveCount > 0) out[s.site] = s.liveBytes;
  return out;
}

/** One producer sending a u64 every 100 ms (at 100, 200, … ms), one consumer taking 1 ms per message. */
function slowTrickle(impls: readonly ImplName[], extra: { consumers?: object; producers?: object } = {}) {
  return scenario({
    durationSeconds: 1,
    message: { type: 'u64' },
    producers: { count: 1, ratePerSec: 10, ...extra.producers },
    consumers: { count: 1, serviceUs: 1000, ...extra.consumers },
    strategies: impls.map((impl) => ({
      kind: impl.endsWith('unbounded') ? ('unbounded' as const) : ('bounded' as const),
      impl,
      capacity: 4,
    })),
  });
}

const IMPLS: readonly ImplName[] = [
  'flume-bounded',
  'async-unbounded',
  'crossbeam-unbounded',
  'std-sync',
  'tokio-unbounded',
  'futures-unbounded',
];

// While the consumer waits (before the first message, at 50 ms, and between two messages, at 150 ms)
// and while it handles one (100.5 ms: the message of 100 ms is in hand until 101 ms).
const EXPECTED: Record<string, Record<string, Record<string, number>>> = {
  'flume-bounded': {
    // Arc<Shared> 152; recv_async on an empty channel: a trigger hook (80 B for u64) in `waiting`,
    // whose VecDeque starts at 4 fat pointers (4·16 = 64 B) and is kept
    50: { 'flume Arc<Shared>': 152, 'flume receive hook': 80, 'flume waiting VecDeque': 64 },
    // the send woke the receive, which took the message and dropped its hook; the queue's first
    // buffer (4 slots of 8 B) stays
    100.5: { 'flume Arc<Shared>': 152, 'flume VecDeque buffer': 32, 'flume waiting VecDeque': 64 },
    150: {
      'flume Arc<Shared>': 152,
      'flume VecDeque buffer': 32,
      'flume receive hook': 80,
      'flume waiting VecDeque': 64,
    },
  },
  'async-unbounded': {
    // Arc<Channel> 768; recv().await listens on recv_ops: its event inner (72, first use) and a
    // 56 B listener
    50: {
      'async-channel Arc<Channel>': 768,
      'event-listener Arc<Inner>': 72,
      'event-listener EventListener (receive)': 56,
    },
    // the first send: the first block (504) and stream_ops' inner; the receive: send_ops' inner
    // (3·72 = 216); the notified listener is freed
    100.5: {
      'async-channel Arc<Channel>': 768,
      'concurrent-queue block': 504,
      'event-listener Arc<Inner>': 216,
    },
    150: {
      'async-channel Arc<Channel>': 768,
      'concurrent-queue block': 504,
      'event-listener Arc<Inner>': 216,
      'event-listener EventListener (receive)': 56,
    },
  },
  'crossbeam-unbounded': {
    // Counter 512, no block yet; the blocked recv: receivers' Entry Vec of 4·24 = 96 (kept) and the
    // thread's Context 48 (kept in its thread-local)
    50: {
      'crossbeam Box<Counter<Channel>>': 512,
      'crossbeam receivers SyncWaker Vec<Entry> (kept)': 96,
      'thread Context (consumer threads that blocked)': 48,
    },
    100.5: {
      'crossbeam Box<Counter<Channel>>': 512,
      'crossbeam list block': 504,
      'crossbeam receivers SyncWaker Vec<Entry> (kept)': 96,
      'thread Context (consumer threads that blocked)': 48,
    },
  },
  'std-sync': {
    // Counter 640 + the array of 4 slots of 16 B; the same 96 + 48 as crossbeam
    50: {
      'std Box<Counter<Channel>>': 640,
      'std array buffer': 64,
      'std receivers SyncWaker Vec<Entry> (kept)': 96,
      'thread Context (consumer threads that blocked)': 48,
    },
  },
  // the waker is registered in place: 0 B
  'tokio-unbounded': { 50: { 'tokio Arc<Chan>': 512, 'tokio block': 288 } },
  'futures-unbounded': { 50: { 'futures Arc<Inner>': 72, 'futures message node': 24 } },
};

describe('the waiting consumer costs what its crate allocates', () => {
  it('per crate, while it waits and while it handles a message', () => {
    const sim = createSimulation(slowTrickle(IMPLS));
    for (const ms of [50, 100.5, 150]) {
      sim.runUntil(ms * 1000);
      sim.strategyLanes.forEach((lane, i) => {
        const want = EXPECTED[IMPLS[i] as string]?.[ms];
        if (want !== undefined) expect(sites(lane), `${lane.impl} at ${ms} ms`).toEqual(want);
      });
    }
  });

  it('a burst arriving while it waits: the woken receive takes the first message before the next is sent', () => {
    // flume bounded(8), 5 messages at once at 50 ms: the first goes to the waiting receive (queue
    // buffer of 4 slots, popped again), the other 4 fit in those 4 slots. Sent all at once, without
    // the receive running in between, 5 messages would have grown the buffer to 8 slots (64 B).
    const s = scenario({
      durationSeconds: 0.2,
      message: { type: 'u64' },
      producers: { count: 1, ratePerSec: 0, arrival: 'spike', spikeAtMs: 50, spikeMessages: 5 },
      consumers: { count: 1, serviceUs: 10_000 },
      strategies: [{ kind: 'bounded', impl: 'flume-bounded', capacity: 8 }],
    });
    const sim = createSimulation(s, { recordOps: true });
    sim.runUntil(55_000);
    const lane = sim.strategyLanes[0] as Lane;
    expect(sites(lane)).toEqual({
      'flume Arc<Shared>': 152,
      'flume VecDeque buffer': 4 * 8,
      'flume waiting VecDeque': 64,
    });
    expect(lane.counters.received).toBe(1);
    expect(lane.queue.total).toBe(4);
  });

  it('a stall stops the wait (the hook is freed); it waits again when the stall ends', () => {
    const s = slowTrickle(['flume-bounded'], { consumers: { stallAtMs: 300, stallForMs: 150 } });
    const sim = createSimulation(s);
    const lane = sim.strategyLanes[0] as Lane;
    sim.runUntil(250_000);
    expect(sites(lane)['flume receive hook']).toBe(80);
    sim.runUntil(350_000); // stalled: not in recv (the message of 300 ms waits in the queue)
    expect(sites(lane)['flume receive hook']).toBeUndefined();
    expect(lane.queue.total).toBe(1);
    sim.runUntil(480_000); // the stall ended at 450 ms, the queue was handled by 452 ms
    expect(sites(lane)['flume receive hook']).toBe(80);
  });

  it('the dispatcher of a task per message waits too', () => {
    const s = scenario({
      durationSeconds: 0.5,
      message: { type: 'u64' },
      producers: { count: 1, ratePerSec: 10 },
      consumers: { count: 1, serviceUs: 1000, spawnTasks: true },
      strategies: [{ kind: 'unbounded', impl: 'async-unbounded' }],
    });
    const sim = createSimulation(s);
    sim.runUntil(150_000);
    expect(sites(sim.strategyLanes[0] as Lane)['event-listener EventListener (receive)']).toBe(56);
  });

  it('a worker that stops frees its thread’s Context (crossbeam)', () => {
    const s = scenario({
      ...slowTrickle(['crossbeam-unbounded']),
      changes: [{ atMs: 350, path: 'consumers.count', value: 0 }],
    });
    const sim = createSimulation(s);
    const lane = sim.strategyLanes[0] as Lane;
    sim.runUntil(340_000);
    expect(sites(lane)['thread Context (consumer threads that blocked)']).toBe(48);
    sim.runUntil(360_000);
    expect(sites(lane)['thread Context (consumer threads that blocked)']).toBeUndefined();
    // the Vec keeps its capacity
    expect(sites(lane)['crossbeam receivers SyncWaker Vec<Entry> (kept)']).toBe(96);
  });
});
