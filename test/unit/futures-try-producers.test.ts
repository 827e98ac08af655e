// futures-channel bounded, `try_send` through each producer's own Sender (channel-memory-spec §2):
// a Sender whose message takes the count over `buffer` parks (its message is still taken), and its
// next try_send is refused until a receive pops its entry (FIFO). So the channel holds up to
// buffer + producers messages, and which arrivals are refused depends on whose they are.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/engine/heap.ts';
import { FuturesChannel } from '../../src/engine/channels/futures.ts';
import { createChannel } from '../../src/engine/channels/index.ts';
import { createSimulation } from '../../src/engine/sim/engine.ts';
import type { Lane } from '../../src/engine/sim/lane.ts';
import { scenario } from './sim-helpers.ts';

const NODE = 24; // Node<u64>: next pointer + Option<u64>
const PARKED = 16; // parked-queue node
const TASK = 48; // Arc<Mutex<SenderTask>>

function channel(buffer: number, producers: number): FuturesChannel {
  const r = createChannel('futures-bounded', new Heap(), { message: { kind: 'u64' }, capacity: buffer });
  if (!r.ok || !(r.channel instanceof FuturesChannel)) throw new Error('refused');
  for (let p = 1; p < producers; p++) r.channel.cloneSender(0, p);
  return r.channel;
}

describe('futures-channel try_send, each producer through its own Sender', () => {
  it('buffer 2, 3 producers, no receive: 5 accepted, then every attempt refused', () => {
    const ch = channel(2, 3);
    const heap = ch.heap;
    const base = heap.liveBytes;
    const accepted: number[] = [];
    // arrivals 0…9, arrival c is producer c mod 3's: P0 1, P1 2 (count 2 = buffer), P2 3 > 2 parks,
    // P0 4 parks, P1 5 parks; from arrival 5 on every Sender is parked: refused
    expect(ch.trySendProducers(0, 10, 0, 3, accepted)).toEqual({ sent: 5, full: 5, closed: 0 });
    expect(accepted).toEqual([0, 5]);
    expect(ch.pending).toBe(5);
    expect(ch.structure().parkedQueue).toEqual([2, 0, 1]);
    expect(heap.liveBytes - base).toBe(5 * NODE + 3 * PARKED);
    // a billion more attempts change nothing (refusals of parked Senders), in one call
    const before = heap.counters();
    expect(ch.trySendProducers(10, 1e9, 0, 3, [])).toEqual({ sent: 0, full: 1e9, closed: 0 });
    expect(heap.counters()).toEqual(before);
  });

  it('one receive unparks the first parked Sender only (P2): its next arrival is taken and parks it again', () => {
    const ch = channel(2, 3);
    ch.trySendProducers(0, 10, 0, 3, []);
    expect(ch.recvMany(1)).toBe(1);
    // the receive popped a message (freeing the old stub node) and P2's parked entry
    expect(ch.structure().parkedQueue).toEqual([0, 1]);
    expect(ch.structure().senderTasks.map((t) => t.parked)).toEqual([true, true, false]);
    const accepted: number[] = [];
    // arrivals 10 (P1), 11 (P2), 12 (P0): only P2's is taken
    expect(ch.trySendProducers(10, 3, 0, 3, accepted)).toEqual({ sent: 1, full: 2, closed: 0 });
    expect(accepted).toEqual([1, 1]);
    expect(ch.structure().parkedQueue).toEqual([0, 1, 2]);
    expect(ch.pending).toBe(5);
  });

  it('200,000 producers and a billion arrivals are one pass: buffer + producers taken, in order', () => {
    const ch = channel(10, 1);
    for (let p = 1; p < 200_000; p++) ch.cloneSender(0, p);
    const accepted: number[] = [];
    expect(ch.trySendProducers(0, 1e9, 0, 200_000, accepted)).toEqual({
      sent: 200_010,
      full: 1e9 - 200_010,
      closed: 0,
    });
    // the first 10 fill the buffer, then each of the 200,000 parks once: arrivals 0 … 200,009
    expect(accepted).toEqual([0, 200_010]);
    expect(ch.pending).toBe(200_010);
    // three receives unpark P10, P11, P12 (the first to park); from arrival 1e9 (P0's turn) their
    // next arrivals are 1e9 + 10, + 11, + 12
    ch.recvMany(3);
    const next: number[] = [];
    expect(ch.trySendProducers(1e9, 1e9, 0, 200_000, next).sent).toBe(3);
    expect(next).toEqual([10, 3]);
  });

  it('a producer that drops its Sender while parked: the entry keeps its SenderTask until a receive pops it', () => {
    const ch = channel(0, 2);
    ch.trySendProducers(0, 2, 0, 2, []); // both park (buffer 0)
    const tasks = () => ch.heap.bySite().find((x) => x.site === 'futures Arc<SenderTask>')?.liveBytes;
    expect(tasks()).toBe(2 * TASK);
    ch.dropSender(0);
    expect(tasks()).toBe(2 * TASK);
    ch.recvMany(1); // pops P0's entry: its SenderTask goes
    expect(tasks()).toBe(TASK);
  });

  // The same arrivals and receives replayed through each Sender one try_send at a time (the crate's
  // own rules, per handle) give the same bytes, counts and accepted arrivals.
  it('equals one try_send per arrival through each producer’s own Sender', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('send' as const), n: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('recv' as const), n: fc.integer({ min: 1, max: 6 }) }),
      fc.record({ kind: fc.constant('drop' as const), n: fc.integer({ min: 0, max: 7 }) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 7 }),
        fc.array(step, { maxLength: 30 }),
        (buffer, count, first, steps) => {
          const a = channel(buffer, first + count);
          const b = channel(buffer, first + count);
          const live = new Set(Array.from({ length: first + count }, (_, p) => p));
          let c = 0;
          for (const s of steps) {
            if (s.kind === 'recv') {
              expect(a.recvMany(s.n)).toBe(b.recvMany(s.n));
            } else if (s.kind === 'drop') {
              // a producer outside the ring leaves (the ring's keep sending)
              const p = s.n < first ? s.n : -1;
              if (p >= 0 && live.has(p) && live.size > 1) {
                live.delete(p);
                a.dropSender(p);
                b.dropSender(p);
              }
            } else {
              const accepted: number[] = [];
              const r = a.trySendProducers(c, s.n, first, count, accepted);
              const took: number[] = [];
              let sent = 0;
              for (let j = 0; j < s.n; j++) {
                if (b.send(first + ((c + j) % count)) === 'sent') {
                  sent++;
                  const last = took.length - 2;
                  if (last >= 0 && (took[last] as number) + (took[last + 1] as number) === j) {
                    took[last + 1] = (took[last + 1] as number) + 1;
                  } else took.push(j, 1);
                }
              }
              expect(r.sent).toBe(sent);
              expect(accepted).toEqual(took);
              c += s.n;
            }
            expect(a.heap.counters()).toEqual(b.heap.counters());
            expect(a.pending).toBe(b.pending);
            expect(a.structure()).toMatchObject({ parkedQueue: b.structure().parkedQueue });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the simulation: futures-channel bounded with try_send', () => {
  function lane(producers: number) {
    const s = scenario({
      durationSeconds: 1,
      message: { type: 'u64' },
      // one message every 10 ms / producers … dealt round-robin; the consumer is stalled until 200 ms
      producers: { count: producers, ratePerSec: 100 / producers },
      consumers: { count: 1, serviceUs: 1_000_000, stallAtMs: 0, stallForMs: 200 },
      strategies: [{ kind: 'bounded', impl: 'futures-bounded', capacity: 2, send: 'try' }],
    });
    const sim = createSimulation(s, { recordOps: true });
    return { sim, lane: sim.strategyLanes[0] as Lane };
  }

  it('3 producers, buffer 2: 5 messages held (buffer + producers), the others refused', () => {
    const { sim, lane: l } = lane(3);
    sim.runUntil(150_000);
    // 15 arrivals by 150 ms (10 ms apart): 5 taken, 10 refused, nobody waits in the engine's sense
    expect(l.counters.offered).toBe(15);
    expect(l.counters.sent).toBe(5);
    expect(l.counters.rejected).toBe(10);
    expect(l.queue.total).toBe(5);
    expect(l.waiters.total).toBe(0);
    // three Senders parked (spec §2.2: each message was taken), none of them blocked in a send
    expect(l.channel?.structure()).toMatchObject({
      parkedQueue: [2, 0, 1],
      parkedCount: 3,
      waitingSenders: 0,
    });
  });

  it('the stall ends at 200 ms: one receive (a 1 s handling) unparks P2, whose arrival at 210 ms is the one taken', () => {
    const { sim, lane: l } = lane(3);
    sim.runUntil(290_000);
    // arrivals 20 … 28 at 210 … 290 ms (arrival c at 10·(c+1) ms): P2's are c = 20, 23, 26; the
    // receive at 200 ms unparked P2, so arrival 20 (210 ms) is taken and parks P2 again
    expect(l.counters.received).toBe(1);
    expect(l.counters.sent).toBe(6);
    expect(l.channel?.structure()).toMatchObject({ parkedQueue: [0, 1, 2] });
  });

  it('a task spawned per send tries on its own fresh clone, never parked: every message is taken', () => {
    const s = scenario({
      durationSeconds: 1,
      message: { type: 'u64' },
      producers: { count: 3, ratePerSec: 100 / 3, pattern: 'task-per-send' },
      consumers: { count: 1, serviceUs: 1_000_000, stallAtMs: 0, stallForMs: 200 },
      strategies: [{ kind: 'bounded', impl: 'futures-bounded', capacity: 2, send: 'try' }],
    });
    const sim = createSimulation(s, { recordOps: true });
    const l = sim.strategyLanes[0] as Lane;
    sim.runUntil(150_000);
    expect(l.counters.sent).toBe(15);
    expect(l.counters.rejected).toBe(0);
    const site = (name: string) => l.heap.bySite().find((x) => x.site === name)?.liveBytes ?? 0;
    // 2 within the buffer (their clones went with their tasks), 13 over it: each parked clone's
    // SenderTask stays with its entry, besides the 3 producers' own
    expect(site('futures Arc<SenderTask>')).toBe((3 + 13) * TASK);
    expect(site('futures parked-queue node')).toBe(13 * PARKED);
    expect(site('futures parked-queue stub')).toBe(PARKED);
    expect(site('futures message node')).toBe((15 + 1) * NODE);
  });

  it('a single producer behaves like one handle: buffer + 1', () => {
    const { sim, lane: l } = lane(1);
    sim.runUntil(150_000);
    expect(l.counters.sent).toBe(3);
  });
});
