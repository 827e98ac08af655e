// futures-channel bounded: every Sender has its own 48 B SenderTask and its own guaranteed slot
// (channel-memory-spec §2.1: capacity = buffer + number of senders). With a long-lived task per
// producer, that is one per producer; with a task spawned per send, each task clones the Sender too.
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine/sim/engine.ts';
import type { Lane } from '../../src/engine/sim/lane.ts';
import { scenario } from './sim-helpers.ts';

const TASK = 48; // Arc<Mutex<SenderTask>>
const NODE = 24; // Node<u64>: next pointer + Option<u64>
const PARKED = 16; // parked-queue node

function run(pattern: 'task' | 'task-per-send') {
  const s = scenario({
    durationSeconds: 1,
    message: { type: 'u64' },
    // 4 producers, 200 messages a second each; the consumer takes 50 ms a message: it falls behind
    producers: { count: 4, ratePerSec: 200, pattern },
    consumers: { count: 1, serviceUs: 50_000 },
    strategies: [{ kind: 'bounded', impl: 'futures-bounded', capacity: 2 }],
  });
  const sim = createSimulation(s, { recordOps: true });
  sim.runUntil(500_000);
  const lane = sim.strategyLanes[0] as Lane;
  const site = (name: string) => lane.heap.bySite().find((x) => x.site === name)?.liveBytes ?? 0;
  return { lane, site };
}

describe('futures-channel: a SenderTask per Sender, and a slot per Sender', () => {
  it('a long-lived task per producer: 4 SenderTasks; each waiting producer’s message is queued, its Sender parked', () => {
    const { lane, site } = run('task');
    const w = lane.waiters.total;
    expect(w).toBe(4); // every producer waits
    expect(site('futures Arc<SenderTask>')).toBe(4 * TASK);
    // buffer 2 + one guaranteed slot per producer: 6 messages in nodes (+ the stub), 4 parked entries (+ stub)
    expect(lane.channel?.pending).toBe(2 + 4);
    expect(site('futures message node')).toBe((2 + 4 + 1) * NODE);
    expect(site('futures parked-queue node')).toBe((4 + 1) * PARKED);
  });

  it('a task spawned per send: each waiting task holds its own clone’s SenderTask too (4 + 4 in all)', () => {
    const { lane, site } = run('task-per-send');
    const w = lane.waiters.total;
    expect(w).toBe(4);
    expect(site('futures Arc<SenderTask>')).toBe((4 + w) * TASK);
    expect(lane.channel?.pending).toBe(2 + w);
    // the op log says so, and replaying it on a fresh model gives the same SenderTasks
    expect(lane.opLog?.some((op) => op.op === 'offer' && op.clone === true)).toBe(true);
  });

  it('every task allocates its cell and its clone’s SenderTask once: two allocations per send more than one task per producer', () => {
    const a = run('task').lane;
    const b = run('task-per-send').lane;
    // the pattern changes what is allocated, not the timing
    expect(b.counters.sent).toBe(a.counters.sent);
    // sends that completed, and tasks still waiting (their cell and clone are live)
    expect(b.heap.allocs - a.heap.allocs).toBe(2 * (b.counters.sent + b.waiters.total));
  });
});
