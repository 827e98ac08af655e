/// <reference lib="webworker" />
/** The sweep worker's entry: wires SweepHost to `self` (see sweep-host.ts). */
import type { FromSweepWorker, ToSweepWorker } from './protocol.ts';
import { SweepHost } from './sweep-host.ts';

declare const self: DedicatedWorkerGlobalScope;

const host = new SweepHost((msg: FromSweepWorker) => self.postMessage(msg), {
  now: () => performance.now(),
  setTimeout: (fn, ms) => self.setTimeout(fn, ms),
  clearTimeout: (h) => self.clearTimeout(h as number),
});

self.onmessage = (e: MessageEvent<ToSweepWorker>) => host.handle(e.data);
