// @vitest-environment jsdom
// A rebuilt simulation with the same strategies keeps the store's meta and values objects, so the views
// that select them do not re-render (zustand's shallow comparison); a changed strategy gives new ones.
import { afterEach, describe, expect, it } from 'vitest';
import { presets } from '../../src/engine/presets.ts';
import type { Lab } from '../../src/ui/store.ts';
import { quietLab } from './quiet-lab.ts';
import type { FromWorker, SimMeta } from '../../src/worker/protocol.ts';

let lab: Lab | null = null;
afterEach(() => lab?.dispose());

function setup() {
  const made = quietLab();
  lab = made.lab;
  const worker = made.worker;
  const loaded = (meta: SimMeta, seq: number) =>
    worker.onmessage?.({
      data: {
        type: 'loaded',
        seq,
        scenario: structuredClone(presets['game-server'].scenario),
        preset: 'game-server',
        meta,
      } satisfies FromWorker,
    } as MessageEvent<FromWorker>);
  return { lab, loaded };
}

const meta = (label: string, refusalMessage: string | null): SimMeta => ({
  durationMs: 60_000,
  strategies: [
    { id: 'a', label: 'tokio bounded(128)', kind: 'bounded', impl: 'tokio-bounded', refusal: null },
    {
      id: 'b',
      label,
      kind: 'bounded',
      impl: 'tokio-bounded',
      refusal:
        refusalMessage === null
          ? null
          : { kind: 'panic', crate: 'tokio', message: refusalMessage, origin: 'tokio::sync::mpsc::channel' },
    },
  ],
});

describe('the store keeps equal data as the same object', () => {
  it('same meta (refusal included) and same values: the previous objects stay', () => {
    const { lab, loaded } = setup();
    lab.bridge.start();
    loaded(meta('tokio bounded(0)', 'mpsc bounded channel requires buffer > 0'), 1);
    const first = lab.store.getState();
    expect(first.meta?.strategies[1]?.label).toBe('tokio bounded(0)');
    loaded(meta('tokio bounded(0)', 'mpsc bounded channel requires buffer > 0'), 2);
    const second = lab.store.getState();
    expect(second.meta).toBe(first.meta);
    expect(second.values).toBe(first.values);
    expect(second.scenario).not.toBe(first.scenario);
  });

  it('a changed label or a changed refusal gives a new meta object', () => {
    const { lab, loaded } = setup();
    lab.bridge.start();
    loaded(meta('tokio bounded(0)', 'one message'), 1);
    const first = lab.store.getState().meta;
    loaded(meta('tokio bounded(0)', 'another message'), 2);
    const second = lab.store.getState().meta;
    expect(second).not.toBe(first);
    loaded(meta('tokio bounded(1)', 'another message'), 3);
    expect(lab.store.getState().meta).not.toBe(second);
    expect(lab.store.getState().meta?.strategies[1]?.label).toBe('tokio bounded(1)');
  });

  it('a renamed strategy is a new object; the unchanged one keeps its object (its row does not re-render)', () => {
    const { lab, loaded } = setup();
    lab.bridge.start();
    loaded(meta('tokio bounded(64)', null), 1);
    const first = lab.store.getState().meta;
    loaded(meta('tokio bounded(65)', null), 2);
    const second = lab.store.getState().meta;
    expect(second).not.toBe(first);
    expect(second?.strategies[0]).toBe(first?.strategies[0]);
    expect(second?.strategies[1]).not.toBe(first?.strategies[1]);
    expect(second?.strategies[1]?.label).toBe('tokio bounded(65)');
  });
});
