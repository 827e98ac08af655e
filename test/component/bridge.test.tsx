// @vitest-environment jsdom
// The UI side of "latest wins": slider bursts become one command, stale frames never reach the page.
import { describe, expect, it } from 'vitest';
import { WorkerBridge, type WorkerLike } from '../../src/ui/bridge.ts';
import { encodeFrame } from '../../src/worker/frame.ts';
import type { DecodedFrame } from '../../src/worker/frame.ts';
import {
  ACK_EVERY,
  MAX_FRAMES_IN_FLIGHT,
  PROTOCOL_VERSION,
  type FromWorker,
  type ToWorker,
} from '../../src/worker/protocol.ts';
import { FakeSim } from '../unit/worker-fakes.ts';

function setup() {
  const posted: ToWorker[] = [];
  const tasks: (() => void)[] = [];
  const worker: WorkerLike = {
    postMessage: (m) => posted.push(m),
    terminate: () => {},
    onmessage: null,
    onerror: null,
    onmessageerror: null,
  };
  const frames: DecodedFrame[] = [];
  const crashes: string[] = [];
  const bridge = new WorkerBridge(
    () => worker,
    { onFrame: (f) => frames.push(f), onMessage: () => {}, onCrash: (reason) => crashes.push(reason) },
    (fn) => tasks.push(fn),
  );
  bridge.start();
  const flush = () => tasks.splice(0).forEach((t) => t());
  const sim = new FakeSim({ messageSize: 8, intervalUs: 1000, durationUs: 1e7 });
  let id = 0;
  const deliver = (seq: number) => {
    const frame = encodeFrame(sim.snapshot(), {
      id: ++id,
      seq,
      playing: true,
      done: false,
      speed: 1,
      achievedSpeed: 1,
      series: null,
    });
    worker.onmessage?.({ data: { type: 'frame', frame } satisfies FromWorker } as MessageEvent<FromWorker>);
  };
  const post = (msg: FromWorker) => worker.onmessage?.({ data: msg } as MessageEvent<FromWorker>);
  return { bridge, posted, frames, flush, deliver, post, crashes };
}

describe('the worker bridge', () => {
  it('sends the first change at once, then coalesces a slider drag into one "set" per animation frame', () => {
    const { bridge, posted, flush } = setup();
    for (let v = 1; v <= 50; v++) bridge.setParams({ capacity: v });
    bridge.setParams({ producers: 7 });
    expect(posted).toEqual([{ type: 'set', seq: 1, changes: { capacity: 1 } }]);
    flush();
    expect(posted.slice(1)).toEqual([{ type: 'set', seq: 2, changes: { capacity: 50, producers: 7 } }]);
    // the next frame: the drag goes on, still one "set" for the frame
    bridge.setParams({ capacity: 51 });
    bridge.setParams({ capacity: 52 });
    expect(posted).toHaveLength(2);
    flush();
    expect(posted.slice(2)).toEqual([{ type: 'set', seq: 3, changes: { capacity: 52 } }]);
    // a frame without changes ends the drag: the next change goes at once again
    flush();
    bridge.setParams({ capacity: 60 });
    expect(posted.slice(3)).toEqual([{ type: 'set', seq: 4, changes: { capacity: 60 } }]);
  });

  it('drops frames computed before the newest change, and still acknowledges them', () => {
    const { bridge, posted, frames, flush, deliver } = setup();
    bridge.setParams({ capacity: 5 });
    flush(); // set, seq 1
    deliver(0); // computed before the change: stale
    expect(frames).toEqual([]);
    deliver(1);
    expect(frames.map((f) => f.seq)).toEqual([1]);
    for (let i = 2; i < ACK_EVERY; i++) deliver(1);
    flush();
    // the stale frame counts towards the acknowledgement: the worker gets its credit back
    expect(posted.filter((m) => m.type === 'ack')).toEqual([{ type: 'ack', frame: Math.max(2, ACK_EVERY) }]);
    expect(bridge.staleFrames).toBe(1);
  });

  it('acknowledges every ACK_EVERY-th frame (one ack covers them all), in the next animation frame', () => {
    const { posted, flush, deliver } = setup();
    const acks = () => posted.filter((m) => m.type === 'ack');
    for (let i = 1; i < ACK_EVERY; i++) {
      deliver(0);
      flush();
    }
    expect(acks()).toEqual([]);
    deliver(0);
    expect(acks()).toEqual([]); // not before the animation frame
    deliver(0);
    flush();
    expect(acks()).toEqual([{ type: 'ack', frame: ACK_EVERY + 1 }]);
    deliver(0);
    flush();
    expect(acks()).toHaveLength(1);
    // the worker may have this many in flight: it never waits while the page keeps up
    expect(MAX_FRAMES_IN_FLIGHT).toBeGreaterThanOrEqual(2 * ACK_EVERY);
  });

  it('tells the worker whether a structure view is on screen: once per animation frame, only a change', () => {
    const { bridge, posted, flush } = setup();
    const details = () => posted.filter((m) => m.type === 'details');
    // a new worker sends structures until told otherwise
    bridge.setStructures(true);
    flush();
    expect(details()).toEqual([]);
    // the last structure view scrolls out, another scrolls in within the same frame: nothing to say
    bridge.setStructures(false);
    bridge.setStructures(true);
    flush();
    expect(details()).toEqual([]);
    bridge.setStructures(false);
    flush();
    expect(details()).toEqual([{ type: 'details', structures: false }]);
    bridge.setStructures(true);
    flush();
    expect(details()).toEqual([
      { type: 'details', structures: false },
      { type: 'details', structures: true },
    ]);
  });

  it('a command sent while a change is pending sends the change first, in order', () => {
    const { bridge, posted } = setup();
    bridge.setParams({ capacity: 9 });
    bridge.send({ type: 'step', unit: 'message' });
    expect(posted.map((m) => m.type)).toEqual(['set', 'step']);
  });

  it('refuses a worker that speaks another protocol version, and says how to fix it', () => {
    const { bridge, post, crashes } = setup();
    post({ type: 'ready', version: PROTOCOL_VERSION + 1 });
    expect(bridge.isCrashed).toBe(true);
    expect(crashes).toEqual([
      `the simulation worker speaks protocol version ${PROTOCOL_VERSION + 1}, this page expects ` +
        `${PROTOCOL_VERSION}: reload the page (an old copy of one of them is cached)`,
    ]);
  });

  it('accepts a worker of its own protocol version', () => {
    const { bridge, post, crashes } = setup();
    post({ type: 'ready', version: PROTOCOL_VERSION });
    expect(bridge.isCrashed).toBe(false);
    expect(crashes).toEqual([]);
  });
});
