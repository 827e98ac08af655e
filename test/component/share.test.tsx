// @vitest-environment jsdom
// The lab opened from a link, as a reader meets it: the linked scenario, time and view are on screen,
// bad values get a notice, Step back and the Time slider move through the run, Copy link gives back
// a link to exactly this moment.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/ui/App.tsx';
import { EmbedApp, configureEmbedLab } from '../../src/ui/embed/EmbedApp.tsx';
import { presets } from '../../src/engine/presets.ts';
import { scenarioAdapter } from '../../src/ui/scenario-adapter.ts';
import { bootLab } from '../../src/ui/share/boot.ts';
import { createLab, type Lab } from '../../src/ui/store.ts';
import { decodeLabUrl } from '../../src/ui/url-state.ts';
import { engineApi } from '../../src/worker/engine-api.ts';
import { inProcessWorker, installDomStubs } from './harness.tsx';

let lab: Lab | null = null;
afterEach(() => {
  cleanup();
  lab?.dispose();
  lab = null;
});

function openLink(query: string) {
  installDomStubs();
  const url = decodeLabUrl(query);
  lab = createLab({
    createWorker: () => inProcessWorker(engineApi),
    adapter: scenarioAdapter,
    schedule: (fn) => setTimeout(fn, 0),
  });
  bootLab(lab, url, scenarioAdapter.defaultPreset);
  render(<App lab={lab} boot={{ url, sync: null }} />);
  return lab;
}

const time = () => screen.getByTestId('status-time').textContent ?? '';
const arrivals = () => Number((screen.getByTestId('status-arrivals').textContent ?? '').replace(/,/g, ''));

describe('the embed page', () => {
  it('shows one figure of the linked moment, without the app around it', async () => {
    installDomStubs();
    const url = decodeLabUrl('?embed=1&view=readouts&preset=ping-pong&t=100');
    lab = createLab({
      createWorker: () => inProcessWorker(engineApi),
      adapter: scenarioAdapter,
      schedule: (fn) => setTimeout(fn, 0),
    });
    const started = lab;
    bootLab(lab, url, scenarioAdapter.defaultPreset);
    if (url.embed === null) throw new Error('not an embed');
    render(<EmbedApp url={url} options={url.embed} start={() => started} />);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(presets['ping-pong'].title);
    await waitFor(() => expect(screen.getByTestId('readout-heap-0')).toHaveTextContent(/^[\d,]+ B/));
    await waitFor(() => expect(document.querySelector('.embed-status')).toHaveTextContent('100 ms / 10 s'));
    expect(screen.queryByRole('complementary', { name: 'Parameters' })).toBeNull();
    expect(screen.queryByRole('slider')).toBeNull();
    expect(screen.getByRole('link', { name: 'Open in Channel Lab' }).getAttribute('href')).toMatch(/t=100$/);
  });
});

describe('an embed of some strategies, on the log scale', () => {
  it('log=1 draws the heap on the log scale; the strategies kept keep their colours', async () => {
    installDomStubs();
    const url = decodeLabUrl('?embed=1&view=heap&preset=game-server&t=2000&log=1&strategies=1,2');
    const options = url.embed;
    if (options === null) throw new Error('not an embed');
    lab = createLab({
      createWorker: () => inProcessWorker(engineApi),
      adapter: scenarioAdapter,
      schedule: (fn) => setTimeout(fn, 0),
    });
    const started = lab;
    bootLab(lab, url, scenarioAdapter.defaultPreset);
    render(<EmbedApp url={url} options={options} start={() => configureEmbedLab(started, options)} />);
    const chart = await screen.findByTestId('heap-chart', {}, { timeout: 10_000 });
    expect(chart).toHaveAttribute('data-scale', 'log');
    expect(screen.getByRole('checkbox', { name: 'Log scale' })).toBeChecked();
    const legend = screen.getByRole('list', { name: 'Strategies' });
    await waitFor(() =>
      expect(
        within(legend)
          .getAllByRole('listitem')
          .map((li) => li.textContent),
      ).toEqual(['tokio bounded(128)', 'semaphore-gated (1024) at the producer']),
    );
    // the scenario's second and third strategies: palette entries 1 and 2, as in the app and in this
    // embed's exports, not the first two entries
    const strokes = [...legend.querySelectorAll('.strategy-mark line')].map((l) => l.getAttribute('stroke'));
    expect(strokes).toEqual(['var(--s1)', 'var(--s2)']);
  });
});

describe('the lab opened from a link', () => {
  it('shows the linked scenario at the linked time, with the linked view', async () => {
    openLink('?preset=ping-pong&t=250&focus=1&metric=rejected');
    await waitFor(() => expect(time()).toMatch(/^250 ms/), { timeout: 5000 });
    expect(screen.getByRole('combobox', { name: 'Preset' })).toHaveValue('ping-pong');
    expect(lab?.store.getState().focus).toBe(1);
    expect(lab?.store.getState().secondMetric).toBe('rejected');
    expect(screen.queryByText(/could not be used/)).toBeNull();
  });

  it('names every value it could not use, as text', async () => {
    openLink('?t=abc&view=heap&producers.count=%3Cb%3Ex%3C%2Fb%3E');
    const notice = await screen.findByText(/values in the link could not be used/);
    const box = notice.closest('[role="status"]') as HTMLElement;
    expect(within(box).getByText(/^t: expected a simulated time/)).toBeInTheDocument();
    expect(within(box).getByText('view: only used with embed=1, ignored')).toBeInTheDocument();
    expect(
      within(box).getByText(/producers\.count: expected an integer .*got "<b>x<\/b>"/),
    ).toBeInTheDocument();
    expect(box.querySelector('b')).toBeNull();
  });

  it('Step back undoes Step; the Time slider goes back to the start', async () => {
    openLink('?preset=ping-pong');
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Step' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Step' }));
    await waitFor(() => expect(arrivals()).toBe(1));
    await user.click(screen.getByRole('button', { name: 'Step' }));
    await waitFor(() => expect(arrivals()).toBe(2));
    const after2 = time();
    await user.click(screen.getByRole('button', { name: 'Step' }));
    await waitFor(() => expect(arrivals()).toBe(3));
    await user.click(screen.getByRole('button', { name: 'Step back' }));
    await waitFor(() => expect(arrivals()).toBe(2));
    expect(time()).toBe(after2);
    const slider = screen.getByRole('slider', { name: 'Time' });
    expect(slider).toHaveAttribute('aria-valuetext', expect.stringMatching(/ of 10 s$/));
    // moving the slider to the start rebuilds the run at time 0
    fireEvent.change(slider, { target: { value: '0' } });
    await waitFor(() => expect(arrivals()).toBe(0));
    expect(time()).toMatch(/^0 s/);
  });

  it('Copy link gives the link to this moment', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    openLink('?preset=ping-pong&t=120');
    await waitFor(() => expect(time()).toMatch(/^120 ms/), { timeout: 5000 });
    await userEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    await screen.findByText('Link copied.');
    const link = String(writeText.mock.calls[0]?.[0]);
    expect(link).toMatch(/^http:\/\/localhost(:\d+)?\/\?name=ping-pong&/);
    expect(link).toMatch(/&t=120$/);
    expect(decodeLabUrl(new URL(link).search).preset).toBe('ping-pong');
  });
});
