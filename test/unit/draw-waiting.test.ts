// The anatomy's waiting structures per crate (draw/waiting.ts) and their words (describe.ts), from
// models whose producers wait through the bulk operations the engine uses.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/engine/heap.ts';
import { createChannel, type ChannelModel, type ImplName } from '../../src/engine/channels/index.ts';
import { consumerRows, waitRows, drawWaiting } from '../../src/ui/draw/waiting.ts';
import { describeStructure } from '../../src/ui/describe.ts';
import type { Theme } from '../../src/ui/draw/paint.ts';

/** A u64 channel of capacity 2, filled, with `waiting` producers parked behind it. */
function parked(impl: ImplName, waiting: number): ChannelModel {
  const r = createChannel(impl, new Heap(), { message: { kind: 'u64' }, capacity: 2 });
  if (!r.ok) throw new Error(r.refusal.message);
  const ch = r.channel;
  for (let p = 1; p < 8; p++) ch.cloneSender(0, p);
  const got = ch.sendOrPark(0, 2 + waiting, waiting);
  expect(got).toEqual({ sent: 2, parked: waiting });
  return ch;
}

describe('waiting structures in the anatomy', () => {
  it('tokio: the wait list costs 0 B (drawn as outlines)', () => {
    const rows = waitRows(parked('tokio-bounded', 5).structure());
    expect(rows).toEqual([expect.objectContaining({ label: 'Semaphore wait list', count: 5, bytes: 0 })]);
  });

  it('futures-channel: a 16 B parked-queue node per parked sender', () => {
    const s = parked('futures-bounded', 3).structure();
    expect(waitRows(s)).toEqual([expect.objectContaining({ count: 3, bytes: 16 })]);
    expect(describeStructure(s)).toMatch(/3 senders parked: each holds its own 48 B SenderTask/);
  });

  it('flume: an 80 B hook per waiting sender and the kept sending deque (4, then 8 pointers)', () => {
    const s = parked('flume-bounded', 5).structure();
    expect(waitRows(s)).toEqual([
      expect.objectContaining({ label: 'Hooks', count: 5, bytes: 80 }),
      expect.objectContaining({ count: 5, bytes: 16, capacity: 8 }),
    ]);
    expect(describeStructure(s)).toMatch(/5 senders waiting, each in a 80 B hook .* room for 8 and keeps it/);
  });

  it('async-channel: a 56 B listener per waiting sender', () => {
    const s = parked('async-bounded', 2).structure();
    expect(waitRows(s)).toEqual([
      expect.objectContaining({ label: 'send_ops listeners', count: 2, bytes: 56 }),
    ]);
  });

  it('crossbeam: a 24 B waker entry per blocked sender, in a Vec kept after they go', () => {
    const ch = parked('crossbeam-bounded', 5);
    expect(waitRows(ch.structure())).toEqual([expect.objectContaining({ count: 5, bytes: 24, capacity: 8 })]);
    ch.recvMany(2);
    expect(ch.takeCompleted(0, Infinity)).toBe(2);
    ch.cancelParked(3);
    const s = ch.structure();
    expect(waitRows(s)).toEqual([expect.objectContaining({ count: 0, capacity: 8 })]);
    expect(describeStructure(s)).toMatch(
      /Nobody is blocked now; the senders' waker Vec keeps room for 8 entries \(192 B\)/,
    );
  });

  it('nothing is drawn when nobody waits and nothing is kept', () => {
    const r = createChannel('tokio-bounded', new Heap(), { message: { kind: 'u64' }, capacity: 2 });
    if (!r.ok) throw new Error('refused');
    expect(waitRows(r.channel.structure())).toEqual([]);
  });

  it('draws one cell per waiting sender with a legend, and reports its height', () => {
    const calls: string[] = [];
    const ctx = new Proxy({ measureText: () => ({ width: 10 }) } as unknown as CanvasRenderingContext2D, {
      get(target, key) {
        if (key in target) return (target as unknown as Record<string | symbol, unknown>)[key];
        return (...args: unknown[]) => calls.push(`${String(key)}:${args.join(',')}`);
      },
      set: () => true,
    });
    const theme = new Proxy({} as Theme, {
      get: (_t, k) => (k === 'font' || k === 'mono' ? 'sans' : '#000'),
    });
    const h = drawWaiting(ctx, theme, parked('flume-bounded', 5).structure(), { x: 0, y: 0, width: 600 });
    expect(h).toBeGreaterThan(60);
    const texts = calls.filter((c) => c.startsWith('fillText:'));
    expect(texts.some((c) => c.includes('Waiting senders: 5'))).toBe(true);
    expect(texts.some((c) => c.includes('Hooks · 400 B'))).toBe(true);
    expect(texts.some((c) => c.includes('on the heap for a waiter'))).toBe(true);
  });

  it('a narrow canvas puts the legend items on two lines instead of over each other', () => {
    // text is 6 px a character here; 360 px wide leaves no room for both items side by side
    const draw = (width: number) => {
      const calls: { s: string; x: number; y: number }[] = [];
      const ctx = new Proxy(
        { measureText: (s: string) => ({ width: s.length * 6 }) } as unknown as CanvasRenderingContext2D,
        {
          get(target, key) {
            if (key in target) return (target as unknown as Record<string | symbol, unknown>)[key];
            return (...args: unknown[]) => {
              if (key === 'fillText')
                calls.push({ s: String(args[0]), x: Number(args[1]), y: Number(args[2]) });
            };
          },
          set: () => true,
        },
      );
      const theme = new Proxy({} as Theme, {
        get: (_t, k) => (k === 'font' || k === 'mono' ? 'sans' : '#000'),
      });
      const h = drawWaiting(ctx, theme, parked('flume-bounded', 5).structure(), { x: 0, y: 0, width });
      const heap = calls.find((c) => c.s === 'on the heap for a waiter');
      const empty = calls.find((c) => c.s === 'kept empty, or 0 B');
      if (heap === undefined || empty === undefined) throw new Error('legend not drawn');
      return { h, heap, empty };
    };
    const wide = draw(1000);
    expect(wide.empty.y).toBe(wide.heap.y);
    // side by side, the second starts after the first ends (24 characters × 6 px)
    expect(wide.empty.x).toBeGreaterThanOrEqual(wide.heap.x + 24 * 6);
    const narrow = draw(280);
    expect(narrow.empty.y).toBeGreaterThan(narrow.heap.y);
    expect(narrow.empty.x).toBe(narrow.heap.x);
    // narrower than 480 px each of the two rows (hooks, deque) also puts its label on its own line, and
    // each row's note (54 and 56 characters, 324 and 336 px) wraps onto a second line of 13 px
    // (1.3 × 10 px) in the 272 px beside no label, rather than being cut
    expect(narrow.h).toBe(wide.h + 16 + 2 * 16 + 2 * 13);
  });
});

/** A fresh, empty u64 channel whose receive waits (an async receive, or crossbeam's blocked thread). */
function consumerWaiting(impl: ImplName, capacity = 2): ChannelModel {
  const r = createChannel(impl, new Heap(), { message: { kind: 'u64' }, capacity });
  if (!r.ok) throw new Error(r.refusal.message);
  r.channel.recvWait();
  return r.channel;
}

describe('the waiting consumer in the anatomy', () => {
  it('tokio and futures-channel: a waker stored in place, 0 B (drawn as an outline)', () => {
    for (const impl of ['tokio-unbounded', 'futures-bounded'] as const) {
      const s = consumerWaiting(impl).structure();
      expect(consumerRows(s), impl).toEqual([expect.objectContaining({ count: 1, bytes: 0 })]);
      expect(describeStructure(s), impl).toMatch(/The consumer waits for the next message: 0 B/);
    }
  });

  it('flume: an 80 B receive hook in a waiting deque of 4 pointers, which stays when the receive ends', () => {
    const ch = consumerWaiting('flume-bounded');
    expect(consumerRows(ch.structure())).toEqual([
      expect.objectContaining({ label: 'Receive hook', count: 1, bytes: 80 }),
      expect.objectContaining({ count: 1, bytes: 16, capacity: 4 }),
    ]);
    ch.send(0);
    ch.runWoken();
    const after = ch.structure();
    expect(consumerRows(after)).toEqual([expect.objectContaining({ count: 0, bytes: 16, capacity: 4 })]);
    expect(describeStructure(after)).toMatch(
      /not waiting; the waiting deque keeps room for 4 hook pointers \(64 B\)/,
    );
  });

  it('async-channel: a 56 B listener on recv_ops', () => {
    const s = consumerWaiting('async-bounded').structure();
    expect(consumerRows(s)).toEqual([
      expect.objectContaining({ label: 'recv_ops listener', count: 1, bytes: 56 }),
    ]);
  });

  it('crossbeam: a 24 B entry in the receivers’ Vec of 4, kept', () => {
    const ch = consumerWaiting('crossbeam-unbounded');
    expect(consumerRows(ch.structure())).toEqual([
      expect.objectContaining({ count: 1, bytes: 24, capacity: 4 }),
    ]);
    expect(describeStructure(ch.structure())).toMatch(
      /blocked in recv with a 24 B entry .*room for 4, kept\) and its own 48 B Context/,
    );
    ch.send(0);
    ch.runWoken();
    expect(consumerRows(ch.structure())).toEqual([expect.objectContaining({ count: 0, capacity: 4 })]);
  });

  it('nothing when the consumer never waited', () => {
    for (const impl of ['tokio-unbounded', 'flume-bounded', 'async-bounded', 'std-unbounded'] as const) {
      const r = createChannel(impl, new Heap(), { message: { kind: 'u64' }, capacity: 2 });
      if (!r.ok) throw new Error(r.refusal.message);
      expect(consumerRows(r.channel.structure()), impl).toEqual([]);
    }
  });
});
