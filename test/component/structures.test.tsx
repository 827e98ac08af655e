// @vitest-environment jsdom
// Channel structures only for views on screen (#16 item 5): while the anatomy, backpressure and exact
// figures are all scrolled away, a playing run's frames come without structures (the worker is told
// so); the anatomy keeps what it showed, and brings the structure back the moment it is seen again.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { DecodedFrame } from '../../src/worker/frame.ts';
import { fakeIntersectionObserver } from './fake-intersection.ts';
import { renderApp, type Rendered } from './harness.tsx';

const onScreen = fakeIntersectionObserver();

let app: Rendered | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

describe('channel structures while their views are off screen', () => {
  it('a playing run sends none; the anatomy keeps its picture and gets the structure back when seen', async () => {
    app = renderApp();
    const { lab } = app;
    const played: DecodedFrame[] = [];
    lab.frames.subscribe((s, prev) => {
      if (s.frame !== prev.frame && s.frame?.playing === true) played.push(s.frame);
    });
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled());
    const summary = screen.getByTestId('anatomy-summary');
    // the paused frame at 0 s: the game-server's unbounded tokio channel, one block
    await waitFor(() => expect(summary.textContent).toMatch(/block/i));
    const before = summary.textContent;

    // every view is built (the senders' rows take their labels in a background render) before scrolling
    await waitFor(() => expect(document.querySelectorAll('.bp-row')).toHaveLength(3));
    onScreen('.charts');
    const details = () => app?.workers[0]?.received.filter((m) => m.type === 'details') ?? [];
    await waitFor(() => expect(details().at(-1)).toEqual({ type: 'details', structures: false }));
    await user.click(screen.getByRole('button', { name: 'Play' }));
    await waitFor(() => expect(played.length).toBeGreaterThan(3), { timeout: 5000 });
    expect(played.every((f) => !f.structures && f.strategies.every((s) => s.structure === null))).toBe(true);
    // what the anatomy says has not turned into "no channel"
    expect(summary.textContent).toBe(before);

    onScreen('.anatomy');
    await waitFor(() => expect(details().at(-1)).toEqual({ type: 'details', structures: true }));
    const seen = played.length;
    await waitFor(() => expect(played.slice(seen).some((f) => f.structures)).toBe(true), { timeout: 5000 });
    const withStructure = played.slice(seen).find((f) => f.structures);
    expect(withStructure?.strategies[0]?.structure?.kind).toBe('tokio-list');
    await waitFor(() => expect(summary.textContent).not.toBe(before), { timeout: 5000 });
    expect(summary.textContent).toMatch(/block/i);
  });
});
