/**
 * Component-test plumbing: the real SimHost behind an in-process stand-in for a Worker (messages are
 * delivered asynchronously, as postMessage does), jsdom stubs for canvas and ResizeObserver, and a
 * helper that renders the whole app on a preset.
 */
import { render } from '@testing-library/react';
import { App } from '../../src/ui/App.tsx';
import type { HeartbeatOptions, WorkerLike } from '../../src/ui/bridge.ts';
import { scenarioAdapter } from '../../src/ui/scenario-adapter.ts';
import { createLab, type Lab, type ScenarioAdapter } from '../../src/ui/store.ts';
import { SimHost, type EngineApi } from '../../src/worker/host.ts';
import { engineApi } from '../../src/worker/engine-api.ts';
import type { FromWorker, ToWorker } from '../../src/worker/protocol.ts';
import type { Scenario } from '../../src/engine/scenario/index.ts';
import { fakeDemo } from '../unit/worker-fakes.ts';

export function installDomStubs(): void {
  // jsdom has no canvas: the views skip drawing and still write their text
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver;
}

export interface FakeWorker extends WorkerLike {
  readonly received: ToWorker[];
  terminated: boolean;
  /** what a real worker's uncaught exception looks like from the page */
  crash(message: string): void;
  /** a busy loop in the worker: from now on it neither handles nor sends anything, and raises no error */
  hang(): void;
}

export function inProcessWorker(engine: EngineApi<Scenario>): FakeWorker {
  const received: ToWorker[] = [];
  const w: FakeWorker = {
    received,
    terminated: false,
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    postMessage(msg: ToWorker) {
      received.push(msg);
      setTimeout(() => {
        if (!w.terminated && !hung) host.handle(structuredClone(msg));
      }, 0);
    },
    terminate() {
      w.terminated = true;
    },
    crash(message: string) {
      w.onerror?.({ message, preventDefault() {} } as ErrorEvent);
    },
    hang() {
      hung = true;
    },
  };
  let hung = false;
  const host = new SimHost<Scenario>(
    engine,
    (msg: FromWorker) => {
      setTimeout(() => {
        if (!w.terminated && !hung) w.onmessage?.({ data: msg } as MessageEvent<FromWorker>);
      }, 0);
    },
    {
      now: () => performance.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    },
  );
  setTimeout(() => host.ready(), 0);
  return w;
}

export interface Rendered {
  readonly lab: Lab;
  readonly workers: FakeWorker[];
  unmount(): void;
}

export function renderApp(
  opts: {
    preset?: string;
    engine?: EngineApi<Scenario>;
    adapter?: ScenarioAdapter;
    heartbeat?: HeartbeatOptions;
  } = {},
): Rendered {
  installDomStubs();
  const workers: FakeWorker[] = [];
  const engine = opts.engine ?? engineApi;
  const lab = createLab({
    createWorker: () => {
      const w = inProcessWorker(engine);
      workers.push(w);
      return w;
    },
    adapter: opts.adapter ?? scenarioAdapter,
    schedule: (fn) => setTimeout(fn, 0),
    ...(opts.heartbeat === undefined ? {} : { heartbeat: opts.heartbeat }),
  });
  lab.actions.loadPreset(opts.preset ?? 'game-server');
  const r = render(<App lab={lab} />);
  return {
    lab,
    workers,
    unmount() {
      r.unmount();
      lab.dispose();
    },
  };
}

/** An adapter for fakeAppEngine (test/unit/worker-fakes.ts): one tokio unbounded channel, one knob. */
export const fakeAdapter: ScenarioAdapter = {
  presets: [
    { name: 'demo', title: 'Demo', explanation: 'One message per millisecond.', fact: '800 B to start.' },
  ],
  defaultPreset: 'demo',
  controls: () => [
    {
      kind: 'slider',
      key: 'messageSize',
      group: 'message',
      label: 'Message size',
      min: 0,
      max: 4096,
      step: 1,
      scale: 'linear',
      unit: 'B',
      description: 'bytes per message',
    },
  ],
  valuesOf: (s) => ({ messageSize: s.message.bytes }),
  presetScenario: (name) => (name === 'demo' ? fakeDemo : null),
  channelOf: (s) => ({
    impl: 'tokio-unbounded',
    message: { kind: 'bytes', size: s.message.bytes },
    capacity: 0,
    channels: 1,
  }),
};
