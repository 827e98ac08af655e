// The tokio model's entry points for the keep-up path (src/engine/sim/keepup.ts): each must leave the
// model exactly where the general calls it stands for leave it (structure, heap, tally), in every
// flavor, with room, without room, and once the receiver is gone.
import { describe, expect, it, vi } from 'vitest';
import { Heap } from '../../src/engine/heap.ts';
import type { MessageType } from '../../src/engine/layout.ts';
import { createChannel, type ImplName } from '../../src/engine/channels/index.ts';
import { TokioChannel } from '../../src/engine/channels/tokio.ts';
import { createSimulation, parseScenario } from '../../src/engine/sim/index.ts';

// inline bytes: the models' calls here build no payloads (a dropped receiver destroys what it holds)
const BYTES: MessageType = { kind: 'bytes', size: 40 };
const FLAVORS: ImplName[] = ['tokio-unbounded', 'tokio-bounded', 'tokio-semaphore'];

function open(impl: ImplName, bound: number): { heap: Heap; ch: TokioChannel } {
  const heap = new Heap();
  const params =
    impl === 'tokio-semaphore' ? { message: BYTES, permits: bound } : { message: BYTES, capacity: bound };
  const r = createChannel(impl, heap, params);
  if (!r.ok || !(r.channel instanceof TokioChannel)) throw new Error('not a tokio channel');
  return { heap, ch: r.channel };
}

/** Everything a later call or a drawing could read. */
function state(heap: Heap, ch: TokioChannel) {
  return JSON.stringify({
    structure: ch.structure(100),
    heap: { live: heap.liveBytes, peak: heap.peakBytes, allocs: heap.allocs, deallocs: heap.deallocs },
    tally: ch.tally,
    waiting: ch.hasWaiting,
    pending: ch.pending,
  });
}

/** Two channels of a flavor after the same history: `pushed` sends, `popped` receives, the receiver maybe gone. */
function pair(impl: ImplName, bound: number, pushed: number, popped: number, dropReceiver = false) {
  const a = open(impl, bound);
  const b = open(impl, bound);
  for (const { ch } of [a, b]) {
    ch.sendMany(0, pushed);
    ch.recvMany(popped);
    if (dropReceiver) ch.dropReceiver();
  }
  return { a, b };
}

describe('TokioChannel.sendCount: sendMany(…).sent, nothing else', () => {
  for (const impl of FLAVORS) {
    // room for all, for some, for none; around block boundaries (32 slots); after the receiver went
    const cases: [number, number, number, number, boolean][] = [
      [8, 0, 0, 3, false],
      [8, 6, 0, 5, false],
      [8, 8, 0, 1, false],
      [64, 31, 2, 1, false],
      [64, 40, 10, 30, false],
      [8, 3, 1, 2, true],
    ];
    it.each(cases)(
      `${impl}: bound %i, %i sent, %i received, then %i more (receiver gone: %s)`,
      (bound, pushed, popped, n, gone) => {
        const { a, b } = pair(impl, bound, pushed, popped, gone);
        const general = a.ch.sendMany(0, n).sent;
        const count = b.ch.sendCount(n);
        expect(count).toBe(general);
        expect(state(b.heap, b.ch)).toBe(state(a.heap, a.ch));
      },
    );
  }
});

describe('TokioChannel.sendsAtOnce: sendOrPark would send all and park none', () => {
  for (const impl of FLAVORS) {
    it(`${impl}: true exactly when sendOrPark sends everything, and then it is sendCount`, () => {
      for (const [pushed, n] of [
        [0, 4],
        [4, 4],
        [5, 4],
        [8, 1],
      ] as const) {
        const { a, b } = pair(impl, 8, pushed, 0);
        const at = b.ch.sendsAtOnce(n);
        const r = a.ch.sendOrPark(0, n, 1000);
        expect(at).toBe(impl === 'tokio-unbounded' || pushed + n <= 8);
        if (at) {
          expect(r).toEqual({ sent: n, parked: 0 });
          b.ch.sendCount(n);
          expect(state(b.heap, b.ch)).toBe(state(a.heap, a.ch));
        }
      }
    });
  }
});

describe('TokioChannel.sendToWaitingReceive: a send and the woken receive taking it', () => {
  for (const impl of FLAVORS) {
    it(`${impl}: the same as sendMany(h, 1) then runWoken(), with room and without`, () => {
      for (const [bound, pushed, popped] of [
        [8, 0, 0],
        [8, 31, 31],
        [64, 33, 33],
        [8, 8, 8],
      ] as const) {
        const { a, b } = pair(impl, bound, pushed, popped);
        a.ch.recvWait();
        b.ch.recvWait();
        expect(a.ch.hasWaiting).toBe(true);
        const sent = a.ch.sendMany(0, 1).sent;
        a.ch.runWoken();
        expect(b.ch.sendToWaitingReceive()).toBe(sent);
        expect(state(b.heap, b.ch)).toBe(state(a.heap, a.ch));
      }
      // a gate without permits (a waiting receive means an empty channel, so only a gate of 0):
      // nothing sent, the receive still waits
      if (impl === 'tokio-semaphore') {
        const { a, b } = pair(impl, 0, 0, 0);
        a.ch.recvWait();
        b.ch.recvWait();
        const sent = a.ch.sendMany(0, 1).sent;
        a.ch.runWoken();
        expect(sent).toBe(0);
        expect(b.ch.sendToWaitingReceive()).toBe(0);
        expect(b.ch.hasWaiting).toBe(true);
        expect(state(b.heap, b.ch)).toBe(state(a.heap, a.ch));
      }
    });

    it(`${impl}: declines (null, nothing done) when no receive waits`, () => {
      const { a, b } = pair(impl, 8, 0, 0);
      expect(b.ch.sendToWaitingReceive()).toBeNull();
      expect(state(b.heap, b.ch)).toBe(state(a.heap, a.ch));
    });
  }
});

describe('the keep-up stretch’s calls on a quiet channel: the general calls’ effects, nothing else', () => {
  // histories ending around block boundaries (32 slots), with spares linked, reused and freed
  const histories: [number, number][] = [
    [0, 0],
    [31, 31],
    [32, 32],
    [33, 33],
    [200, 199],
    [200, 200],
    [300, 170],
  ];
  for (const impl of FLAVORS) {
    it(`${impl}: pushValues(n) = sendCount(n); popValue() = recvMany(1)`, () => {
      for (const [pushed, popped] of histories) {
        for (const n of [1, 3, 40]) {
          const { a, b } = pair(impl, 1000, pushed, popped);
          expect(b.ch.keepUpQuiet()).toBe(true);
          expect(a.ch.sendCount(n)).toBe(n);
          b.ch.pushValues(n);
          expect(state(b.heap, b.ch)).toBe(state(a.heap, a.ch));
          expect(a.ch.recvMany(1)).toBe(1);
          b.ch.popValue();
          expect(state(b.heap, b.ch)).toBe(state(a.heap, a.ch));
        }
      }
    });

    it(`${impl}: waitOnEmpty() = recvWait(); handToReceive() = sendToWaitingReceive()`, () => {
      for (const [pushed] of histories) {
        const { a, b } = pair(impl, 1000, pushed, pushed);
        a.ch.recvWait();
        b.ch.waitOnEmpty();
        expect(state(b.heap, b.ch)).toBe(state(a.heap, a.ch));
        expect(b.ch.keepUpQuiet()).toBe(true);
        expect(a.ch.sendToWaitingReceive()).toBe(1);
        b.ch.handToReceive();
        expect(state(b.heap, b.ch)).toBe(state(a.heap, a.ch));
        expect(b.ch.hasWaiting).toBe(false);
      }
    });
  }

  it('keepUpQuiet: not with a send future, a parked sender, the last Sender dropped or the receiver gone', () => {
    const future = open('tokio-bounded', 1);
    future.ch.sendMany(0, 1);
    future.ch.sendWait(0, 0);
    const parked = open('tokio-bounded', 1);
    parked.ch.sendOrPark(0, 2, 1);
    const closed = open('tokio-unbounded', 0);
    closed.ch.dropSender(0);
    const gone = open('tokio-unbounded', 0);
    gone.ch.dropReceiver();
    for (const { ch } of [future, parked, closed, gone]) expect(ch.keepUpQuiet()).toBe(false);
    expect(open('tokio-semaphore', 4).ch.keepUpQuiet()).toBe(true);
  });
});

describe('the keep-up path uses them, and the run is the general one', () => {
  it('poisson-exponential, three tokio strategies: the same op log, snapshot and series', () => {
    const parsed = parseScenario({
      name: 'poisson-exponential',
      durationSeconds: 0.1,
      producers: { count: 1000, ratePerSec: 900, arrival: 'poisson' },
      consumers: { count: 1, service: 'exponential', serviceUs: 1 },
    });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const wake = vi.spyOn(TokioChannel.prototype, 'sendToWaitingReceive');
    const count = vi.spyOn(TokioChannel.prototype, 'sendCount');
    const run = (keepUp: boolean) => {
      const sim = createSimulation(parsed.scenario, { keepUp, recordOps: true });
      sim.runUntil(Infinity);
      return JSON.stringify([sim.strategyLanes.map((l) => l.opLog), sim.snapshot(), sim.series()]);
    };
    const fast = run(true);
    // about 90,000 messages per strategy, a seventh of them arriving to a waiting receive
    expect(wake.mock.calls.length).toBeGreaterThan(3 * 5_000);
    expect(count.mock.calls.length).toBeGreaterThan(3 * 50_000);
    wake.mockRestore();
    count.mockRestore();
    expect(fast).toBe(run(false));
  });
});
