// @vitest-environment jsdom
// The whole scenario in the panel: every group, values that differ from the defaults marked where they
// are, "modified" presets, and the strategy list you edit. The panel runs on its own (with the real
// engine behind an in-process worker), so these tests stay small and quick.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Controls } from '../../src/ui/controls/Controls.tsx';
import { LabContext } from '../../src/ui/lab-context.ts';
import { scenarioAdapter } from '../../src/ui/scenario-adapter.ts';
import { scenarioFromSearchParams, scenarioToSearchParams } from '../../src/engine/scenario/index.ts';
import { createLab, type Lab } from '../../src/ui/store.ts';
import { engineApi } from '../../src/worker/engine-api.ts';
import type { ToWorker } from '../../src/worker/protocol.ts';
import { inProcessWorker, installDomStubs, type FakeWorker } from './harness.tsx';

vi.setConfig({ testTimeout: 20_000 });

let lab: Lab | null = null;
let worker: FakeWorker | null = null;
afterEach(() => {
  cleanup();
  lab?.dispose();
  lab = null;
});

async function panel(preset = 'game-server'): Promise<Lab> {
  installDomStubs();
  lab = createLab({
    createWorker: () => (worker = inProcessWorker(engineApi)),
    adapter: scenarioAdapter,
    schedule: (fn) => setTimeout(fn, 0),
  });
  lab.actions.loadPreset(preset);
  render(
    <LabContext.Provider value={lab}>
      <Controls />
    </LabContext.Provider>,
  );
  await waitFor(() => expect(lab?.store.getState().scenario).not.toBeNull());
  return lab;
}

/** The changes the worker received, merged in order. */
function sent(): Record<string, unknown> {
  const sets = (worker?.received ?? []).filter(
    (m): m is Extract<ToWorker, { type: 'set' }> => m.type === 'set',
  );
  return Object.assign({}, ...sets.map((m) => m.changes)) as Record<string, unknown>;
}

const group = (name: string) => screen.getByTestId(`group-${name}`);

describe('the scenario panel', () => {
  it("shows the game-server preset's recv_many batch of 1,024, marked as changed from the default", async () => {
    await panel();
    const consumers = group('consumers');
    const batch = within(consumers).getByRole('spinbutton', { name: 'recv_many limit' });
    expect(batch).toHaveValue(1024);
    // marked in place, and said with the field (schema default: 1 message per receive)
    expect(batch).toHaveAccessibleDescription(/changed from the default 1 msg/);
    expect(within(consumers).getByText('changed from the default 1 msg')).toBeVisible();
    // a value at its default is not marked
    expect(within(consumers).getByRole('spinbutton', { name: 'Consumers' })).not.toHaveAccessibleDescription(
      /changed/,
    );
  });

  it('times read in s or ms as the status line reads them; service time says the rate it drains', async () => {
    await panel();
    const producers = group('producers');
    // game-server: 100 players leave at 10,000 ms, read as the status line's "10 s"
    const leave = within(producers).getByRole('spinbutton', { name: 'Leave at' });
    expect(leave).toHaveValue(10_000);
    // the number is in the scenario's own unit, shown beside it and said with it
    expect(leave).toHaveAccessibleDescription(/^ms /);
    expect(within(producers).getByRole('slider', { name: 'Leave at' })).toHaveAttribute(
      'aria-valuetext',
      '10 s',
    );
    // 100 µs per message: 1 s ÷ 100 µs = 10,000 messages a second for one consumer
    const service = within(group('consumers')).getByRole('slider', { name: 'Service time' });
    expect(service).toHaveAttribute('aria-valuetext', '100 µs');
    expect(service).toHaveAccessibleDescription(/one consumer drains 10,000 msg\/s \(1 s ÷ 100 µs\)/);
    // "Producers leaving" is on the logarithmic scale of "Producers" beside it
    const range = (name: string) => {
      const el = within(producers).getByRole('slider', { name });
      return [el.getAttribute('min'), el.getAttribute('max'), el.getAttribute('step')];
    };
    expect(range('Producers leaving')).toEqual(range('Producers'));
  });

  it('a closed group still names what differs from the defaults in its summary', async () => {
    await panel();
    const consumers = group('consumers');
    await userEvent.click(within(consumers).getByText('Consumers', { selector: '.group-title' }));
    expect(within(consumers).queryByRole('spinbutton', { name: 'recv_many limit' })).toBeNull();
    expect(consumers.querySelector('summary')).toHaveTextContent('recv_many limit 1,024 msg');
  });

  it('arrival parameters appear when they matter: a spike has a time and a size', async () => {
    await panel();
    const producers = group('producers');
    expect(within(producers).queryByRole('spinbutton', { name: 'Spike size' })).toBeNull();
    await userEvent.selectOptions(within(producers).getByRole('combobox', { name: 'Arrival' }), 'spike');
    const size = await within(producers).findByRole('spinbutton', { name: 'Spike size' });
    await userEvent.clear(size);
    await userEvent.type(size, '50000');
    await waitFor(() =>
      expect(sent()).toMatchObject({ 'producers.arrival': 'spike', 'producers.spikeMessages': 50_000 }),
    );
    await waitFor(() =>
      expect((lab?.store.getState().scenario?.producers as { spikeMessages: number }).spikeMessages).toBe(
        50_000,
      ),
    );
  });

  it('the producer pattern is in the Producers group: a task per send changes the run and the link', async () => {
    await panel();
    const producers = group('producers');
    const pattern = within(producers).getByRole('combobox', { name: 'Producer tasks' });
    expect(pattern).toHaveValue('task');
    expect(
      within(pattern)
        .getAllByRole('option')
        .map((o) => o.getAttribute('value')),
    ).toEqual(['task', 'task-per-send']);
    await userEvent.selectOptions(pattern, 'task-per-send');
    await waitFor(() => expect(sent()).toMatchObject({ 'producers.pattern': 'task-per-send' }));
    await waitFor(() =>
      expect((lab?.store.getState().scenario?.producers as { pattern: string }).pattern).toBe(
        'task-per-send',
      ),
    );
    // marked as changed from the default, in place and in what a screen reader reads
    expect(pattern).toHaveAccessibleDescription(/changed from the default/);
    // and the address carries it (a link reproduces the run)
    const s = lab?.store.getState().scenario;
    if (s === null || s === undefined) throw new Error('no scenario');
    const query = scenarioToSearchParams(s);
    expect(new URLSearchParams(query).get('producers.pattern')).toBe('task-per-send');
    expect(scenarioFromSearchParams(new URLSearchParams(query)).scenario.producers.pattern).toBe(
      'task-per-send',
    );
  });

  it('a bad producer pattern in the address falls back to the default with a notice', () => {
    const r = scenarioFromSearchParams(new URLSearchParams('producers.pattern=threads'));
    expect(r.scenario.producers.pattern).toBe('task');
    expect(r.notices.map((n) => n.message).join(' ')).toMatch(/producers\.pattern.*"threads".*"task"/);
  });

  it('every field of the schema can be reached: service distribution, stall, tasks, allocations, run', async () => {
    await panel();
    const consumers = group('consumers');
    await userEvent.selectOptions(
      within(consumers).getByRole('combobox', { name: 'Service time varies' }),
      'lognormal',
    );
    expect(await within(consumers).findByRole('spinbutton', { name: 'Log-normal σ' })).toHaveValue(1);
    await userEvent.click(within(consumers).getByRole('checkbox', { name: 'Task per message' }));
    expect(await within(consumers).findByRole('spinbutton', { name: 'Task state' })).toHaveValue(64);
    expect(within(consumers).getByRole('spinbutton', { name: 'Stall for' })).toHaveValue(0);

    const channels = group('channels');
    await userEvent.click(within(channels).getByRole('button', { name: 'Add allocation' }));
    const bytes = within(channels).getByRole('spinbutton', { name: 'Allocation 1 bytes' });
    await userEvent.clear(bytes);
    expect(await within(channels).findByText(/Enter a whole number of bytes/)).toBeInTheDocument();
    await userEvent.type(bytes, '4096');
    await waitFor(() =>
      expect(lab?.store.getState().scenario?.channels).toMatchObject({
        extras: [{ site: 'allocation 1', bytes: 4096 }],
      }),
    );
    expect(lab?.store.getState().scenario?.consumers).toMatchObject({
      service: 'lognormal',
      spawnTasks: true,
    });

    // Run starts closed: duration, sampling and seed are one click away
    const run = group('run');
    await userEvent.click(within(run).getByText('Run', { selector: '.group-title' }));
    expect(within(run).getByRole('spinbutton', { name: 'Duration' })).toHaveValue(60);
    expect(within(run).getByRole('spinbutton', { name: 'Sample every' })).toHaveValue(100);
    expect(within(run).getByRole('spinbutton', { name: 'Seed' })).toHaveValue(1);
  });

  it('an edited preset says it is modified, and how', async () => {
    await panel();
    expect(screen.queryByTestId('preset-modified')).toBeNull();
    const batch = within(group('consumers')).getByRole('spinbutton', { name: 'recv_many limit' });
    await userEvent.clear(batch);
    await userEvent.type(batch, '1');
    expect(await screen.findByTestId('preset-modified')).toHaveTextContent(
      'Modified: recv_many limit differs',
    );
    expect(screen.getByRole('combobox', { name: 'Preset' })).toHaveDisplayValue(/\(modified\)$/);
  });
});

describe('the strategy list', () => {
  const rows = () => screen.getAllByRole('group', { name: /^\d+\. / });

  it('tokio, flume and futures-channel bounded(64) side by side', async () => {
    await panel();
    // make the list three bounded channels of capacity 64, one crate each
    const wanted = ['tokio', 'flume', 'futures'];
    for (let i = 0; i < 3; i++) {
      const row = rows()[i] as HTMLElement;
      await userEvent.selectOptions(within(row).getByRole('combobox', { name: 'Kind' }), 'bounded');
      await userEvent.selectOptions(
        within(row).getByRole('combobox', { name: 'Crate' }),
        wanted[i] as string,
      );
      const cap = await within(rows()[i] as HTMLElement).findByRole('spinbutton', { name: 'Capacity' });
      await userEvent.clear(cap);
      await userEvent.type(cap, '64');
    }
    await waitFor(() =>
      expect(lab?.store.getState().meta?.strategies.map((s) => s.label)).toEqual([
        'tokio bounded(64)',
        'flume bounded(64)',
        'futures-channel bounded(64)',
      ]),
    );
    expect(rows().map((r) => r.querySelector('legend')?.textContent?.trim())).toEqual([
      '1. tokio bounded(64)',
      '2. flume bounded(64)',
      '3. futures-channel bounded(64)',
    ]);
  });

  it('add, duplicate, move and remove (1 to 8)', async () => {
    await panel();
    expect(rows()).toHaveLength(3);
    await userEvent.click(screen.getByRole('button', { name: 'Duplicate strategy 2' }));
    await waitFor(() => expect(lab?.store.getState().meta?.strategies).toHaveLength(4));
    expect(lab?.store.getState().meta?.strategies.map((s) => s.kind)).toEqual([
      'unbounded',
      'bounded',
      'bounded',
      'semaphore-producer',
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Move strategy 4 up' }));
    await waitFor(() =>
      expect(lab?.store.getState().meta?.strategies.map((s) => s.kind)).toEqual([
        'unbounded',
        'bounded',
        'semaphore-producer',
        'bounded',
      ]),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Remove strategy 1' }));
    await waitFor(() => expect(lab?.store.getState().meta?.strategies).toHaveLength(3));
    for (let n = 3; n < 8; n++) await userEvent.click(screen.getByRole('button', { name: 'Add strategy' }));
    await waitFor(() => expect(lab?.store.getState().meta?.strategies).toHaveLength(8));
    expect(screen.getByRole('button', { name: 'Add strategy' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Duplicate strategy 1' })).toBeDisabled();
  });

  it('the last strategy cannot be removed', async () => {
    await panel('ping-pong');
    await userEvent.click(screen.getByRole('button', { name: 'Remove strategy 3' }));
    await userEvent.click(screen.getByRole('button', { name: 'Remove strategy 2' }));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.getByRole('button', { name: 'Remove strategy 1' })).toBeDisabled();
  });

  it('capacity 0 where the crate panics gets the crate’s own message', async () => {
    await panel();
    const row = rows()[1] as HTMLElement;
    const cap = within(row).getByRole('spinbutton', { name: 'Capacity' });
    await userEvent.clear(cap);
    await userEvent.type(cap, '0');
    const alert = await within(rows()[1] as HTMLElement).findByRole('alert');
    expect(alert).toHaveTextContent(/tokio::sync::mpsc::channel panics/);
    expect(alert).toHaveTextContent(/change its capacity or crate/);
    // futures-channel takes a buffer of 0 (one slot per sender): no message
    await userEvent.selectOptions(
      within(rows()[1] as HTMLElement).getByRole('combobox', { name: 'Crate' }),
      'futures',
    );
    await waitFor(() => expect(within(rows()[1] as HTMLElement).queryByRole('alert')).toBeNull());
  });
});
