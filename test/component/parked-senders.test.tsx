// @vitest-environment jsdom
// futures-channel with try_send (channel-memory-spec §2.2): a Sender whose message takes the count over
// the buffer is parked (its message taken) until a receive pops its entry; its next try_send is refused.
// It is not blocked in a send. So the readouts and the anatomy say "parked", not "waiting", for these
// Senders, and the bytes of their parked-queue nodes are labelled as parked senders' too.
import { afterEach, describe, expect, it } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import { renderApp, type Rendered } from './harness.tsx';
import { scenarioSchema } from '../../src/engine/scenario/index.ts';
import { ReadoutCards } from '../../src/ui/embed/ReadoutCards.tsx';
import { LabContext } from '../../src/ui/lab-context.ts';

let app: Rendered | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

describe('futures-channel try_send: parked Senders are not waiting senders', () => {
  it('buffer 2, three producers, consumer stalled: 3 parked, 0 waiting, 48 B of parked-queue nodes', async () => {
    app = renderApp();
    const { lab } = app;
    // one arrival every 10 ms dealt round-robin to 3 producers; nobody receives before 200 ms
    const scenario = scenarioSchema.parse({
      durationSeconds: 1,
      message: { type: 'u64' },
      producers: { count: 3, ratePerSec: 100 / 3 },
      consumers: { count: 1, serviceUs: 1_000_000, stallAtMs: 0, stallForMs: 200 },
      strategies: [{ kind: 'bounded', impl: 'futures-bounded', capacity: 2, send: 'try' }],
    });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled());
    act(() => lab.actions.loadScenario(scenario, null));
    await waitFor(() => expect(lab.store.getState().scenario?.producers.count).toBe(3));
    act(() => lab.actions.seek(150));
    // by 150 ms: 2 messages fill the buffer, each producer's next one is taken and parks it (2 + 3 = 5
    // held), every later try is refused. Parked entries = 5 − buffer 2 = 3, one 16 B node each.
    await waitFor(() =>
      expect(screen.getByTestId('readout-waiting-0')).toHaveTextContent('0 (+3 parked, not blocked)'),
    );
    expect(screen.getByTestId('readout-where-waitingSenders-0')).toHaveTextContent(/^48 B/);
    expect(screen.getByRole('rowheader', { name: /For waiting or parked senders/ })).toHaveTextContent(
      'modelled',
    );
    const summary = screen.getByTestId('anatomy-summary');
    await waitFor(() =>
      expect(summary).toHaveTextContent('3 senders parked, none of them waiting in a send'),
    );
    expect(summary).toHaveTextContent('Capacity is buffer 2 plus one per sender (3); 3 senders parked.');

    // the embed's cards (a narrow column) say the same, and mark the parked nodes' bytes modelled: how
    // many Senders are parked follows from the simulated timing
    const cards = render(
      <LabContext.Provider value={lab}>
        <ReadoutCards />
      </LabContext.Provider>,
    ).container;
    const site = await within(cards).findByText('futures parked-queue node');
    expect(site.parentElement).toHaveTextContent('futures parked-queue node modelled');
    const channel = cards.querySelector('[data-testid="readout-channel-bytes-0"]');
    expect(channel).toHaveAttribute('data-basis', 'modelled');
    expect(cards.querySelector('[data-testid="readout-waiting-0"]')).toHaveTextContent(
      '0 (+3 parked, not blocked)',
    );
  });
});
