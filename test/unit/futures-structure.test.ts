// What futures-channel's snapshot structure says about parked senders: the anatomy's "N parked"
// counts every entry of the parked queue, the simulation's producers waiting in send().await
// included (the model counts them, it does not name them), and a snapshot lists at most LISTED_MAX
// senders and parked entries however many producers there are.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/engine/heap.ts';
import { FuturesChannel } from '../../src/engine/channels/futures.ts';
import { LISTED_MAX, createChannel, type FuturesStructure } from '../../src/engine/channels/index.ts';
import type { StrategySnapshot } from '../../src/engine/sim/types.ts';
import { drawAnatomy } from '../../src/ui/draw/anatomy.ts';
import { readTheme } from '../../src/ui/draw/paint.ts';
import { describeStructure } from '../../src/ui/describe.ts';
import { recordingContext } from './draw-recorder.ts';
import { run } from './sim-helpers.ts';

function futuresOf(s: StrategySnapshot): FuturesStructure {
  if (s.structure?.kind !== 'futures-nodes') throw new Error('not a futures-channel structure');
  return s.structure;
}

function drawnText(s: FuturesStructure): string {
  const { ctx, labels } = recordingContext();
  drawAnatomy(ctx, readTheme(null), s, 1200);
  return labels.map((l) => l.s).join(' | ');
}

/** 5 producers × 10 msg/s (one arrival every 20 ms), a consumer taking 100 ms per u64 message. */
const slow = {
  durationSeconds: 1,
  message: { type: 'u64' as const },
  producers: { count: 5, ratePerSec: 10 },
  consumers: { serviceUs: 100_000 },
};

describe('futures-channel: the parked senders the anatomy counts', () => {
  it('send().await, buffer 2, five producers all parked: "5 parked", each SenderTask marked', () => {
    const { snapshot } = run({
      ...slow,
      strategies: [{ kind: 'bounded', capacity: 2, impl: 'futures-bounded' }],
    });
    const b = snapshot.strategies[0] as StrategySnapshot;
    expect(b.waitingSenders).toBe(5);
    const s = futuresOf(b);
    // five 16 B parked-queue nodes (the stub is the channel's own): five entries, whoever they are
    expect(b.heapBySite.find((x) => x.site === 'futures parked-queue node')?.liveBytes).toBe(5 * 16);
    expect(s.parkedCount).toBe(5);
    // capacity = buffer + one slot per Sender: 2 + 5 = 7
    expect(drawnText(s)).toContain('Capacity = buffer 2 + 5 senders = 7 · 5 parked');
    expect(describeStructure(s)).toContain('5 senders parked');
    expect(s.senderTasks).toEqual([0, 1, 2, 3, 4].map((id) => ({ id, parked: true })));
  });

  it('some producers waiting: the marked SenderTasks are the waiting producers the backpressure view lists', () => {
    // 10 producers, one arrival every 10 ms in all, a consumer taking 1 s: after 100 ms, 2 messages
    // in the buffer, 1 in the consumer's hands, and the producers of the next arrivals parked
    const { snapshot } = run(
      {
        durationSeconds: 1,
        message: { type: 'u64' },
        producers: { count: 10, ratePerSec: 10 },
        consumers: { serviceUs: 1_000_000 },
        strategies: [{ kind: 'bounded', capacity: 2, impl: 'futures-bounded' }],
      },
      65,
    );
    const b = snapshot.strategies[0] as StrategySnapshot;
    const s = futuresOf(b);
    const waiting = new Set(b.waiters.map((w) => w.producer));
    expect(waiting.size).toBeGreaterThan(0);
    expect(waiting.size).toBeLessThan(10);
    expect(s.parkedCount).toBe(b.waitingSenders);
    expect(s.senderTasks.filter((t) => t.parked).map((t) => t.id)).toEqual(
      [...waiting].sort((x, y) => x - y),
    );
  });
});

describe('futures-channel: a snapshot lists a bounded number of senders', () => {
  it('100,000 producers parked by their own try_send: at most LISTED_MAX listed, every one counted', () => {
    const r = createChannel('futures-bounded', new Heap(), { message: { kind: 'u64' }, capacity: 10 });
    if (!r.ok || !(r.channel instanceof FuturesChannel)) throw new Error('refused');
    const ch = r.channel;
    const producers = 100_000;
    for (let p = 1; p < producers; p++) ch.cloneSender(0, p);
    // 10 arrivals fill the buffer, then each producer's next one is taken and parks it
    expect(ch.trySendProducers(0, 10 + producers, 0, producers, []).sent).toBe(10 + producers);
    const s = ch.structure();
    expect(s.senders).toBe(producers);
    expect(s.parkedCount).toBe(producers);
    expect(LISTED_MAX).toBeLessThan(producers);
    expect(s.senderTasks).toHaveLength(LISTED_MAX);
    expect(s.parkedQueue).toHaveLength(LISTED_MAX);
    // the first ones, in handle order and in queue order: arrival 10 is producer 10's, …
    expect(s.senderTasks.slice(0, 3)).toEqual([0, 1, 2].map((id) => ({ id, parked: true })));
    expect(s.parkedQueue.slice(0, 3)).toEqual([10, 11, 12]);
    expect(drawnText(s)).toContain('Capacity = buffer 10 + 100,000 senders = 100,010 · 100,000 parked');
  });
});
