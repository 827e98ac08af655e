/**
 * One sweep worker for the panel: start, progress, cancel, result. The worker is made on the first
 * run and ended with the panel. Answers about an older sweep (a newer one started meanwhile) are dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Scenario } from '../../engine/scenario/index.ts';
import type { SweepResult } from '../../engine/sweep.ts';
import type { FromSweepWorker, ToSweepWorker } from '../../worker/protocol.ts';

export interface SweepWorkerLike {
  onmessage: ((e: MessageEvent<FromSweepWorker>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  postMessage(msg: ToSweepWorker): void;
  terminate(): void;
}
export type SweepWorkerFactory = () => SweepWorkerLike;

export const createSweepWorker: SweepWorkerFactory = () =>
  new Worker(new URL('../../worker/sweep.worker.ts', import.meta.url), {
    type: 'module',
    name: 'channel-lab-sweep',
  });

export type SweepStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface SweepState {
  readonly status: SweepStatus;
  /** 0 … 1 */
  readonly progress: number;
  readonly result: SweepResult | null;
  readonly message: string | null;
  /** the scenario the result is for (to say when the panel's scenario has changed since) */
  readonly scenario: Scenario | null;
}

const IDLE: SweepState = { status: 'idle', progress: 0, result: null, message: null, scenario: null };

export function useSweepRun(factory: SweepWorkerFactory) {
  const [state, setState] = useState<SweepState>(IDLE);
  const worker = useRef<SweepWorkerLike | null>(null);
  const id = useRef(0);

  useEffect(
    () => () => {
      worker.current?.terminate();
      worker.current = null;
    },
    [],
  );

  const ensure = useCallback((): SweepWorkerLike => {
    if (worker.current !== null) return worker.current;
    const w = factory();
    w.onmessage = (e) => {
      const msg = e.data;
      if (msg.id !== id.current) return;
      switch (msg.type) {
        case 'sweep-progress':
          setState((s) => ({ ...s, status: 'running', progress: msg.progress, result: msg.result }));
          return;
        case 'sweep-done':
          setState((s) => ({ ...s, status: 'done', progress: 1, result: msg.result }));
          return;
        case 'sweep-cancelled':
          setState((s) => ({ ...s, status: 'cancelled' }));
          return;
        case 'sweep-error':
          setState((s) => ({ ...s, status: 'error', message: msg.message }));
          return;
      }
    };
    w.onerror = (e) => {
      e.preventDefault?.();
      worker.current?.terminate();
      worker.current = null;
      setState((s) => ({ ...s, status: 'error', message: `the sweep worker stopped: ${e.message}` }));
    };
    worker.current = w;
    return w;
  }, [factory]);

  const start = useCallback(
    (scenario: Scenario, param: string, values: readonly number[]) => {
      id.current += 1;
      setState({ status: 'running', progress: 0, result: null, message: null, scenario });
      ensure().postMessage({ type: 'sweep-start', id: id.current, scenario, param, values });
    },
    [ensure],
  );

  const cancel = useCallback(() => {
    worker.current?.postMessage({ type: 'sweep-cancel', id: id.current });
  }, []);

  const fail = useCallback((message: string) => {
    id.current += 1;
    setState({ ...IDLE, status: 'error', message });
  }, []);

  return { state, start, cancel, fail };
}
