import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine/sim/engine.ts';
import { presets } from '../../src/engine/presets.ts';
import { column, run, scenario, strategy } from './sim-helpers.ts';
import type { StrategySnapshot } from '../../src/engine/sim/types.ts';

const site = (s: StrategySnapshot, name: string): number =>
  s.heapBySite.find((x) => x.site === name)?.liveBytes ?? 0;

/** 5 producers × 10 msg/s (one arrival every 20 ms), a consumer taking 100 ms per u64 message. */
const slow = {
  durationSeconds: 1,
  message: { type: 'u64' as const },
  producers: { count: 5, ratePerSec: 10 },
  consumers: { serviceUs: 100_000 },
};

describe('bounded channel, send().await', () => {
  const s = scenario({ ...slow, strategies: [{ kind: 'bounded', capacity: 2 }] });

  it('never holds more than its capacity; the producers park and the rest waits upstream', () => {
    const { snapshot, series } = run(s);
    const b = strategy(snapshot, 'bounded');
    expect(Math.max(...column(series, 'bounded', 'depth'))).toBe(2);
    expect(b.maxDepth).toBe(2);
    expect(b.maxWaitingSenders).toBe(5);
    expect(b.waitingSenders).toBe(5);
    expect(b.offered).toBe(50);
    expect(b.received).toBe(10);
    expect(b.sent).toBe(12);
    expect(b.upstream).toBe(50 - 12 - 5);
    // a long-lived producer task waits inside its own future: tokio allocates nothing for it
    expect(b.structure?.waitingSenders).toBe(5);
    expect(b.heapBySite.filter((x) => x.site.includes('task')).every((x) => x.liveBytes === 0)).toBe(true);
  });

  it('with a task spawned per send, each waiting send holds its task cell', () => {
    const { snapshot } = run({
      ...slow,
      producers: { ...slow.producers, pattern: 'task-per-send' },
      strategies: [{ kind: 'bounded', capacity: 2 }],
    });
    const b = strategy(snapshot, 'bounded');
    // spawn returns at once: no message waits upstream; of the 50, 10 were received and 2 are
    // queued, every other one is a parked task (not 5: the producers are not held back)
    expect(b.upstream).toBe(0);
    expect(b.waitingSenders).toBe(50 - 10 - 2);
    // task future for u64: ru(3·8 + 161, 8) = 192 B; cell ru(104 + 192, 128) = 384 B
    expect(site(b, 'send task cell')).toBe(38 * 384);
  });

  it('over another crate, the task cell is counted apart: its size is modelled on tokio’s send future', () => {
    const { snapshot } = run({
      ...slow,
      producers: { ...slow.producers, pattern: 'task-per-send' },
      strategies: [{ kind: 'bounded', capacity: 2, impl: 'flume-bounded' }],
    });
    const b = snapshot.strategies[0] as StrategySnapshot;
    expect(b.waitingSenders).toBe(50 - 10 - 2);
    // only tokio's send future was measured (tokio-parked-send.json): the same 384 B, under its own name
    expect(site(b, 'send task cell')).toBe(0);
    expect(site(b, 'send task cell (size modelled on tokio’s send future)')).toBe(38 * 384);
  });

  // Capacity 2, five producers parked: what each crate allocates for its waiting senders comes from
  // the crate model itself (golden/2 rules), at the model's own allocation sites.
  it('futures-bounded: every producer has its own guaranteed slot, so the channel holds buffer + senders', () => {
    const { snapshot } = run({
      ...slow,
      strategies: [{ kind: 'bounded', capacity: 2, impl: 'futures-bounded' }],
    });
    const b = snapshot.strategies[0] as StrategySnapshot;
    expect(b.waitingSenders).toBe(5);
    expect(b.depth).toBe(2);
    // 2 + 5 messages, each in a 24 B node (next 8 + Option<u64> 16), plus the stub
    expect(site(b, 'futures message node')).toBe((2 + 5 + 1) * 24);
    // a 16 B parked-queue node per parked sender; the queue's stub is the channel's own
    expect(site(b, 'futures parked-queue node')).toBe(5 * 16);
    expect(site(b, 'futures parked-queue stub')).toBe(16);
    // one 48 B SenderTask per producer's Sender
    expect(site(b, 'futures Arc<SenderTask>')).toBe(5 * 48);
    expect(b.structure?.waitingSenders).toBe(5);
  });

  it('flume-bounded: a hook per waiting sender holds its message; the hook deque and the +1 pull keep their room', () => {
    const { snapshot } = run({
      ...slow,
      strategies: [{ kind: 'bounded', capacity: 2, impl: 'flume-bounded' }],
    });
    const b = snapshot.strategies[0] as StrategySnapshot;
    expect(b.waitingSenders).toBe(5);
    // an 80 B hook (Arc counts 16 + Option<Mutex<Option<u64>>> 32 + AsyncSignal 32) per waiting sender
    expect(site(b, 'flume hook')).toBe(5 * 80);
    // `sending` holds 16 B hook pointers: capacity 4, then 8 for the fifth
    expect(site(b, 'flume sending VecDeque')).toBe(8 * 16);
    // a receive pulls waiting messages up to cap + 1 = 3: the queue grew to 4 slots of 8 B
    expect(site(b, 'flume VecDeque buffer')).toBe(4 * 8);
    expect(b.structure?.waitingSenders).toBe(5);
  });

  it('async-bounded: a 56 B listener per waiting sender (the message stays in its future)', () => {
    const { snapshot } = run({
      ...slow,
      strategies: [{ kind: 'bounded', capacity: 2, impl: 'async-bounded' }],
    });
    const b = snapshot.strategies[0] as StrategySnapshot;
    expect(b.waitingSenders).toBe(5);
    expect(site(b, 'event-listener EventListener')).toBe(5 * 56);
    expect(b.structure?.waitingSenders).toBe(5);
  });

  it.each(['crossbeam', 'std'] as const)(
    '%s bounded: each blocked producer thread keeps its Context, the channel its waker entry Vec',
    (crate) => {
      const impl = crate === 'std' ? 'std-sync' : 'crossbeam-bounded';
      const { snapshot } = run({ ...slow, strategies: [{ kind: 'bounded', capacity: 2, impl }] });
      const b = snapshot.strategies[0] as StrategySnapshot;
      expect(b.waitingSenders).toBe(5);
      // spec §3.4: a 24 B Entry per blocked send in the senders' SyncWaker Vec (4, then 8 for the fifth)
      expect(site(b, `${crate} SyncWaker Vec<Entry> (kept)`)).toBe(8 * 24);
      // and a 48 B Context for each of the five producer threads, kept by the thread
      expect(site(b, 'thread Context (producer threads that blocked)')).toBe(5 * 48);
    },
  );

  it('hands each freed permit to the oldest parked sender (FIFO)', () => {
    const sim = createSimulation(s);
    const seen: string[] = [];
    let received = 0;
    while (sim.step() && sim.now <= 420_000) {
      const b = sim.snapshot().strategies[0] as StrategySnapshot;
      if (b.received !== received) {
        received = b.received;
        seen.push(`${sim.now / 1000}: ${b.waiters.map((w) => w.sinceMs).join(',')}`);
      }
    }
    expect(seen).toEqual([
      '20: ',
      '120: 100,120',
      '220: 120,140,160,180,220',
      '320: 140,160,180,220,320',
      '420: 160,180,220,320,420',
    ]);
  });

  it('drops a message whose send times out, and frees what it held', () => {
    const { snapshot } = run({
      ...slow,
      consumers: { serviceUs: 200_000 },
      strategies: [{ kind: 'bounded', capacity: 1, send: 'timeout', timeoutMs: 50 }],
    });
    const b = snapshot.strategies[0] as StrategySnapshot;
    expect(b.timedOut).toBeGreaterThan(20);
    expect(b.dropped).toBe(0);
    for (const w of b.waiters) expect(snapshot.timeMs - w.sinceMs).toBeLessThanOrEqual(50);
    expect(b.heapBySite.filter((x) => x.site.includes('task')).every((x) => x.liveBytes === 0)).toBe(true);
  });

  it('with try_send rejects what does not fit, and nobody waits', () => {
    const { snapshot } = run({ ...slow, strategies: [{ kind: 'bounded', capacity: 2, send: 'try' }] });
    const b = snapshot.strategies[0] as StrategySnapshot;
    expect(b.waitingSenders).toBe(0);
    expect(b.sent).toBe(12);
    expect(b.rejected).toBe(50 - 12);
  });
});

describe('semaphore-gated unbounded channel', () => {
  it('at the producer: rejects when the permits are out, and a permit lives until handling ends', () => {
    const { snapshot, series } = run({ ...slow, strategies: [{ kind: 'semaphore-producer', permits: 3 }] });
    const g = snapshot.strategies[0] as StrategySnapshot;
    expect(g.offered).toBe(50);
    // 20 ms: taken at once; then the gate holds at most 3 (queued + being handled)
    expect(g.rejected).toBe(50 - g.sent);
    expect(g.sent).toBe(12);
    const depth = column(series, 'semaphore', 'depth');
    const inFlight = column(series, 'semaphore', 'inFlight');
    const permits = column(series, 'semaphore', 'availablePermits');
    depth.forEach((d, i) => expect(d + (inFlight[i] as number) + (permits[i] as number)).toBe(3));
  });

  it('at the producer, with no consumer: exactly the permits get in', () => {
    const { snapshot } = run({
      ...slow,
      consumers: { count: 0 },
      strategies: [{ kind: 'semaphore-producer', permits: 7 }],
    });
    const g = snapshot.strategies[0] as StrategySnapshot;
    expect([g.sent, g.depth, g.rejected, g.availablePermits]).toEqual([7, 7, 43, 0]);
  });

  it('at the dispatcher: spawns a task per message while permits last, drops the rest', () => {
    const { snapshot, series } = run({
      ...slow,
      consumers: { serviceUs: 100_000, count: 1 },
      strategies: [{ kind: 'semaphore-dispatcher', permits: 3 }],
    });
    const g = snapshot.strategies[0] as StrategySnapshot;
    expect(g.received).toBe(50);
    expect(g.depth).toBe(0);
    expect(Math.max(...column(series, 'semaphore', 'inFlight'))).toBe(3);
    expect(g.rejected).toBe(50 - 3 - (g.handled ?? 0));
    // a handler task holds the u64, its 16 B permit and 64 B of state: ru(104 + 88, 128) = 256 B
    expect(site(g, 'handler task')).toBe(g.inFlight * 256);
  });
});

describe('producers that disconnect', () => {
  it('leave their queued messages behind, retained with their payload', () => {
    const { snapshot } = run({
      durationSeconds: 10,
      message: { type: 'string', bytes: 96 },
      producers: { count: 10, ratePerSec: 100, disconnectAtMs: 5000, disconnectCount: 4 },
      consumers: { count: 0 },
      strategies: [{ kind: 'unbounded' }, { kind: 'semaphore-producer', permits: 2000 }],
    });
    const u = strategy(snapshot, 'unbounded');
    // 5,000 messages before the disconnect, 4 in 10 from the leaving producers; 3,000 after, none
    expect(u.sent).toBe(8000);
    expect(u.retainedMessages).toBe(2000);
    expect(u.retainedBytes).toBe(2000 * (24 + 96));
    expect(snapshot.producersGone).toBe(4);
    expect(snapshot.producersConnected).toBe(6);
    const g = strategy(snapshot, 'semaphore');
    expect(g.retainedMessages).toBe(800);
  });

  it('cancel their parked sends', () => {
    const { snapshot } = run({
      ...slow,
      producers: { count: 5, ratePerSec: 10, disconnectAtMs: 500, disconnectCount: 2 },
      strategies: [{ kind: 'bounded', capacity: 2 }],
    });
    const b = snapshot.strategies[0] as StrategySnapshot;
    expect(b.cancelled).toBe(2);
    expect(b.waitingSenders).toBe(3);
  });
});

describe('the game-server preset', () => {
  // the steady state of the preset's workload, without the players who leave at 10 s
  const base = presets['game-server'].scenario;
  const steady = { ...base, producers: { ...base.producers, disconnectCount: 0 } };
  it('grows the unbounded heap about 1.2 MB/s, exactly 96 B per message plus 800 B per 32', () => {
    const sim = createSimulation(steady);
    sim.runUntil(10e6);
    const a = sim.snapshot().strategies[0] as StrategySnapshot;
    sim.runUntil(40e6);
    const b = sim.snapshot().strategies[0] as StrategySnapshot;
    const blocks = (x: StrategySnapshot) =>
      x.structure?.kind === 'tokio-list' ? x.structure.totalBlocks : NaN;
    const held = (x: StrategySnapshot) => x.depth + x.inFlight;
    expect(b.heapBytes - a.heapBytes).toBe(96 * (held(b) - held(a)) + 800 * (blocks(b) - blocks(a)));
    expect(b.heapBytes - a.heapBytes).toBe(36_296_128);
    const perSecond = (b.heapBytes - a.heapBytes) / 30;
    expect(perSecond).toBeGreaterThan(1.19e6);
    expect(perSecond).toBeLessThan(1.23e6);
  });

  it('keeps bounded(128) and the 1,024-permit gate flat', () => {
    const { snapshot, series } = run(steady, 20_000);
    const b = strategy(snapshot, 'bounded');
    // 1,000 long-lived producers wait inside their own futures: tokio allocates nothing for them,
    // so the heap is the channel with its 128 messages alone (it was 1,000 × 384 B more when every
    // waiting sender was charged a spawned task cell)
    expect(b.heapBytes).toBe(533_664 - 1000 * 384);
    expect(b.maxDepth).toBe(128);
    expect(b.waitingSenders).toBe(1000);
    const heap = column(series, 'semaphore', 'heapMaxBytes');
    expect(Math.max(...heap.slice(50))).toBeLessThan(250_000);
  });
});

describe('extreme inputs', () => {
  it('reports tokio channel(0) as the crate panicking, and runs the other strategies', () => {
    const { snapshot } = run({
      ...slow,
      strategies: [{ kind: 'bounded', capacity: 0 }, { kind: 'unbounded' }],
    });
    const refused = snapshot.strategies[0] as StrategySnapshot;
    expect(refused.refusal).toEqual({
      kind: 'panic',
      crate: 'tokio',
      origin: 'tokio::sync::mpsc::channel',
      message: 'mpsc bounded channel requires buffer > 0',
    });
    expect([refused.heapBytes, refused.sent, refused.structure]).toEqual([0, 0, null]);
    expect((snapshot.strategies[1] as StrategySnapshot).received).toBe(10);
  });

  it('with no consumer keeps everything; with no arrivals keeps only the empty channel', () => {
    const none = run({ ...slow, consumers: { count: 0 }, strategies: [{ kind: 'unbounded' }] }).snapshot;
    expect((none.strategies[0] as StrategySnapshot).depth).toBe(50);
    const idle = run({
      ...slow,
      producers: { count: 5, ratePerSec: 0 },
      strategies: [{ kind: 'unbounded' }],
    });
    expect((idle.snapshot.strategies[0] as StrategySnapshot).heapBytes).toBe(512 + 288);
  });

  it('with a service time of 0 the consumer keeps up at once', () => {
    const { snapshot, series } = run({
      ...slow,
      consumers: { serviceUs: 0 },
      strategies: [{ kind: 'unbounded' }],
    });
    const u = snapshot.strategies[0] as StrategySnapshot;
    expect([u.received, u.depth, u.latencyMs.max]).toEqual([50, 0, 0]);
    expect(Math.max(...column(series, 'unbounded', 'depth'))).toBe(0);
  });

  it('holds 10^9 pending messages as a few runs', () => {
    const { snapshot, sim } = run({
      durationSeconds: 2,
      message: { type: 'u64' },
      producers: { count: 1, ratePerSec: 0, arrival: 'spike', spikeAtMs: 1000, spikeMessages: 1e9 },
      consumers: { count: 0 },
      strategies: [{ kind: 'unbounded' }],
    });
    const u = snapshot.strategies[0] as StrategySnapshot;
    expect(u.depth).toBe(1e9);
    // 512 B Arc<Chan> + 31,250,000 blocks of 288 B (32 u64 each)
    expect(u.heapBytes).toBe(512 + 31_250_000 * 288);
    expect(sim.strategyLanes[0]?.queue.length).toBe(1);
  });
});
