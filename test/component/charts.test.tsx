// @vitest-environment jsdom
// The comparison as a newcomer meets it: first on the page, a log-scale switch, the scenario's events
// in the chart's text alternative, a refused strategy without a line and with the reason, and strategy
// chips that leave Space and the arrow keys to the simulation.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { presets } from '../../src/engine/presets.ts';
import type { Scenario } from '../../src/engine/scenario/index.ts';
import { renderApp, type Rendered } from './harness.tsx';

let app: Rendered | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  cleanup();
});

async function ready(preset = 'game-server'): Promise<Rendered> {
  app = renderApp({ preset });
  await waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled());
  await screen.findByTestId('heap-chart', {}, { timeout: 15_000 });
  return app;
}

const heapFigure = () => screen.getByTestId('heap-chart');
const heapImage = () => within(heapFigure()).getByRole('img');

describe('the comparison', { timeout: 30_000 }, () => {
  it('comes before every detail view on the page', async () => {
    await ready();
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings[0]).toBe('Strategies compared');
    expect(headings.indexOf('Channel anatomy')).toBeGreaterThan(0);
  });

  it('names the events it marks and the run it spans in its text alternative', async () => {
    await ready();
    // game-server: 100 of 1,000 players leave at 10 s of a 60 s run
    await waitFor(() => expect(heapImage()).toHaveAccessibleName(/of 60 s/));
    expect(heapImage()).toHaveAccessibleName(/Marked: 100 producers leave at 10 s\./);
    expect(within(screen.getByTestId('second-chart')).getByRole('img')).toHaveAccessibleName(
      /100 producers leave at 10 s/,
    );
  });

  it('has a "Log scale" switch for the heap axis that the user can turn on and off', async () => {
    const { lab } = await ready();
    const box = screen.getByRole('checkbox', { name: 'Log scale' });
    expect(box).not.toBeChecked();
    expect(heapFigure()).toHaveAttribute('data-scale', 'linear');
    await userEvent.click(box);
    expect(box).toBeChecked();
    expect(lab.store.getState().heapScale).toBe('log');
    await waitFor(() => expect(heapFigure()).toHaveAttribute('data-scale', 'log'));
    await userEvent.click(box);
    await waitFor(() => expect(heapFigure()).toHaveAttribute('data-scale', 'linear'));
  });

  it('a strategy the crate refuses draws no line, and the chart says why', async () => {
    const { lab } = await ready();
    const base = presets['game-server'].scenario;
    lab.actions.loadScenario(
      {
        ...base,
        strategies: [{ kind: 'unbounded' }, { kind: 'bounded', capacity: 0, send: 'await' }],
      } as unknown as Scenario,
      null,
    );
    const note = await screen.findByTestId('refused-note', {}, { timeout: 15_000 });
    // tokio's channel(0) panics: the note names the strategy and the crate's own words
    expect(note).toHaveTextContent(/No line for tokio bounded\(0\): tokio refuses it/);
    expect(note).toHaveTextContent(/mpsc bounded channel requires buffer > 0/);
    expect(
      within(screen.getByRole('list', { name: 'Strategies' })).getByText(/refused: no line/),
    ).toBeVisible();
    await waitFor(() =>
      expect(heapImage()).toHaveAccessibleName(/tokio bounded\(0\): no line, the crate refuses it/),
    );
  });
});

describe('strategy chips and the keyboard', { timeout: 30_000 }, () => {
  it('are toggle buttons; after a click, → steps time and Space plays instead of choosing again', async () => {
    const { lab, workers } = await ready();
    const group = await screen.findByRole('group', { name: 'Show the channel of' });
    const bounded = within(group).getByRole('button', { name: /tokio bounded\(128\)/ });
    expect(bounded).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(bounded);
    expect(bounded).toHaveAttribute('aria-pressed', 'true');
    expect(lab.store.getState().focus).toBe(1);
    // the click handed focus back to the views: the arrow keys are the page's again
    expect(bounded).not.toHaveFocus();
    const steps = () => workers[0]?.received.filter((m) => m.type === 'step').length ?? 0;
    const before = steps();
    await userEvent.keyboard('{ArrowRight}');
    expect(steps()).toBe(before + 1);
    expect(lab.store.getState().focus).toBe(1);
    await userEvent.keyboard(' ');
    await waitFor(() => expect(lab.store.getState().playing).toBe(true));
  });

  it('from the keyboard a chip keeps focus, so Tab order is not lost', async () => {
    const { lab } = await ready();
    const chip = within(await screen.findByRole('group', { name: 'Show the channel of' })).getByRole(
      'button',
      {
        name: /semaphore-gated/,
      },
    );
    chip.focus();
    await userEvent.keyboard('{Enter}');
    expect(lab.store.getState().focus).toBe(2);
    expect(chip).toHaveFocus();
  });
});
