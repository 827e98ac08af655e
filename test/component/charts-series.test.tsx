// @vitest-environment jsdom
// When the charts' text takes a new series: while the run plays on, with the first series at least
// 250 ms after the last one shown (a timer only when none comes), and the series that answers a change
// (a slider moved) at once.
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { LabContext } from '../../src/ui/lab-context.ts';
import type { FrameState, Lab } from '../../src/ui/store.ts';
import { useSeries } from '../../src/ui/views/useSeries.ts';
import type { ChartSeries, DecodedFrame } from '../../src/worker/frame.ts';

function setup() {
  const frames = createStore<FrameState>(() => ({ frame: null, series: null }));
  const lab = { frames } as unknown as Lab;
  const wrapper = ({ children }: { children: ReactNode }) => (
    <LabContext.Provider value={lab}>{children}</LabContext.Provider>
  );
  const hook = renderHook(() => useSeries(true), { wrapper });
  let n = 0;
  /** the worker's next frame with a series, computed after command `seq` */
  const deliver = (seq: number): ChartSeries => {
    const series = { timeMs: new Float64Array([n++]), values: [], samples: n } as ChartSeries;
    act(() => frames.setState({ frame: { seq, playing: true } as DecodedFrame, series }));
    return series;
  };
  return { hook, deliver };
}

describe('chart series', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('moves a playing run on with the first series 250 ms after the last one shown', () => {
    const { hook, deliver } = setup();
    const first = deliver(1);
    expect(hook.result.current.series).toBe(first);
    act(() => vi.advanceTimersByTime(100));
    deliver(1); // 100 ms after the last one shown: too early
    act(() => vi.advanceTimersByTime(200));
    expect(hook.result.current.series).toBe(first);
    // 300 ms: at once, in the task that brought it (the chart redraws for it in the same frame)
    const third = deliver(1);
    expect(hook.result.current.series).toBe(third);
  });

  it('shows the newest series 500 ms after the last one shown when no later one comes', () => {
    const { hook, deliver } = setup();
    const first = deliver(1);
    act(() => vi.advanceTimersByTime(100));
    const second = deliver(1);
    act(() => vi.advanceTimersByTime(399));
    expect(hook.result.current.series).toBe(first);
    act(() => vi.advanceTimersByTime(1));
    expect(hook.result.current.series).toBe(second);
  });

  it('shows the series that answers a change at once, even while a steady redraw is pending', () => {
    const { hook, deliver } = setup();
    deliver(1);
    deliver(1); // a steady redraw is now waiting
    const answer = deliver(2); // computed after the slider moved (command 2)
    expect(hook.result.current).toEqual({ series: answer, seq: 2 });
  });
});
