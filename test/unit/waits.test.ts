// Waiting operations at capacities and sizes the T11 traces do not cover. The expected numbers are
// derived from each crate's rules (channel-memory-spec §1.6, §2, §4, §5 and golden README §9), not
// read from the models: if a model only fitted the measured capacities, these fail.
import { describe, expect, it } from 'vitest';
import { replayCase, type GoldenOp, type GoldenStep } from '../../src/engine/golden.ts';
import type { ImplName } from '../../src/engine/channels/types.ts';
import { flumeHookBytes } from '../../src/engine/channels/flume.ts';
import type { MessageType } from '../../src/engine/layout.ts';

const U64: MessageType = { kind: 'u64' };

/** Fill a channel of capacity C, park K send futures, then receive one message at a time. */
function park(impl: ImplName, C: number, K: number, message: MessageType = U64) {
  const ops: GoldenOp[] = [{ op: 'create' }, { op: 'send', sender: 0, n: C }];
  for (let f = 0; f < K; f++) ops.push({ op: 'send_wait', from: 0, fut: f });
  for (let i = 0; i < K + C + 1; i++) ops.push({ op: 'recv', n: 1 });
  ops.push({ op: 'drop_sender', sender: 0 }, { op: 'drop_receiver' });
  const params = impl === 'tokio-semaphore' ? { permits: C } : { capacity: C };
  const r = replayCase(impl, message, { name: 'derived', params, ops });
  expect(r.refusal).toBeUndefined();
  return r.steps;
}

const delta = (steps: readonly GoldenStep[], i: number) => ({
  bytes: steps[i]!.live_bytes - steps[i - 1]!.live_bytes,
  allocs: steps[i]!.allocs - steps[i - 1]!.allocs,
  deallocs: steps[i]!.deallocs - steps[i - 1]!.deallocs,
});

describe('waiting senders at other capacities', () => {
  it.each([2, 7, 33])('tokio bounded(%i): a parked send costs 0 B; each receive lets the oldest in', (C) => {
    const K = 5;
    const s = park('tokio-bounded', C, K);
    const afterFill = s[1]!;
    for (let f = 0; f < K; f++) expect(s[2 + f]!.live_bytes).toBe(afterFill.live_bytes);
    // receive i (1-based) lets waiter i send: sent = C + min(i, K), pending = C until the waiters run out
    for (let i = 1; i <= K; i++) {
      const st = s[1 + K + i]!;
      expect(st.sent).toBe(C + i);
      expect(st.pending).toBe(C);
    }
    expect(s.at(-1)!.live_bytes).toBe(0);
  });

  it('tokio semaphore gate with 3 permits: waiting acquires cost 0 B and are served in order', () => {
    const s = park('tokio-semaphore', 3, 4);
    for (let f = 0; f < 4; f++) expect(delta(s, 2 + f)).toEqual({ bytes: 0, allocs: 0, deallocs: 0 });
    expect(s[2 + 4]!.sent).toBe(4); // first receive: its permit goes straight to the oldest waiter
  });

  it('futures-channel buffer 6: each waiting clone costs SenderTask 48 + node 24 + parked node 16', () => {
    const C = 6;
    const K = 5;
    const s = park('futures-bounded', C, K);
    // The channel takes the message at once (it counts as sent) and the clone parks.
    for (let f = 0; f < K; f++) {
      expect(delta(s, 2 + f)).toEqual({ bytes: 48 + 24 + 16, allocs: 3, deallocs: 0 });
      expect(s[2 + f]!.sent).toBe(C + f + 1);
    }
    // Each receive frees the old stub, pops one parked node and lets that clone finish (its task goes).
    for (let i = 1; i <= K; i++) expect(delta(s, 1 + K + i)).toEqual({ bytes: -88, allocs: 0, deallocs: 3 });
    expect(delta(s, 1 + K + K + 1)).toEqual({ bytes: -24, allocs: 0, deallocs: 1 });
  });

  it('flume bounded(6): a hook per waiter holding the message, the sending deque grows 4 → 8 and is kept', () => {
    const C = 6;
    const K = 6;
    const hook = flumeHookBytes(U64);
    expect(hook).toBe(80); // spec §4.1, measured for u64
    const s = park('flume-bounded', C, K);
    // queue: 4 slots, then 8 (8 B each): 64 B after filling 6
    expect(s[1]!.live_bytes).toBe(152 + 64);
    expect(delta(s, 2)).toEqual({ bytes: hook + 64, allocs: 2, deallocs: 0 }); // + deque of 4 fat pointers
    for (let f = 1; f < 4; f++) expect(delta(s, 2 + f)).toEqual({ bytes: hook, allocs: 1, deallocs: 0 });
    expect(delta(s, 2 + 4).bytes).toBe(hook + 64); // 5th waiter: realloc 64 → 128 B
    expect(s[2 + 4]!.reallocs - s[2 + 3]!.reallocs).toBe(1);
    // The message stays in the hook: nothing is sent until a receive pulls it in.
    expect(s[2 + K - 1]!.sent).toBe(C);
    // receive: pull one hook's message into the queue (7 ≤ 8 slots, no growth), pop one, the hook goes
    expect(delta(s, 2 + K)).toEqual({ bytes: -hook, allocs: 0, deallocs: 1 });
    expect(s[2 + K]!.pending).toBe(C);
    // after the waiters, the deque (128 B) and the queue stay until the channel is freed
    expect(s.at(-3)!.live_bytes).toBe(152 + 64 + 128);
  });

  it('async-channel bounded(6): 72 B send_ops inner once, a 56 B listener per waiter, hand-over on completion', () => {
    const C = 6;
    const K = 4;
    const s = park('async-bounded', C, K);
    expect(delta(s, 2)).toEqual({ bytes: 72 + 56, allocs: 2, deallocs: 0 });
    for (let f = 1; f < K; f++) expect(delta(s, 2 + f)).toEqual({ bytes: 56, allocs: 1, deallocs: 0 });
    // receive: the oldest waiter sends and drops its notified listener, which passes the
    // notification on; the next waiter finds the channel full, frees its listener and listens anew.
    expect(delta(s, 2 + K)).toEqual({ bytes: -56, allocs: 1, deallocs: 2 });
    // the last waiter has nobody to pass the notification to
    expect(delta(s, 2 + K + K - 1)).toEqual({ bytes: -56, allocs: 0, deallocs: 1 });
  });
});

describe('flume hook size follows the layout', () => {
  it.each([
    [{ kind: 'bytes', size: 8 } as MessageType, 72],
    [{ kind: 'bytes', size: 128 } as MessageType, 192],
    [{ kind: 'string', len: 100 } as MessageType, 88],
    // [u8; 3]: Option 4 B, Mutex 4+1+4 → 12, tagged Option 16, + AsyncSignal 32 + counts 16
    [{ kind: 'bytes', size: 3 } as MessageType, 64],
  ])('%j → %i B', (m, bytes) => {
    expect(flumeHookBytes(m)).toBe(bytes);
  });
});

describe('waiting receive', () => {
  it.each(['tokio-unbounded', 'futures-unbounded'] as const)(
    '%s: a waiting receive costs nothing and takes the next message',
    (impl) => {
      const ops: GoldenOp[] = [{ op: 'create' }, { op: 'recv_wait' }, { op: 'send', sender: 0, n: 3 }];
      const s = replayCase(impl, U64, { name: 'r', params: {}, ops }).steps;
      expect(s[1]!.live_bytes).toBe(s[0]!.live_bytes);
      expect(s[2]!).toMatchObject({ sent: 3, received: 1, pending: 2 });
    },
  );
});
