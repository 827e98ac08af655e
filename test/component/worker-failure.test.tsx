// @vitest-environment jsdom
// The worker crashing or hanging mid-run: the page says what happened and carries on from the last
// good state (same scenario, same simulated time, still playing) on a fresh worker. A hang raises
// no error, so only the heartbeat can notice it.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeAdapter, renderApp, type Rendered } from './harness.tsx';
import { fakeAppEngine } from '../unit/worker-fakes.ts';
import type { ToWorker } from '../../src/worker/protocol.ts';
import { formatSeconds } from '../../src/ui/format.ts';

let app: Rendered | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  cleanup();
});

const FAST_HEARTBEAT = { intervalMs: 20, timeoutMs: 100, startTimeoutMs: 5000 };

/** The demo scenario playing until the page has shown at least `ms` of simulated time. */
async function playingFor(ms: number): Promise<Rendered> {
  app = renderApp({
    preset: 'demo',
    engine: fakeAppEngine,
    adapter: fakeAdapter,
    heartbeat: FAST_HEARTBEAT,
  });
  await waitFor(() => expect(screen.getByTestId('readout-heap-0')).toHaveTextContent('800 B'));
  await userEvent.click(screen.getByRole('button', { name: 'Play' }));
  await waitFor(() => expect(app?.lab.bridge.goodState?.timeMs ?? 0).toBeGreaterThanOrEqual(ms), {
    timeout: 10_000,
  });
  return app;
}

function sentTo(w: { received: ToWorker[] } | undefined): string[] {
  return (w?.received ?? []).filter((m) => m.type !== 'ping' && m.type !== 'ack').map((m) => m.type);
}

describe('worker failure', () => {
  it('a crash mid-run is reported and the simulation restarts where it was, still playing', async () => {
    const { workers, lab } = await playingFor(50);
    const before = lab.bridge.goodState;
    workers[0]?.crash('out of memory');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The simulation crashed.');
    expect(alert).toHaveTextContent('the simulation worker failed: out of memory');
    expect(alert).toHaveTextContent('It was restarted from the last good state');
    await waitFor(() => expect(workers).toHaveLength(2));
    expect(workers[0]?.terminated).toBe(true);
    // the same scenario, brought to the time the page last showed, then playing again
    expect(sentTo(workers[1]).slice(0, 4)).toEqual(['load', 'speed', 'seek', 'play']);
    expect(workers[1]?.received[0]).toMatchObject({ type: 'load', scenario: { message: { bytes: 8 } } });
    const seek = workers[1]?.received.find((m) => m.type === 'seek');
    expect(seek).toMatchObject({ timeMs: before?.timeMs });
    // the time as the status line reads it (ms below a second, to two decimals)
    expect(alert).toHaveTextContent(`${formatSeconds(before?.timeMs ?? -1)} of simulated time`);
    // the new worker goes on from there: time moves past the restart point
    await waitFor(() => expect(lab.bridge.goodState?.timeMs ?? 0).toBeGreaterThan(before?.timeMs ?? 0));
    // the status line is a text view: it moves on with the next chart frame, a moment after the state
    // (it read "paused", from the new worker's load, in one loaded CI run)
    await waitFor(() => expect(screen.getByTestId('status-state')).toHaveTextContent('running'), {
      timeout: 5000,
    });
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('a hang (no error, no messages) is caught by the heartbeat, the stuck worker stopped and replaced', async () => {
    const { workers, lab } = await playingFor(50);
    workers[0]?.hang();
    const at = lab.bridge.goodState?.timeMs ?? -1;
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert).toHaveTextContent('The simulation froze.');
    expect(alert).toHaveTextContent('stopped responding (no answer to its heartbeat for 0.1 s)');
    expect(workers[0]?.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    // pings went out before the verdict: the hang was measured, not assumed
    expect(workers[0]?.received.filter((m) => m.type === 'ping').length).toBeGreaterThan(0);
    expect(workers[1]?.received.find((m) => m.type === 'seek')).toMatchObject({ timeMs: at });
    await waitFor(() => expect(lab.bridge.goodState?.timeMs ?? 0).toBeGreaterThan(at));
  });

  it('a healthy worker answers every ping and is never restarted', async () => {
    const { workers } = await playingFor(50);
    await new Promise((r) => setTimeout(r, 400)); // four heartbeat timeouts
    expect(workers).toHaveLength(1);
    expect(workers[0]?.received.filter((m) => m.type === 'ping').length).toBeGreaterThanOrEqual(3);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('a worker that keeps dying is restarted three times, then the page stops and offers a button', async () => {
    const { workers } = await playingFor(10);
    for (let i = 0; i < 3; i++) {
      workers[i]?.crash(`boom ${i}`);
      await waitFor(() => expect(workers).toHaveLength(i + 2));
    }
    workers[3]?.crash('boom 3');
    const alert = await screen.findByText('The simulation stopped.');
    expect(alert.closest('[role="alert"]')).toHaveTextContent('boom 3');
    expect(workers).toHaveLength(4);
    await userEvent.click(screen.getByRole('button', { name: 'Restart simulation' }));
    await waitFor(() => expect(workers).toHaveLength(5));
    expect(workers[4]?.received[0]).toMatchObject({ type: 'load', scenario: { message: { bytes: 8 } } });
  });
});
