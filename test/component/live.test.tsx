// @vitest-environment jsdom
// Live knobs and the load at a glance, as a user meets them: the offered and drained rates beside the
// comparison, and a change made while the run plays that bends the run from then on and keeps
// everything before it (the exported CSV is the same up to the change).
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { seriesCsv } from '../../src/engine/sim/report.ts';
import { renderApp, type Rendered } from './harness.tsx';

let app: Rendered | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  cleanup();
});

async function ready(): Promise<Rendered> {
  app = renderApp({ preset: 'game-server' });
  await waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled(), {
    timeout: 10_000,
  });
  return app;
}

async function csv(lab: Rendered['lab']): Promise<string[]> {
  const series = await lab.actions.fetchSeries();
  if (series === null) throw new Error('no series');
  // what Export → CSV writes (the same columns as `npm run sim -- --csv`)
  return seriesCsv(series).trim().split('\n');
}

const rowTime = (row: string) => Number(row.split(',')[0]);

// The harness runs the real engine on the test's own thread (harness.tsx inProcessWorker): on a loaded
// 2-core machine a played run measured 28–30 s here (starting the app 10–12 s, typing one digit up to
// 6 s), against 5–12 s on a quiet one. Typing without userEvent's per-key delay, and a limit with room
// for a machine that busy, keep the test about what it checks rather than about the machine's load.
const user = userEvent.setup({ delay: null });
const PLAYED_TEST_MS = 60_000;

describe('load at a glance', () => {
  it('shows offered and drained rates and their ratio, and follows a parameter change', async () => {
    await ready();
    // game-server: 1,000 producers × 20 msg/s; one consumer, 100 µs a message → 10,000 msg/s
    await waitFor(() => expect(screen.getByTestId('load-offered')).toHaveTextContent('20,000 msg/s'), {
      timeout: 10_000,
    });
    expect(screen.getByTestId('load-drained')).toHaveTextContent('10,000 msg/s');
    expect(screen.getByTestId('load-ratio')).toHaveTextContent(
      'offered 2× the drain: queues grow by 10,000 msg/s',
    );
    const rate = screen.getByRole('spinbutton', { name: 'Producer rate' });
    await user.clear(rate);
    await user.type(rate, '5');
    // 1,000 × 5 = 5,000 offered, half the drain
    await waitFor(() => expect(screen.getByTestId('load-offered')).toHaveTextContent('5,000 msg/s'), {
      timeout: 10_000,
    });
    expect(screen.getByTestId('load-ratio')).toHaveTextContent(
      'offered 0.5× the drain: the consumers keep up',
    );
  }, 30_000);
});

describe('live knobs', () => {
  it(
    'a change while playing takes effect from then on; the CSV up to the change is unchanged',
    async () => {
      const { lab } = await ready();
      await user.click(screen.getByRole('button', { name: 'Play' }));
      await waitFor(() => expect(lab.frames.getState().frame?.timeMs ?? 0).toBeGreaterThan(300), {
        timeout: 10_000,
      });
      const before = await csv(lab);
      const field = screen.getByRole('spinbutton', { name: 'Consumers' });
      await user.clear(field);
      await user.type(field, '3');
      await waitFor(() => expect(lab.store.getState().scenario?.changes).toHaveLength(1));
      const change = (
        lab.store.getState().scenario?.changes as { atMs: number; path: string; value: number }[]
      )[0];
      if (change === undefined) throw new Error('no change');
      expect(change).toMatchObject({ path: 'consumers.count', value: 3 });
      // the control shows the new value; the run was not restarted
      expect(screen.getByRole('spinbutton', { name: 'Consumers' })).toHaveValue(3);
      // drained is now 3 × 10,000 msg/s: the consumers keep up
      await waitFor(() => expect(screen.getByTestId('load-drained')).toHaveTextContent('30,000 msg/s'));
      await waitFor(
        () => expect(lab.frames.getState().frame?.timeMs ?? 0).toBeGreaterThan(change.atMs + 300),
        {
          timeout: 10_000,
        },
      );
      const after = await csv(lab);
      const kept = before.filter((row, i) => i === 0 || rowTime(row) < change.atMs);
      expect(kept.length).toBeGreaterThan(3);
      expect(after.slice(0, kept.length)).toEqual(kept);
      // and after the change the run differs: the unbounded queue stops growing
      expect(after.length).toBeGreaterThan(kept.length + 2);
      await user.click(screen.getByRole('button', { name: 'Pause' }));
    },
    PLAYED_TEST_MS,
  );
});

describe('senders and backpressure, side by side', () => {
  it('shows every strategy of the comparison as a row with its own counters, on one scale', async () => {
    const { lab } = await ready();
    const labels = lab.store.getState().meta?.strategies.map((s) => s.label) ?? [];
    expect(labels).toHaveLength(3);
    // the rows take their labels in a background render
    await waitFor(
      () => {
        const bp = [...document.querySelectorAll('.bp-row')];
        expect(bp.map((r) => r.querySelector('h3')?.textContent)).toEqual(labels);
      },
      { timeout: 10_000 },
    );
    for (const [k, label] of labels.entries()) {
      expect(
        screen.getByRole('img', {
          name: `${label}: producers, waiting senders, permits, queue and consumers`,
        }),
      ).toBeInTheDocument();
      expect(screen.getByTestId(`bp-counters-${k}`)).toHaveTextContent('Waiting senders');
    }
    // at 0 s the largest bound is the gate's 1,024 permits (bounded holds 128)
    await waitFor(
      () => expect(screen.getByTestId('bp-scale')).toHaveTextContent('a full queue bar is 1,024 messages'),
      {
        timeout: 10_000,
      },
    );
    // after a second the unbounded queue, 10,000 msg/s deeper than the drain, sets the scale
    lab.actions.seek(1000);
    await waitFor(
      () => {
        const text = screen.getByTestId('bp-scale').textContent ?? '';
        const n = Number(/bar is ([\d,]+)/.exec(text)?.[1]?.replace(/,/g, ''));
        expect(n).toBeGreaterThan(9_000);
      },
      { timeout: 10_000 },
    );
    // the bounded row waits: its counters say so while the unbounded row has no waiting sender
    await waitFor(
      () => {
        const waiting = (k: number) =>
          Number(
            screen
              .getByTestId(`bp-counters-${k}`)
              .querySelector('[data-counter="waiting"]')
              ?.textContent?.replace(/,/g, ''),
          );
        expect(waiting(0)).toBe(0);
        expect(waiting(1)).toBeGreaterThan(0);
      },
      { timeout: 10_000 },
    );
  }, 30_000);
});
