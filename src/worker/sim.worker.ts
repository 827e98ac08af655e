/// <reference lib="webworker" />
/**
 * The simulation worker's entry: wires the host to `self`. Everything else lives in host.ts so it
 * can be tested without a worker.
 */
import { engineApi } from './engine-api.ts';
import { SimHost } from './host.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const host = new SimHost(
  engineApi,
  (msg: FromWorker, transfer: Transferable[]) => self.postMessage(msg, transfer),
  {
    now: () => performance.now(),
    setTimeout: (fn, ms) => self.setTimeout(fn, ms),
    clearTimeout: (h) => self.clearTimeout(h as number),
  },
);

self.onmessage = (e: MessageEvent<ToWorker>) => host.handle(e.data);
host.ready();
