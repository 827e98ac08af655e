// @vitest-environment jsdom
// No page-level work while hidden (#16): a background tab pauses the lab and resumes it when shown
// (a pause the user chose stays), and text views that are off-screen render no new frames.
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { LabContext } from '../../src/ui/lab-context.ts';
import type { Lab } from '../../src/ui/store.ts';
import { useThrottledFrame } from '../../src/ui/views/useThrottledFrame.ts';
import type { DecodedFrame } from '../../src/worker/frame.ts';
import { renderApp, type Rendered } from './harness.tsx';

let visibility: DocumentVisibilityState = 'visible';
Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
function setTab(v: DocumentVisibilityState): void {
  visibility = v;
  act(() => {
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

let app: Rendered | null = null;
afterEach(() => {
  setTab('visible');
  app?.unmount();
  app = null;
});

describe('a hidden tab', () => {
  it('pauses a playing lab and plays again when shown', async () => {
    app = renderApp();
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Play' }));
    await screen.findByRole('button', { name: 'Pause' });
    setTab('hidden');
    expect(app.workers[0]?.received.at(-1)?.type).toBe('pause');
    await screen.findByRole('button', { name: 'Play' });
    setTab('visible');
    expect(app.workers[0]?.received.at(-1)?.type).toBe('play');
    await screen.findByRole('button', { name: 'Pause' });
  });

  it('leaves a pause the user chose alone', async () => {
    app = renderApp();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled());
    const sent = app.workers[0]?.received.length ?? 0;
    setTab('hidden');
    setTab('visible');
    expect(app.workers[0]?.received.slice(sent).some((m) => m.type === 'play')).toBe(false);
    expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled();
  });
});

describe('text views off-screen', () => {
  function Probe({ visible }: { visible: boolean }) {
    const frame = useThrottledFrame(0, visible);
    return <p data-testid="time">{frame === null ? 'none' : String(frame.timeMs)}</p>;
  }
  const frameAt = (timeMs: number, playing = true) => ({ timeMs, playing }) as unknown as DecodedFrame;

  it('render no new frame of a playing run while off-screen or hidden, and catch up when seen', () => {
    const frames = createStore<{ frame: DecodedFrame | null }>(() => ({ frame: frameAt(1) }));
    const lab = { frames } as unknown as Lab;
    const view = (visible: boolean) => (
      <LabContext.Provider value={lab}>
        <Probe visible={visible} />
      </LabContext.Provider>
    );
    const r = render(view(false));
    act(() => frames.setState({ frame: frameAt(2) }));
    expect(screen.getByTestId('time')).toHaveTextContent('1');
    r.rerender(view(true));
    expect(screen.getByTestId('time')).toHaveTextContent('2');
    setTab('hidden');
    act(() => frames.setState({ frame: frameAt(3) }));
    expect(screen.getByTestId('time')).toHaveTextContent('2');
    setTab('visible');
    expect(screen.getByTestId('time')).toHaveTextContent('3');
    // off-screen, a paused run's frame still shows (it says where the run stopped)
    r.rerender(view(false));
    act(() => frames.setState({ frame: frameAt(4, false) }));
    expect(screen.getByTestId('time')).toHaveTextContent('4');
    r.unmount();
  });
});
