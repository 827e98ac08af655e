// @vitest-environment jsdom
// Nothing rendered for views off screen (#16 item 5): the header's status line and the side panel's
// Time slider leave a playing run alone while they are scrolled away (the status still says the run
// plays), and show where it is the moment they are seen again.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeIntersectionObserver } from './fake-intersection.ts';
import { renderApp, type Rendered } from './harness.tsx';

const onScreen = fakeIntersectionObserver();

let app: Rendered | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

describe('the status line and the Time slider off screen', () => {
  it('render no frame of a playing run until seen, and say that it runs', async () => {
    app = renderApp();
    const { lab } = app;
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled());
    const time = screen.getByTestId('status-time');
    const slider = screen.getByRole('slider', { name: 'Time' });
    await waitFor(() => expect(time.textContent).toMatch(/^0 s/));

    // scrolled down to the charts: the header and the side panel's slider are out of sight
    onScreen('.charts');
    await user.click(screen.getByRole('button', { name: 'Play' }));
    // off screen too, the status line learns that the run plays (from its first playing frame)
    await waitFor(() => expect(screen.getByTestId('status-state')).toHaveTextContent('running'));
    const before = { time: time.textContent, slider: slider.getAttribute('aria-valuetext') };
    const at = lab.frames.getState().frame?.timeMs ?? 0;
    // the run moves on (a third of a simulated second, at 1×) while both stay where they were
    await waitFor(() => expect(lab.frames.getState().frame?.timeMs ?? 0).toBeGreaterThan(at + 300), {
      timeout: 5000,
    });
    expect(time.textContent).toBe(before.time);
    expect(slider.getAttribute('aria-valuetext')).toBe(before.slider);

    onScreen('.sim-status, .scrubber');
    await waitFor(() => expect(time.textContent).not.toBe(before.time));
    await waitFor(() => expect(slider.getAttribute('aria-valuetext')).not.toBe(before.slider));
  });
});
