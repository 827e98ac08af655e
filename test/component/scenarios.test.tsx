// @vitest-environment jsdom
// Saving and loading scenarios: a file (picker or drop) with errors naming the field, and named
// scenarios in this browser's storage (save, load, rename, delete; a full storage is reported).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, createEvent, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { defaultScenario } from '../../src/engine/scenario/index.ts';
import { renderApp, type Rendered } from './harness.tsx';

let app: Rendered | null = null;
beforeEach(() => localStorage.clear());
afterEach(() => {
  app?.unmount();
  app = null;
  vi.restoreAllMocks();
  cleanup();
});

async function ready(): Promise<Rendered> {
  app = renderApp({ preset: 'game-server' });
  await screen.findByRole('button', { name: 'Play' });
  return app;
}

const json = (v: unknown, name = 'mine.json') =>
  new File([JSON.stringify(v)], name, { type: 'application/json' });
const library = () => within(screen.getByRole('group', { name: 'Your scenarios' }));

describe('scenario files', () => {
  it('a file from the picker runs its scenario', async () => {
    const { lab } = await ready();
    const file = json({ name: 'five thousand', channels: { count: 5000, active: 5000 } });
    await userEvent.upload(screen.getByLabelText('Scenario file'), file);
    await waitFor(() => expect(lab.store.getState().scenario?.channels.count).toBe(5000));
    expect(lab.store.getState().scenario?.name).toBe('five thousand');
    expect(library().getByText('Loaded “five thousand” from mine.json.')).toBeInTheDocument();
  });

  it('a file that is not a scenario lists what is wrong, naming each field, and changes nothing', async () => {
    const { lab } = await ready();
    await waitFor(() => expect(lab.store.getState().scenario).not.toBeNull());
    const before = JSON.stringify(lab.store.getState().scenario);
    await userEvent.upload(
      screen.getByLabelText('Scenario file'),
      json(
        { producers: { count: -3 }, message: { type: 'rust', rust: 'Vec<Foo>' }, colour: 'red' },
        'bad.json',
      ),
    );
    const alert = await library().findByRole('alert');
    expect(alert).toHaveTextContent('bad.json is not a scenario this lab can run');
    expect(alert).toHaveTextContent('producers.count: expected an integer from 0 to 1000000, got -3');
    expect(alert).toHaveTextContent('colour: unknown field');
    expect(JSON.stringify(lab.store.getState().scenario)).toBe(before);
    await userEvent.upload(screen.getByLabelText('Scenario file'), new File(['{"name": '], 'cut.json'));
    // The first file's alert is still up while the second is read: wait for its text to change.
    await waitFor(() => expect(library().getByRole('alert')).toHaveTextContent('not valid JSON'));
  });

  it('a file dropped on the page is loaded', async () => {
    const { lab } = await ready();
    const file = json({ name: 'dropped', producers: { count: 7 } }, 'drop.json');
    const dataTransfer = { files: [file], types: ['Files'], dropEffect: 'none' };
    const drop = createEvent.drop(window, { dataTransfer });
    fireEvent(window, drop);
    await waitFor(() => expect(lab.store.getState().scenario?.producers.count).toBe(7));
  });
});

describe('named scenarios in this browser', () => {
  it('saves the current scenario, loads it back, renames and deletes it', async () => {
    const { lab } = await ready();
    const lib = library();
    await userEvent.type(lib.getByRole('textbox', { name: 'Name' }), 'my run');
    await userEvent.click(lib.getByRole('button', { name: 'Save current' }));
    expect(lib.getByText('Saved as “my run”.')).toBeInTheDocument();
    const saved = lib.getByRole('combobox', { name: 'Saved' });
    expect(saved).toHaveValue('my run');
    expect(JSON.parse(localStorage.getItem('channel-lab.saved-scenarios') ?? '{}').items[0].name).toBe(
      'my run',
    );

    // another scenario, then load the saved one back
    lab.actions.loadScenario({ ...defaultScenario, name: 'other' }, null);
    await waitFor(() => expect(lab.store.getState().scenario?.name).toBe('other'));
    await userEvent.click(lib.getByRole('button', { name: 'Load' }));
    await waitFor(() => expect(lab.store.getState().scenario?.name).toBe('game-server'));

    await userEvent.type(lib.getByRole('textbox', { name: 'Name' }), 'renamed');
    await userEvent.click(lib.getByRole('button', { name: 'Rename' }));
    expect(within(saved).getByRole('option', { name: 'renamed' })).toBeInTheDocument();
    expect(within(saved).queryByRole('option', { name: 'my run' })).toBeNull();

    await userEvent.click(lib.getByRole('button', { name: 'Delete' }));
    expect(within(saved).queryByRole('option', { name: 'renamed' })).toBeNull();
    expect(JSON.parse(localStorage.getItem('channel-lab.saved-scenarios') ?? '{}').items).toEqual([]);
  });

  it('a full storage is reported, not thrown', async () => {
    await ready();
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    const lib = library();
    await userEvent.type(lib.getByRole('textbox', { name: 'Name' }), 'big');
    await userEvent.click(lib.getByRole('button', { name: 'Save current' }));
    expect(lib.getByRole('alert')).toHaveTextContent('Not saved: the browser storage for this site is full');
  });
});
