// @vitest-environment jsdom
// Live knobs and the load at a glance, as a user meets them: the offered and drained rates beside the
// comparison, and a change made while the run plays that bends the run from then on and keeps
// everything before it (the exported CSV is the same up to the change).
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { seriesToCsv } from '../../src/ui/export/csv.ts';
import { SERIES_FIELDS } from '../../src/engine/sim/types.ts';
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
  const labels = lab.store.getState().meta?.strategies.map((s) => s.label) ?? [];
  const text = seriesToCsv(
    {
      timeMs: series.timeMs,
      strategies: series.strategies.map((s, i) => ({ label: labels[i] ?? s.id, columns: s.columns })),
    },
    SERIES_FIELDS,
  );
  return text.trim().split('\n');
}

const rowTime = (row: string) => Number(row.split(',')[0]);

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
    await userEvent.clear(rate);
    await userEvent.type(rate, '5');
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
  it('a change while playing takes effect from then on; the CSV up to the change is unchanged', async () => {
    const { lab } = await ready();
    await userEvent.click(screen.getByRole('button', { name: 'Play' }));
    await waitFor(() => expect(lab.frames.getState().frame?.timeMs ?? 0).toBeGreaterThan(300), {
      timeout: 10_000,
    });
    const before = await csv(lab);
    const field = screen.getByRole('spinbutton', { name: 'Consumers' });
    await userEvent.clear(field);
    await userEvent.type(field, '3');
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
    await waitFor(() => expect(lab.frames.getState().frame?.timeMs ?? 0).toBeGreaterThan(change.atMs + 300), {
      timeout: 10_000,
    });
    const after = await csv(lab);
    const kept = before.filter((row, i) => i === 0 || rowTime(row) < change.atMs);
    expect(kept.length).toBeGreaterThan(3);
    expect(after.slice(0, kept.length)).toEqual(kept);
    // and after the change the run differs: the unbounded queue stops growing
    expect(after.length).toBeGreaterThan(kept.length + 2);
    await userEvent.click(screen.getByRole('button', { name: 'Pause' }));
  }, 30_000);
});
