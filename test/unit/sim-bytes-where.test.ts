// Where the heap is, per strategy (the comparison's "where" rows): the parts add up to the heap, and
// each waiting part is the per-waiter cost of channel-memory-spec times how many wait.
import { describe, expect, it } from 'vitest';
import { presets } from '../../src/engine/presets.ts';
import { createSimulation } from '../../src/engine/sim/engine.ts';
import type { StrategySnapshot } from '../../src/engine/sim/types.ts';
import type { BytesWhere } from '../../src/engine/sim/costs.ts';
import { scenario } from './sim-helpers.ts';

function where(s: StrategySnapshot): BytesWhere {
  if (s.bytesWhere === undefined) throw new Error(`${s.id}: no bytesWhere`);
  return s.bytesWhere;
}

function sum(w: BytesWhere): number {
  return Object.values(w).reduce((a, b) => a + b, 0);
}

describe('where the heap is', () => {
  it('game-server, a task spawned per send, tokio and flume bounded(128): channel, waiting senders, their messages, task cells', () => {
    const base = presets['game-server'].scenario;
    const s = scenario({
      ...base,
      durationSeconds: 20,
      producers: { ...base.producers, pattern: 'task-per-send' },
      strategies: [...base.strategies, { kind: 'bounded', impl: 'flume-bounded', capacity: 128 }],
    });
    const sim = createSimulation(s);
    sim.runUntil(15e6);
    const snap = sim.snapshot();
    for (const st of snap.strategies) expect(sum(where(st)), st.id).toBe(st.heapBytes);
    const [unbounded, tokio, gate, flume] = snap.strategies as StrategySnapshot[];
    // nobody waits to send unbounded or at the gate; the game loop is busy (no consumer waits)
    for (const st of [unbounded, gate] as StrategySnapshot[]) {
      expect(where(st).waitingSenders + where(st).heldByWaitingSenders + where(st).sendTaskCells).toBe(0);
    }
    // tokio: a waiting send allocates nothing in the channel (its wait node is in the task); each
    // waiting task holds its message's 96 B token and its 384 B cell (ru(104 + 240, 128), spec §1.10)
    const w = tokio?.waitingSenders ?? 0;
    expect(w).toBeGreaterThan(500);
    expect(where(tokio as StrategySnapshot)).toMatchObject({
      waitingSenders: 0,
      heldByWaitingSenders: w * 96,
      waitingConsumer: 0,
      sendTaskCells: w * 384,
    });
    // flume: a hook per waiting send holding the String (88 B, spec §4.1: 80 B for u64, + 8) and the
    // `sending` deque of 16 B entries, grown by doubling from 4 to hold the most that ever waited
    const f = flume as StrategySnapshot;
    const fw = f.waitingSenders;
    let cap = 4;
    while (cap < (f.maxWaitingSenders ?? 0)) cap *= 2;
    expect(where(f).waitingSenders).toBe(fw * 88 + cap * 16);
    expect(where(f).heldByWaitingSenders).toBe(fw * 96);
    // the channel part is exactly what the crate holds without waiters: Arc<Shared> and the queue's
    // VecDeque (it grew to 256 slots of 24 B: flume pulls waiting messages up to cap + 1 = 129)
    expect(where(f).channel).toBe(152 + 256 * 24);
  });

  it('the waiting consumer is its own part (flume: a receive hook of 80 B and the 64 B deque it keeps)', () => {
    const s = scenario({
      durationSeconds: 1,
      message: { type: 'u64' },
      producers: { count: 1, ratePerSec: 10 },
      consumers: { count: 1, serviceUs: 1000 },
      strategies: [
        { kind: 'bounded', impl: 'flume-bounded', capacity: 4 },
        { kind: 'unbounded', impl: 'tokio-unbounded' },
      ],
    });
    const sim = createSimulation(s);
    sim.runUntil(150_000);
    const [flume, tokio] = sim.snapshot().strategies as StrategySnapshot[];
    expect(where(flume as StrategySnapshot)).toEqual({
      channel: 152 + 4 * 8,
      waitingSenders: 0,
      heldByWaitingSenders: 0,
      waitingConsumer: 80 + 64,
      sendTaskCells: 0,
      messages: 0,
      other: 0,
    });
    expect(where(tokio as StrategySnapshot).waitingConsumer).toBe(0);
  });

  it('futures-channel bounded with nobody waiting: no bytes for waiting senders (the parked queue’s stub is the channel’s)', () => {
    // 10 msg/s offered, 1 ms of service: the consumer keeps up and no sender ever parks
    const s = scenario({
      durationSeconds: 2,
      message: { type: 'u64' },
      producers: { count: 2, ratePerSec: 5 },
      consumers: { serviceUs: 1000 },
      strategies: [{ kind: 'bounded', impl: 'futures-bounded', capacity: 4 }],
    });
    const sim = createSimulation(s);
    sim.runUntil(1.5e6);
    const st = sim.snapshot().strategies[0] as StrategySnapshot;
    expect(st.waitingSenders).toBe(0);
    expect(where(st).waitingSenders).toBe(0);
    // ArcInner 96 (spec §2) + the message queue's stub node 24 + the parked queue's stub 16 + a 48 B SenderTask per producer
    expect(where(st).channel).toBe(96 + 24 + 16 + 2 * 48);
  });
});
