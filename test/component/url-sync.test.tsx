// @vitest-environment jsdom
// The address bar follows the lab: a changed parameter shows in the URL, written when the browser is
// idle (replaceState can take milliseconds while frames are drawn), never more than every 400 ms.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { presets } from '../../src/engine/presets.ts';
import { startUrlSync } from '../../src/ui/share/url-sync.ts';
import type { FrameState, Lab, LabState } from '../../src/ui/store.ts';

const preset = presets['game-server'].scenario;
const scenario = preset;

function setup(withIdle: boolean) {
  const store = createStore<LabState>(() => ({
    status: 'running',
    crashReason: null,
    recovered: null,
    notice: null,
    scenario,
    preset: 'game-server',
    meta: null,
    values: {},
    playing: true,
    done: false,
    speed: 1,
    focus: 0,
    secondMetric: 'depth',
    sweep: null,
    calculator: null,
    stepSize: 'message',
    heapScale: 'linear',
  }));
  const frames = createStore<FrameState>(() => ({ frame: null, series: null }));
  const lab = { store, frames } as unknown as Lab;
  const idle: (() => void)[] = [];
  const urls: string[] = [];
  const win = {
    location: { pathname: '/', search: '', hash: '', origin: 'http://lab.test' },
    history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => urls.push(url) },
    ...(withIdle
      ? {
          requestIdleCallback: (fn: () => void) => idle.push(fn),
          cancelIdleCallback: (h: number) => {
            idle[h - 1] = () => {};
          },
        }
      : {}),
  } as unknown as Window;
  const sync = startUrlSync(lab, win);
  const change = (count: number) =>
    store.setState({
      scenario: { ...preset, producers: { ...preset.producers, count } },
    });
  return { sync, urls, idle, change };
}

describe('the address bar', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows a changed parameter once the browser is idle', () => {
    const { urls, idle, change } = setup(true);
    change(2000);
    vi.advanceTimersByTime(400);
    expect(urls).toEqual([]);
    expect(idle).toHaveLength(1);
    idle[0]?.();
    expect(urls).toHaveLength(1);
    expect(urls[0]).toContain('producers.count=2000');
  });

  it('writes at most every 400 ms, with the latest values', () => {
    const { urls, idle, change } = setup(true);
    change(2000);
    vi.advanceTimersByTime(0);
    idle.shift()?.();
    change(3000);
    change(4000);
    vi.advanceTimersByTime(399);
    expect(idle).toHaveLength(0);
    vi.advanceTimersByTime(1);
    idle.shift()?.();
    expect(urls).toHaveLength(2);
    expect(urls[1]).toContain('producers.count=4000');
  });

  it('writes after the timer alone where the browser has no idle callback', () => {
    const { urls, change } = setup(false);
    change(2000);
    vi.advanceTimersByTime(400);
    expect(urls).toHaveLength(1);
  });

  it('writes nothing after it is stopped', () => {
    const { sync, urls, idle, change } = setup(true);
    change(2000);
    vi.advanceTimersByTime(400);
    sync.dispose();
    idle.forEach((fn) => fn());
    expect(urls).toEqual([]);
  });
});
