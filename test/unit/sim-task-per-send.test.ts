// A task spawned per send (`tokio::spawn(async move { tx.send(msg).await })`) does not hold its
// producer back: spawn returns at once, so on a full channel every new message is one more parked
// task, holding its cell and its message, without bound. The cell's size is the measured one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine/sim/engine.ts';
import type { Lane } from '../../src/engine/sim/lane.ts';
import { scenario } from './sim-helpers.ts';

interface Result {
  message_tag: string;
  live_bytes_per_task_parked: number;
}
const measured = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'golden', 'extra', 'tokio-parked-send.json'), 'utf8'),
) as { results: Result[] };
// what one parked task keeps with a String of 100 bytes: its cell (384 B) and the String's buffer
const PER_TASK = (measured.results.find((r) => r.message_tag === 'string-100') as Result)
  .live_bytes_per_task_parked;

function lane(pattern: 'task' | 'task-per-send', send: 'await' | 'timeout' = 'await') {
  const s = scenario({
    durationSeconds: 1,
    message: { type: 'string', bytes: 100 },
    // 2 producers × 100 msg/s: one message every 5 ms; the consumer is stalled for the whole run
    producers: { count: 2, ratePerSec: 100, pattern },
    consumers: { count: 1, serviceUs: 100, stallAtMs: 0, stallForMs: 10_000 },
    strategies: [{ kind: 'bounded', impl: 'tokio-bounded', capacity: 4, send, timeoutMs: 100 }],
  });
  const sim = createSimulation(s, { recordOps: true });
  return { sim, lane: sim.strategyLanes[0] as Lane };
}

describe('tokio bounded (capacity 4), a task spawned per send, the consumer stalled', () => {
  it('the measured cell: 384 B + the 100 B String', () => {
    expect(PER_TASK).toBe(484);
  });

  it('every message beyond the capacity is a parked task: the heap grows by cell + payload per arrival', () => {
    const { sim, lane: l } = lane('task-per-send');
    sim.runUntil(250_000);
    // 50 messages by 250 ms: 4 in the channel, 46 tasks parked, nobody upstream
    expect(l.counters.sent).toBe(4);
    expect(l.waiters.total).toBe(46);
    expect(l.upstream.total).toBe(0);
    const at250 = l.heap.liveBytes;
    sim.runUntil(500_000);
    expect(l.waiters.total).toBe(96);
    expect(l.heap.liveBytes - at250).toBe((100 - 50) * PER_TASK);
    // the cells are counted where the readouts show them (modelled: how many wait is timing)
    const cells = l.heap.bySite().find((x) => x.site === 'send task cell');
    expect(cells?.liveBytes).toBe(96 * (PER_TASK - 100));
    // the views list each waiting task with what it holds: its cell (the message inside) and the String's buffer
    expect(l.oldestWaiters(2)).toEqual([
      { producer: 0, sinceMs: 25, bytes: PER_TASK },
      { producer: 1, sinceMs: 30, bytes: PER_TASK },
    ]);
  });

  it('with one long-lived task per producer, 2 wait and the rest wait upstream: the heap stays flat', () => {
    const { sim, lane: l } = lane('task');
    sim.runUntil(250_000);
    const at250 = l.heap.liveBytes;
    sim.runUntil(500_000);
    expect(l.waiters.total).toBe(2);
    expect(l.upstream.total).toBe(100 - 4 - 2);
    // tokio's waiting send costs 0 B; the messages upstream are not on this heap
    expect(l.heap.liveBytes).toBe(at250);
  });

  it('send_timeout still applies per send: only the tasks of the last 100 ms wait', () => {
    const { sim, lane: l } = lane('task-per-send', 'timeout');
    sim.runUntil(502_000);
    // arrivals at 5, 10, …, 500 ms; a task that arrived at a gives up at a + 100 ms: those of
    // 405 … 500 ms are still waiting (20), the 4 in the channel were sent, the other 76 timed out
    expect(l.waiters.total).toBe(20);
    expect(l.counters.timedOut).toBe(100 - 4 - 20);
    const cells = l.heap.bySite().find((x) => x.site === 'send task cell');
    expect(cells?.liveBytes).toBe(20 * (PER_TASK - 100));
  });

  it('producers that leave do not take their spawned tasks with them (the tasks own their clones)', () => {
    const s = scenario({
      durationSeconds: 1,
      message: { type: 'u64' },
      producers: {
        count: 2,
        ratePerSec: 100,
        pattern: 'task-per-send',
        disconnectAtMs: 300,
        disconnectCount: 2,
      },
      consumers: { count: 1, serviceUs: 100, stallAtMs: 0, stallForMs: 600 },
      strategies: [{ kind: 'bounded', impl: 'tokio-bounded', capacity: 4 }],
    });
    const sim = createSimulation(s, { recordOps: true });
    const l = sim.strategyLanes[0] as Lane;
    sim.runUntil(400_000);
    // 60 messages by 300 ms (then everybody left): 4 sent, 56 tasks still parked, none cancelled
    expect(l.counters.cancelled).toBe(0);
    expect(l.waiters.total).toBe(56);
    sim.runUntil(Infinity);
    // the stall ends at 600 ms: every task's message goes through, then the channel closes
    expect(l.waiters.total).toBe(0);
    expect(l.counters.received).toBe(60);
    expect(l.channel?.senderIds()).toEqual([]);
  });
});
