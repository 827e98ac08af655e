// The worker protocol, in-process: commands in, frames out, latest wins, typed arrays transferred.
import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { SimHost } from '../../src/worker/host.ts';
import { decodeFrame } from '../../src/worker/frame.ts';
import {
  MAX_FRAMES_IN_FLIGHT,
  type FramePayload,
  type FromWorker,
  type ToWorker,
} from '../../src/worker/protocol.ts';
import { built, fakeEngine, ManualClock, SteppingFakeSim, type FakeScenario } from './worker-fakes.ts';

function setup() {
  const clock = new ManualClock();
  const out: { msg: FromWorker<FakeScenario>; transfer: Transferable[] }[] = [];
  const host = new SimHost<FakeScenario>(fakeEngine, (msg, transfer) => out.push({ msg, transfer }), clock);
  let seq = 0;
  const send = (cmd: Record<string, unknown> & { type: ToWorker['type'] }): number => {
    const s = ++seq;
    host.handle({ seq: s, ...cmd } as ToWorker<FakeScenario>);
    return s;
  };
  const frames = () => out.flatMap((o) => (o.msg.type === 'frame' ? [o.msg.frame] : ([] as FramePayload[])));
  const lastFrame = () => {
    const f = frames().at(-1);
    if (f === undefined) throw new Error('no frame');
    return decodeFrame(f);
  };
  const ackAll = () => {
    const f = frames().at(-1);
    if (f !== undefined) host.handle({ type: 'ack', frame: f.id });
  };
  return { clock, out, host, send, frames, lastFrame, ackAll };
}

const scenario = { messageSize: 8, intervalUs: 1000, durationUs: 10_000_000 };

describe('loading a scenario', () => {
  it('answers with the validated scenario, then a frame with the crate’s bytes at time 0', () => {
    const t = setup();
    t.send({ type: 'load', scenario, preset: 'demo' });
    t.clock.advance(1);
    const loaded = t.out.find((o) => o.msg.type === 'loaded')?.msg;
    expect(loaded).toMatchObject({ type: 'loaded', seq: 1, preset: 'demo', scenario });
    const f = t.lastFrame();
    expect(f.timeMs).toBe(0);
    // tokio unbounded of [u8; 8]: Arc<Chan> 512 B + one block of 32 × 8 + 32 header bytes
    expect(f.strategies[0]?.stats.heapBytes).toBe(800);
    expect(f.strategies[0]?.sites).toEqual([
      { site: 'tokio Arc<Chan>', liveBytes: 512, liveCount: 1 },
      { site: 'tokio block', liveBytes: 288, liveCount: 1 },
    ]);
    expect(f.strategies[0]?.stats.availablePermits).toBeNull();
    expect(f.strategies[0]?.structure?.kind).toBe('tokio-list');
  });

  it('refuses an invalid scenario by naming the field, and posts nothing else', () => {
    const t = setup();
    t.send({ type: 'load', scenario: { messageSize: -1 }, preset: null });
    t.clock.advance(50);
    expect(t.out.map((o) => o.msg)).toEqual([
      {
        type: 'refused',
        seq: 1,
        message: 'messageSize: expected a number ≥ 0',
        field: 'messageSize',
        scenario: null,
      },
    ]);
  });
});

describe('play, pause, speed and step', () => {
  it('plays at the requested speed: one wall second at 2× is two simulated seconds', () => {
    const t = setup();
    t.send({ type: 'load', scenario, preset: null });
    t.send({ type: 'speed', speed: 2 });
    t.send({ type: 'play' });
    for (let i = 0; i < 100; i++) {
      t.clock.advance(10);
      t.ackAll();
    }
    const f = t.lastFrame();
    expect(f.playing).toBe(true);
    expect(f.timeMs).toBeGreaterThanOrEqual(1960);
    expect(f.timeMs).toBeLessThanOrEqual(2000);
    // 1 message per simulated millisecond; 800 B + one more 288 B block per 32 messages
    expect(f.strategies[0]?.stats.heapBytes).toBe(512 + 288 * Math.ceil((f.arrivals + 1) / 32));
  });

  it('pause stops simulated time', () => {
    const t = setup();
    t.send({ type: 'load', scenario, preset: null });
    t.send({ type: 'play' });
    t.clock.advance(300);
    t.ackAll();
    t.send({ type: 'pause' });
    t.clock.advance(200);
    const paused = t.lastFrame();
    t.clock.advance(1000);
    expect(paused.playing).toBe(false);
    expect(t.lastFrame().timeMs).toBe(paused.timeMs);
  });

  it('Step advances by exactly one message', () => {
    const t = setup();
    t.send({ type: 'load', scenario, preset: null });
    t.clock.advance(1);
    for (let k = 1; k <= 33; k++) {
      t.send({ type: 'step', unit: 'message' });
      t.ackAll();
      t.clock.advance(1);
      t.ackAll();
      expect(t.lastFrame().arrivals).toBe(k);
    }
    // the 33rd message opened the second block
    expect(t.lastFrame().strategies[0]?.stats.heapBytes).toBe(512 + 2 * 288);
  });

  it('Step is exact with an engine that handles arrivals in bulk but can say when the next one comes', () => {
    const sims = { bulk: 0 };
    const engine = {
      ...fakeEngine,
      create: (s: FakeScenario) => {
        sims.bulk++;
        return new SteppingFakeSim(s);
      },
    };
    const clock = new ManualClock();
    const out: FromWorker<FakeScenario>[] = [];
    const host = new SimHost<FakeScenario>(engine, (m) => out.push(m), clock);
    host.handle({ type: 'load', seq: 1, scenario: { ...scenario, bulkStep: 7 }, preset: null });
    const arrivals = () => {
      const f = out.filter((m) => m.type === 'frame').at(-1);
      return f?.type === 'frame' ? f.frame.arrivals : -1;
    };
    for (let k = 1; k <= 5; k++) {
      host.handle({ type: 'step', seq: 1 + k, unit: 'message' });
      clock.advance(200);
      const last = out.filter((m) => m.type === 'frame').at(-1);
      if (last?.type === 'frame') host.handle({ type: 'ack', frame: last.frame.id });
      clock.advance(200);
      expect(arrivals()).toBe(k);
    }
    // without nextArrivalAt, the same bulk engine moves several messages per Step
    const t = setup();
    t.send({ type: 'load', scenario: { ...scenario, bulkStep: 7 }, preset: null });
    t.send({ type: 'step', unit: 'message' });
    t.clock.advance(200);
    expect(t.lastFrame().arrivals).toBe(7);
  });

  it('frames are credit-based (never more than MAX_FRAMES_IN_FLIGHT unacknowledged) and at most 30 a second', () => {
    const t = setup();
    t.send({ type: 'load', scenario, preset: null });
    t.send({ type: 'play' });
    t.clock.advance(2000);
    expect(t.frames().length).toBe(MAX_FRAMES_IN_FLIGHT);
    t.ackAll();
    // 70 ms at one frame per 33 ms or more: two more
    t.clock.advance(70);
    expect(t.frames().length).toBe(MAX_FRAMES_IN_FLIGHT + 2);
  });

  it('sends chart series at most 10 times per second, downsampled to at most 800 points', () => {
    const clock = new ManualClock();
    const posted: { at: number; frame: FramePayload }[] = [];
    const host = new SimHost<FakeScenario>(
      fakeEngine,
      (m) => {
        if (m.type === 'frame') posted.push({ at: clock.t, frame: m.frame });
      },
      clock,
    );
    host.handle({ type: 'load', seq: 1, scenario, preset: null });
    host.handle({ type: 'speed', seq: 2, speed: 5 });
    host.handle({ type: 'play', seq: 3 });
    for (let i = 0; i < 200; i++) {
      clock.advance(10);
      // a user moving a slider now and then: its series may come sooner than the periodic one
      if (i % 7 === 0) host.handle({ type: 'set', seq: 4 + i, changes: { messageSize: 8 + i } });
      const last = posted.at(-1);
      if (last !== undefined) host.handle({ type: 'ack', frame: last.frame.id });
    }
    const withSeries = posted.filter((p) => p.frame.series !== null);
    const gaps = withSeries.slice(1).map((p, k) => p.at - (withSeries[k]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(16);
    // never more than 10 in any second
    for (const p of withSeries) {
      expect(withSeries.filter((q) => q.at >= p.at && q.at < p.at + 1000).length).toBeLessThanOrEqual(10);
    }
    expect(withSeries.length).toBeGreaterThanOrEqual(12);
    expect(withSeries.length).toBeLessThanOrEqual(20);
    // frames (up to 30 a second) carry the canvases; most of them carry no series
    expect(posted.length).toBeGreaterThan(withSeries.length * 2);
    expect(posted.length).toBeLessThanOrEqual(62);
    const last = withSeries.at(-1)?.frame.series;
    expect(last?.samples).toBeGreaterThan(9_000);
    // 400 min/max buckets: under 3 px each on a 1,000 px wide chart, so a burst is drawn as a step
    expect(last?.timeMs.length).toBeLessThanOrEqual(800);
    expect(last?.timeMs.length).toBeGreaterThan(400);
  });
});

describe('latest wins', () => {
  it('a burst of parameter changes costs one rebuild, and every later frame carries the newest seq', () => {
    const t = setup();
    t.send({ type: 'load', scenario, preset: null });
    t.send({ type: 'play' });
    t.clock.advance(500);
    t.ackAll();
    const before = t.out.filter((o) => o.msg.type === 'loaded').length;
    t.send({ type: 'set', changes: { messageSize: 16 } });
    t.send({ type: 'set', changes: { messageSize: 64 } });
    const last = t.send({ type: 'set', changes: { intervalUs: 500, messageSize: 1024 } });
    t.clock.advance(20);
    const loaded = t.out.filter((o) => o.msg.type === 'loaded').map((o) => o.msg);
    expect(loaded.length - before).toBe(1);
    expect(loaded.at(-1)).toMatchObject({ seq: last, scenario: { messageSize: 1024, intervalUs: 500 } });
    const f = t.lastFrame();
    expect(f.seq).toBe(last);
    // rebuilt and replayed to where it was (~0.5 s): [u8; 1024] blocks of 32 × 1024 + 32 B
    expect(f.timeMs).toBeGreaterThanOrEqual(500);
    const blocks = Math.ceil((f.arrivals + 1) / 32);
    expect(f.strategies[0]?.stats.heapBytes).toBe(512 + 32_800 * blocks);
  });

  it('a refused change keeps the old scenario and still moves the seq on', () => {
    const t = setup();
    t.send({ type: 'load', scenario, preset: null });
    const bad = t.send({ type: 'set', changes: { messageSize: -3 } });
    t.clock.advance(5);
    const refused = t.out.find((o) => o.msg.type === 'refused')?.msg;
    expect(refused).toMatchObject({ seq: bad, field: 'messageSize', scenario });
    t.send({ type: 'pause' });
    t.clock.advance(200);
    expect(t.lastFrame().seq).toBe(bad);
  });
});

describe('channel structures only for views on screen (the `details` command)', () => {
  it('a playing run sends no structure while no view shows one, then sends it once one does', () => {
    const t = setup();
    t.send({ type: 'load', scenario, preset: null });
    t.host.handle({ type: 'details', structures: false });
    t.send({ type: 'play' });
    const played = () => t.frames().filter((f) => f.playing);
    const builtBefore = built.structures;
    for (let i = 0; i < 10; i++) {
      t.clock.advance(40);
      t.ackAll();
    }
    expect(played().length).toBeGreaterThan(3);
    // nor does the engine build them for those frames, only to leave them out
    expect(built.structures).toBe(builtBefore);
    for (const f of played()) {
      expect(f.structures).toBe(false);
      expect(f.details[0]?.structure).toBeNull();
      expect(f.details[0]?.waiters).toEqual([]);
      // the figures and the heap by site still come: the charts and readouts need them
      expect(f.details[0]?.sites.length).toBeGreaterThan(0);
    }
    // the anatomy scrolls in: the next frame carries the structure (the fake's tokio list)
    const before = t.frames().length;
    t.host.handle({ type: 'details', structures: true });
    t.clock.advance(40);
    const next = t.frames()[before];
    expect(next?.playing).toBe(true);
    expect(next?.structures).toBe(true);
    expect(next?.details[0]?.structure?.kind).toBe('tokio-list');
  });

  it('a stopped run’s frame carries the structures even while no view shows them', () => {
    const t = setup();
    t.send({ type: 'load', scenario, preset: null });
    t.host.handle({ type: 'details', structures: false });
    t.send({ type: 'play' });
    t.clock.advance(100);
    t.ackAll();
    t.send({ type: 'pause' });
    t.clock.advance(200);
    const last = t.frames().at(-1);
    expect(last?.playing).toBe(false);
    expect(last?.structures).toBe(true);
    expect(last?.details[0]?.structure?.kind).toBe('tokio-list');
  });
});

describe('failures', () => {
  it('an engine exception becomes an error message, and the worker keeps answering', () => {
    const t = setup();
    t.send({ type: 'load', scenario: { ...scenario, throwAfterUs: 100_000 }, preset: null });
    t.send({ type: 'play' });
    t.clock.advance(400);
    const err = t.out.find((o) => o.msg.type === 'error')?.msg;
    expect(err).toMatchObject({ type: 'error', message: 'RangeError: engine exploded' });
    t.host.handle({ type: 'ping', id: 7 });
    expect(t.out.at(-1)?.msg).toEqual({ type: 'pong', id: 7 });
  });
});

describe('transfer', () => {
  it('hands the figures and the series of a frame to postMessage as transferables', () => {
    const t = setup();
    t.send({ type: 'load', scenario, preset: null });
    t.clock.advance(200);
    const posted = t.out.find((o) => o.msg.type === 'frame');
    if (posted?.msg.type !== 'frame') throw new Error('no frame');
    const f = posted.msg.frame;
    const buffers = [f.stats, f.series?.timeMs, f.series?.values];
    for (const a of buffers) expect(posted.transfer).toContain(a?.buffer);
  });

  it('over a real MessageChannel the buffers move: the sender’s arrays are detached', async () => {
    const { port1, port2 } = new MessageChannel();
    const clock = new ManualClock();
    const sent: FramePayload[] = [];
    const host = new SimHost<FakeScenario>(
      fakeEngine,
      (msg, transfer) => {
        if (msg.type === 'frame') sent.push(msg.frame);
        port1.postMessage(msg, transfer as never);
      },
      clock,
    );
    const received = new Promise<FromWorker<FakeScenario>>((resolve) => {
      port2.on('message', (m: FromWorker<FakeScenario>) => {
        if (m.type === 'frame') resolve(m);
      });
    });
    host.handle({ type: 'load', seq: 1, scenario, preset: null });
    clock.advance(200);
    const m = await received;
    port1.close();
    if (m.type !== 'frame') throw new Error('unreachable');
    expect(sent[0]?.stats.byteLength).toBe(0);
    expect(sent[0]?.series?.values.byteLength).toBe(0);
    // the channel structure is cloned: a real tokio block (see worker-fakes.ts)
    expect(m.frame.details[0]?.structure?.kind).toBe('tokio-list');
    expect(m.frame.stats).toBeInstanceOf(Float64Array);
    expect(decodeFrame(m.frame).strategies[0]?.stats.heapBytes).toBe(800);
  });
});
