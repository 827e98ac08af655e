// @vitest-environment jsdom
// When text views (status, readouts, the Time slider) take the newest frame of a playing run: with a
// frame that brings a new chart series once their interval has passed, so the page redraws the text
// and the charts in one animation frame; a timer only when no series comes; a stopped run at once.
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { LabContext } from '../../src/ui/lab-context.ts';
import type { FrameState, Lab } from '../../src/ui/store.ts';
import { useThrottledFrame } from '../../src/ui/views/useThrottledFrame.ts';
import type { ChartSeries, DecodedFrame } from '../../src/worker/frame.ts';

function setup(intervalMs: number) {
  const frames = createStore<FrameState>(() => ({ frame: null, series: null }));
  const lab = { frames } as unknown as Lab;
  const wrapper = ({ children }: { children: ReactNode }) => (
    <LabContext.Provider value={lab}>{children}</LabContext.Provider>
  );
  const hook = renderHook(() => useThrottledFrame(intervalMs), { wrapper });
  // it shows the store's frame when it mounts: the interval runs from there
  act(() => vi.advanceTimersByTime(intervalMs));
  let id = 0;
  /** the worker's next frame, with a new series or without */
  const deliver = (withSeries: boolean, playing = true): DecodedFrame => {
    const frame = { id: ++id, seq: 1, playing } as DecodedFrame;
    const series = { timeMs: new Float64Array([id]), values: [], samples: id } as ChartSeries;
    act(() => frames.setState(withSeries ? { frame, series } : { frame }));
    return frame;
  };
  return { hook, deliver };
}

describe('throttled frames for text', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('moves on with the first frame that brings a series once the interval has passed', () => {
    const { hook, deliver } = setup(250);
    const first = deliver(true);
    expect(hook.result.current).toBe(first);
    act(() => vi.advanceTimersByTime(150));
    deliver(true); // 150 ms: too early
    act(() => vi.advanceTimersByTime(150));
    deliver(false); // 300 ms, but no series: the charts do not redraw in this frame
    expect(hook.result.current).toBe(first);
    const fourth = deliver(true);
    expect(hook.result.current).toBe(fourth);
  });

  it('shows the newest frame after twice the interval when no series comes, and a stopped run at once', () => {
    const { hook, deliver } = setup(250);
    const first = deliver(true);
    act(() => vi.advanceTimersByTime(100));
    const second = deliver(false);
    act(() => vi.advanceTimersByTime(399));
    expect(hook.result.current).toBe(first);
    act(() => vi.advanceTimersByTime(1));
    expect(hook.result.current).toBe(second);
    const paused = deliver(false, false);
    expect(hook.result.current).toBe(paused);
  });

  it('a view going off screen shows the newest frame at once, then no frame of the playing run', () => {
    const frames = createStore<FrameState>(() => ({ frame: null, series: null }));
    const lab = { frames } as unknown as Lab;
    const wrapper = ({ children }: { children: ReactNode }) => (
      <LabContext.Provider value={lab}>{children}</LabContext.Provider>
    );
    const hook = renderHook(({ visible }) => useThrottledFrame(250, visible), {
      wrapper,
      initialProps: { visible: true },
    });
    const at = (id: number) => ({ id, seq: 1, playing: true }) as DecodedFrame;
    act(() => vi.advanceTimersByTime(250));
    const series = { timeMs: new Float64Array([1]), values: [], samples: 1 } as ChartSeries;
    act(() => frames.setState({ frame: at(1), series }));
    act(() => vi.advanceTimersByTime(100));
    act(() => frames.setState({ frame: at(2) })); // too early: it waits (up to 400 ms) for a series
    expect(hook.result.current?.id).toBe(1);
    hook.rerender({ visible: false });
    expect(hook.result.current?.id).toBe(2);
    act(() => frames.setState({ frame: at(3) }));
    act(() => vi.advanceTimersByTime(1000));
    expect(hook.result.current?.id).toBe(2);
  });
});
