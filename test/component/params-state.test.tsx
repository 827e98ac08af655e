// @vitest-environment jsdom
// A slice computed from the parameters (the differences from the preset, the controls shown, a
// group's summary of changes) is computed again only when the values or the scenario change, not at
// every store update (#16: zustand runs every selector each time; the differences from the preset took
// 7 ms of a slider's first key press under 4x CPU throttling).
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LabContext, useLabStateInTransition, useParamsState } from '../../src/ui/lab-context.ts';
import { shallow } from 'zustand/shallow';
import type { Lab } from '../../src/ui/store.ts';
import { quietLab } from './quiet-lab.ts';

let lab: Lab | null = null;
afterEach(() => {
  cleanup();
  lab?.dispose();
});

/** how many times the probe's slice was computed */
const calls = { n: 0 };
const count = (values: object, suffix: string) => {
  calls.n++;
  return `${JSON.stringify(values)}${suffix}`;
};

function Probe({ suffix }: { suffix: string }) {
  const text = useParamsState((values) => count(values, suffix), [suffix]);
  return <p>{text}</p>;
}

describe('useParamsState', () => {
  it('computes again for new values, a new scenario or new deps, and not for other store updates', () => {
    lab = quietLab().lab;
    const l = lab;
    const view = render(
      <LabContext.Provider value={l}>
        <Probe suffix="!" />
      </LabContext.Provider>,
    );
    expect(screen.getByText('{}!')).toBeInTheDocument();
    const after = calls.n;
    // a run starting, a focus change, the heap scale: not the parameters
    act(() => l.store.setState({ playing: true }));
    act(() => l.store.setState({ focus: 1 }));
    act(() => l.store.setState({ heapScale: 'log' }));
    expect(calls.n).toBe(after);
    act(() => l.store.setState({ values: { channels: 5 } }));
    expect(screen.getByText('{"channels":5}!')).toBeInTheDocument();
    expect(calls.n).toBe(after + 1);
    act(() => l.store.setState({ playing: false }));
    expect(calls.n).toBe(after + 1);
    view.rerender(
      <LabContext.Provider value={l}>
        <Probe suffix="?" />
      </LabContext.Provider>,
    );
    expect(screen.getByText('{"channels":5}?')).toBeInTheDocument();
    expect(calls.n).toBe(after + 2);
  });
});

/** how many times the labels probe rendered */
const renders = { n: 0 };
const shown = (names: readonly string[]) => {
  renders.n++;
  return names.join(', ') || 'none';
};

function Labels() {
  const names = useLabStateInTransition((s) => s.meta?.strategies.map((x) => x.label) ?? [], shallow);
  return <p>{shown(names)}</p>;
}

describe('useLabStateInTransition', () => {
  it('takes a change after the store update, in its own render, and not one that leaves the slice equal', async () => {
    lab = quietLab().lab;
    const l = lab;
    render(
      <LabContext.Provider value={l}>
        <Labels />
      </LabContext.Provider>,
    );
    expect(screen.getByText('none')).toBeInTheDocument();
    const strategy = {
      id: 'a',
      label: 'tokio bounded(128)',
      kind: 'bounded',
      impl: 'tokio-bounded',
      refusal: null,
    } as const;
    const meta = (label: string) => ({ durationMs: 1000, strategies: [{ ...strategy, label }] });
    await act(async () => l.store.setState({ meta: meta('tokio bounded(128)') }));
    expect(await screen.findByText('tokio bounded(128)')).toBeInTheDocument();
    const after = renders.n;
    // a new meta object with the same labels: no render
    await act(async () => l.store.setState({ meta: meta('tokio bounded(128)') }));
    await act(async () => l.store.setState({ playing: true }));
    expect(renders.n).toBe(after);
    await act(async () => l.store.setState({ meta: meta('tokio bounded(129)') }));
    expect(await screen.findByText('tokio bounded(129)')).toBeInTheDocument();
    expect(renders.n).toBe(after + 1);
  });
});
