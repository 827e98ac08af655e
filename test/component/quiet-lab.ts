// A lab whose worker is a stand-in that answers nothing: for tests that drive the store (or the
// worker's messages) by hand.
import type { WorkerLike } from '../../src/ui/bridge.ts';
import { scenarioAdapter } from '../../src/ui/scenario-adapter.ts';
import { createLab, type Lab } from '../../src/ui/store.ts';

export function quietLab(): { lab: Lab; worker: WorkerLike } {
  const worker: WorkerLike = {
    postMessage: () => {},
    terminate: () => {},
    onmessage: null,
    onerror: null,
    onmessageerror: null,
  };
  const lab = createLab({ createWorker: () => worker, adapter: scenarioAdapter, schedule: (fn) => fn() });
  return { lab, worker };
}
