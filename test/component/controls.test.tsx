// @vitest-environment jsdom
// The controls as a user meets them: visible labels that are also the accessible names, values
// shown, a number field beside every slider, keyboard use, and changes reaching the simulation.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp, type Rendered } from './harness.tsx';

// the whole scenario panel is a large page for jsdom: on a busy 2-core machine a test can need more than 5 s
vi.setConfig({ testTimeout: 30_000 });

let app: Rendered | null = null;
/** Queries within the parameter panel: role queries over the whole page are slow in jsdom. */
const ui = () => within(document.querySelector('aside.sidebar') as HTMLElement);
afterEach(() => {
  app?.unmount();
  app = null;
  cleanup();
});

async function ready(preset = 'game-server'): Promise<Rendered> {
  app = renderApp({ preset });
  await ui().findByRole('button', { name: 'Play' });
  await waitFor(() => expect(ui().getByRole('button', { name: 'Play' })).toBeEnabled());
  return app;
}

const SLIDERS = [
  'Message size',
  'Capacity',
  'Producers',
  'Producer rate',
  'Consumers',
  'Service time',
  'Permits',
];

describe('controls', () => {
  it('every parameter has a slider and a number field named by its visible label', async () => {
    await ready();
    for (const name of SLIDERS) {
      const slider = ui().getByRole('slider', { name });
      const field = ui().getByRole('spinbutton', { name });
      // the visible label is the one naming them
      const label = screen.getByText(name, { selector: 'label' });
      expect(slider).toHaveAttribute('aria-labelledby', label.id);
      expect(field).toHaveAttribute('aria-labelledby', label.id);
    }
    for (const name of ['Strategy', 'Payload', 'Preset', 'Speed']) {
      expect(ui().getByRole('combobox', { name })).toBeInTheDocument();
    }
    for (const name of ['Play', 'Step', 'Reset']) expect(ui().getByRole('button', { name })).toBeEnabled();
  });

  it('shows each current value with its unit, read from the loaded preset', async () => {
    await ready();
    const capacity = ui().getByRole('slider', { name: 'Capacity' });
    expect(capacity).toHaveAttribute('aria-valuetext', '128 msg');
    expect(ui().getByRole('spinbutton', { name: 'Capacity' })).toHaveValue(128);
    expect(ui().getByRole('spinbutton', { name: 'Producers' })).toHaveValue(1000);
    expect(ui().getByRole('spinbutton', { name: 'Message size' })).toHaveValue(96);
    expect(ui().getByRole('combobox', { name: 'Payload' })).toHaveValue('string');
    // every strategy names its own crate
    for (const crate of ui().getAllByRole('combobox', { name: 'Crate' })) expect(crate).toHaveValue('tokio');
  });

  it('typing a capacity sends it to the simulation, which relabels the bounded strategy', async () => {
    const { workers } = await ready();
    const field = ui().getByRole('spinbutton', { name: 'Capacity' });
    await userEvent.clear(field);
    await userEvent.type(field, '1000');
    await waitFor(() =>
      expect(ui().getByRole('combobox', { name: 'Strategy' })).toHaveTextContent('bounded(1000)'),
    );
    expect(ui().getByRole('slider', { name: 'Capacity' })).toHaveAttribute('aria-valuetext', '1,000 msg');
    // keystrokes were coalesced: far fewer "set" commands than characters typed plus the clear
    const sets = workers[0]?.received.filter((m) => m.type === 'set') ?? [];
    expect(sets.length).toBeGreaterThan(0);
    expect(sets.at(-1)).toMatchObject({ changes: { 'strategies.1.capacity': 1000 } });
  });

  it('an out-of-range number is flagged, says what is accepted, and is not sent', async () => {
    const { workers } = await ready();
    const field = ui().getByRole('spinbutton', { name: 'Consumers' });
    const before = workers[0]?.received.length ?? 0;
    await userEvent.clear(field);
    await userEvent.type(field, '-4');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(/Enter a number from 0 to 64/);
    expect(workers[0]?.received.slice(before).filter((m) => m.type === 'set')).toEqual([]);
  });

  it('the slider lands on round values on log scales, one stop per step', async () => {
    await ready();
    const slider = ui().getByRole('slider', { name: 'Capacity' }) as HTMLInputElement;
    const field = ui().getByRole('spinbutton', { name: 'Capacity' }) as HTMLInputElement;
    // 128 sits between the stops 120 and 130; one step right goes to 130, the next to 150
    fireEvent.change(slider, { target: { value: String(Number(slider.value) + 1) } });
    expect(field).toHaveValue(130);
    fireEvent.change(slider, { target: { value: String(Number(slider.value) + 1) } });
    expect(field).toHaveValue(150);
    fireEvent.change(slider, { target: { value: slider.max } });
    expect(field).toHaveValue(100_000);
    fireEvent.change(slider, { target: { value: '0' } });
    expect(field).toHaveValue(0);
  });

  it('a slider shows its new value at once, and moves within a frame reach the simulation as one change, after it', async () => {
    const { workers } = await ready();
    const slider = ui().getByRole('slider', { name: 'Capacity' }) as HTMLInputElement;
    const field = ui().getByRole('spinbutton', { name: 'Capacity' }) as HTMLInputElement;
    const sets = () => workers[0]?.received.filter((m) => m.type === 'set') ?? [];
    const before = sets().length;
    // three steps in one task, as a held arrow key or a drag makes them between two frames
    for (let i = 0; i < 3; i++)
      fireEvent.change(slider, { target: { value: String(Number(slider.value) + 1) } });
    // the field shows 160 (128 → 130 → 150 → 160) before anything else has changed
    expect(field).toHaveValue(160);
    expect(slider).toHaveAttribute('aria-valuetext', '160 msg');
    // nothing else has moved yet: the strategy keeps its name, nothing went to the simulation
    expect(ui().getByRole('combobox', { name: 'Strategy' })).toHaveTextContent('bounded(128)');
    expect(sets().length).toBe(before);
    // after the next frame, one change with the last value
    await waitFor(() => expect(sets().length).toBe(before + 1));
    await waitFor(() =>
      expect(ui().getByRole('combobox', { name: 'Strategy' })).toHaveTextContent('bounded(160)'),
    );
    expect(sets().at(-1)).toMatchObject({ changes: { 'strategies.1.capacity': 160 } });
    expect(field).toHaveValue(160);
  });

  it('Play becomes Pause and back; the speed is a labelled choice', async () => {
    const { workers } = await ready();
    await userEvent.click(ui().getByRole('button', { name: 'Play' }));
    expect(await ui().findByRole('button', { name: 'Pause' })).toBeInTheDocument();
    await userEvent.click(ui().getByRole('button', { name: 'Pause' }));
    expect(await ui().findByRole('button', { name: 'Play' })).toBeInTheDocument();
    await userEvent.selectOptions(ui().getByRole('combobox', { name: 'Speed' }), '10');
    expect(workers[0]?.received.filter((m) => m.type === 'speed').at(-1)).toMatchObject({ speed: 10 });
  });

  it('is usable from the keyboard alone: Tab reaches Play, Space runs it', async () => {
    await ready();
    const play = ui().getByRole('button', { name: 'Play' });
    for (let i = 0; i < 20 && document.activeElement !== play; i++) await userEvent.tab();
    expect(play).toHaveFocus();
    await userEvent.keyboard(' ');
    expect(await ui().findByRole('button', { name: 'Pause' })).toHaveFocus();
  });

  it('each strategy has its own crate; "Strategy" picks the channel drawn', async () => {
    await ready();
    const first = ui().getByRole('group', { name: /^1\. / });
    await userEvent.selectOptions(within(first).getByRole('combobox', { name: 'Crate' }), 'futures');
    const strategy = ui().getByRole('combobox', { name: 'Strategy' });
    await waitFor(() => expect(strategy).toHaveTextContent('futures-channel unbounded'));
    await waitFor(() =>
      expect(screen.getByText('futures::channel::mpsc::unbounded::<String>()')).toBeInTheDocument(),
    );
    // the others keep theirs
    expect(strategy).toHaveTextContent('tokio bounded(128)');
    await userEvent.selectOptions(strategy, '1');
    expect(screen.getByText('tokio::sync::mpsc::channel::<String>(128)')).toBeInTheDocument();
  });

  it('the preset picker loads a preset and explains it', async () => {
    await ready();
    await userEvent.selectOptions(ui().getByRole('combobox', { name: 'Preset' }), 'agentgateway-services');
    const about = screen.getByTestId('preset-about');
    expect(about).toHaveTextContent(/1,824 B per service/);
    // the preset compares two crates: each strategy shows its own
    await waitFor(() =>
      expect(
        ui()
          .getAllByRole('combobox', { name: 'Crate' })
          .map((c) => (c as HTMLSelectElement).value),
      ).toEqual(['tokio', 'futures']),
    );
    expect(within(ui().getByRole('combobox', { name: 'Strategy' })).getAllByRole('option')).toHaveLength(2);
  });
});
