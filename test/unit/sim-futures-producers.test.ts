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
    // buffer 2 + one guaranteed slot per producer: 6 messages in nodes (+ the stub), 4 parked entries (the parked queue's stub booked apart)
    expect(lane.channel?.pending).toBe(2 + 4);
    expect(site('futures message node')).toBe((2 + 4 + 1) * NODE);
    expect(site('futures parked-queue node')).toBe(4 * PARKED);
    expect(site('futures parked-queue stub')).toBe(PARKED);
  });

  it('a task spawned per send: every message beyond the buffer is a waiting task with its own clone’s SenderTask', () => {
    const { lane, site } = run('task-per-send');
    // 400 arrivals by 500 ms (4 × 200/s, one every 1.25 ms); the consumer took one at 1.25 ms and
    // then one every 50 ms: 10 received. spawn returns at once, so every other message is a task
    // whose clone sent it: 2 within the buffer, the other 388 over it, each parking its clone.
    const w = 400 - 10 - 2;
    expect(lane.counters.received).toBe(10);
    expect(lane.upstream.total).toBe(0);
    expect(lane.waiters.total).toBe(w);
    expect(site('futures Arc<SenderTask>')).toBe((4 + w) * TASK);
    expect(lane.channel?.pending).toBe(2 + w);
    expect(site('futures parked-queue node')).toBe(w * PARKED);
    // each waiting task's cell (sized as tokio's send future's: ru(104 + 3·8 + 161 → 192, 128) = 384)
    expect(site('send task cell (size modelled on tokio’s send future)')).toBe(w * 384);
    // the op log says so, and replaying it on a fresh model gives the same SenderTasks
    expect(lane.opLog?.some((op) => op.op === 'offer' && op.clone === true)).toBe(true);
  });

  it('every task allocates its cell, its clone’s SenderTask and its message node once; each over the buffer a parked node', () => {
    const a = run('task').lane;
    const b = run('task-per-send').lane;
    // with a long-lived task per producer the rest waits upstream (the 4 producers are parked)
    expect(a.waiters.total).toBe(4);
    expect(a.upstream.total).toBe(400 - 10 - 2 - 4);
    // the channel (Arc<BoundedInner>, stub node, parked stub, the first SenderTask) and 3 clones;
    // then per message a task cell, a clone's SenderTask and a node; the 1st message went to the
    // waiting consumer, the 2nd and 3rd fit the buffer, the other 397 each parked (a 16 B node)
    expect(b.heap.allocs).toBe(4 + 3 + 3 * 400 + 397);
  });
});
