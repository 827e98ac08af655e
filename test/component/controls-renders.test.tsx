// @vitest-environment jsdom
// A capacity's change re-renders its own strategy row, not every row (#16 item 4: under 4× CPU
// throttling the key press's synchronous render of the whole list was a third of a long frame); the
// buttons that change the whole list still act on the list as it is when pressed.
import { act, cleanup, fireEvent, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as adapter from '../../src/ui/scenario-adapter.ts';
import { renderApp, type Rendered } from './harness.tsx';

// each strategy row builds its Crate menu from crateOptions() when it renders: a count of row renders
vi.mock('../../src/ui/scenario-adapter.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/ui/scenario-adapter.ts')>();
  return { ...original, crateOptions: vi.fn(original.crateOptions) };
});
vi.setConfig({ testTimeout: 30_000 });

let app: Rendered | null = null;
const ui = () => within(document.querySelector('aside.sidebar') as HTMLElement);
afterEach(() => {
  app?.unmount();
  app = null;
  cleanup();
});

describe('strategy rows', () => {
  it('a capacity moved in one row renders that row alone, and so does the answer that renames it; Duplicate in another keeps the new capacity', async () => {
    app = renderApp({ preset: 'game-server' });
    await waitFor(() => expect(ui().getByRole('button', { name: 'Play' })).toBeEnabled());
    // game-server: 1. tokio unbounded, 2. tokio bounded(128), 3. semaphore-gated
    expect(ui().getAllByRole('combobox', { name: 'Crate' })).toHaveLength(3);
    const rows = vi.mocked(adapter.crateOptions);
    rows.mockClear();
    const capacity = ui().getByRole('spinbutton', { name: 'Capacity' });
    act(() => {
      fireEvent.change(capacity, { target: { value: '129' } });
    });
    expect(capacity).toHaveValue(129);
    // the moved slider's row rendered, the two others did not
    expect(rows).toHaveBeenCalledTimes(1);
    // the worker's answer renames that strategy: again that row alone
    await waitFor(() => expect(ui().getByText(/2\. tokio bounded\(129\)/)).toBeInTheDocument());
    expect(rows).toHaveBeenCalledTimes(2);

    // row 1's Duplicate (a row that did not render since) copies the list with row 2's new capacity
    const sent = () => app?.workers[0]?.received.filter((m) => m.type === 'set') ?? [];
    await userEvent.click(ui().getByRole('button', { name: 'Duplicate strategy 1' }));
    await waitFor(() => expect(JSON.stringify(sent().at(-1))).toMatch(/strategies\.2\.capacity/));
    const last = sent().at(-1) as { changes: Record<string, unknown> };
    expect(last.changes['strategies.2.capacity']).toBe(129);
    expect(last.changes['strategies.2.kind']).toBe('bounded');
    expect(last.changes['strategies.1.kind']).toBe('unbounded');
  });
});
