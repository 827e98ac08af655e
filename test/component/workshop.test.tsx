// @vitest-environment jsdom
// A workshop run with the keyboard alone: open a lesson, predict, reveal, move on, finish; the
// shortcuts (Space, arrows, ?, p, c, n, r, digits) and the rule that they never steal a key from
// the focused control.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useMemo } from 'react';
import { builtInLessons as lessons } from '../../src/content/lessons.ts';
import { presets } from '../../src/engine/presets.ts';
import {
  useWorkshop,
  WorkshopLessons,
  WorkshopOverlays,
  WorkshopToolbar,
  type SimulationKeys,
} from '../../src/ui/teach/Workshop.tsx';
import type { LessonPosition, RevealAction, StepStage } from '../../src/ui/teach/LessonPlayer.tsx';

afterEach(() => {
  cleanup();
  document.documentElement.className = '';
});

function setup(start?: { lesson: LessonPosition | null; present: boolean }) {
  const sim = { togglePlay: vi.fn(), step: vi.fn(), stepBack: vi.fn(), toStart: vi.fn() };
  const loaded: { stage: StepStage; position: LessonPosition }[] = [];
  const reveals: RevealAction[] = [];
  const changes: { lesson: LessonPosition | null; present: boolean }[] = [];
  function Lab() {
    const keys: SimulationKeys = useMemo(() => sim, []);
    const w = useWorkshop({
      sim: keys,
      onLoadStep: (stage, position) => loaded.push({ stage, position }),
      onReveal: (r) => reveals.push(r),
      onChange: (s) => changes.push(s),
      ...(start === undefined ? {} : { start }),
    });
    return (
      <>
        <header>
          <WorkshopToolbar w={w} />
        </header>
        <aside className="sidebar">
          <label>
            Capacity <input type="range" min={0} max={10} defaultValue={5} />
          </label>
          <button type="button">Play</button>
        </aside>
        <WorkshopLessons w={w} />
        <WorkshopOverlays w={w} />
      </>
    );
  }
  render(<Lab />);
  return { sim, loaded, changes, reveals };
}

describe('workshop', () => {
  it('runs a lesson from start to end with the keyboard alone', async () => {
    const user = userEvent.setup();
    const { loaded } = setup();
    // Tab to "Lessons" in the header and open the list
    await user.tab();
    expect(screen.getByRole('button', { name: 'Lessons' })).toHaveFocus();
    await user.keyboard('{Enter}');
    // the panel takes focus, so Tab goes on into it (not through the whole page)
    expect(screen.getByRole('heading', { name: 'Lessons' })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: /The 32-slot block/ })).toHaveFocus();
    await user.keyboard('{Enter}');
    // step 1: heading focused, the stage set: scenario, selected strategy, figure
    const h = screen.getByRole('heading', { name: 'Creating a bounded channel' });
    expect(h).toHaveFocus();
    expect(screen.getByText('Step 1 of 2')).toBeInTheDocument();
    expect(loaded.at(-1)?.position).toEqual({ id: 'block', step: 1 });
    expect(loaded.at(-1)?.stage).toMatchObject({
      scenario: presets['big-message'].scenario,
      preset: 'big-message',
      strategy: 0,
      view: 'create',
      stepBy: 'message',
      timeMs: 0,
    });
    // what would give the answer away is hidden until it is revealed
    expect(document.documentElement.dataset.conceal).toBe('create readouts preset anatomy');
    // Tab into the choices, arrows to the third one (33,312 B), Enter reveals
    await user.tab();
    expect(screen.getByRole('radio', { name: /1,024 B/ })).toHaveFocus();
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(screen.getByRole('radio', { name: /33,312 B/ })).toBeChecked();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('status')).toHaveTextContent(
      'Answer: 33,312 B (you predicted it). A 512 B Arc<Chan> plus a first block of 32 slots (32,800 B)',
    );
    // and says where to look
    expect(screen.getByTestId('lesson-evidence')).toHaveTextContent(
      'See “What creating this channel allocates”',
    );
    expect(document.documentElement.dataset.conceal).toBeUndefined();
    // focus is on the answer; Tab goes on to "Next step" (Previous is disabled on the first step)
    expect(screen.getByText(/^Answer: 33,312 B/).closest('p')).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Previous step' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Next step' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('heading', { name: 'A much larger capacity' })).toHaveFocus();
    expect(loaded.at(-1)?.stage.strategy).toBe(1);
    expect(screen.getByText('Step 2 of 2')).toBeInTheDocument();
    // predict wrongly this time
    await user.tab();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('radio', { name: /1,048,576 B/ })).toBeChecked();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('status')).toHaveTextContent('Answer: 33,312 B.');
    expect(screen.getByText(/✗ your prediction/)).toBeInTheDocument();
    await user.tab();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Finish lesson' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('heading', { name: 'The 32-slot block: done' })).toHaveFocus();
    expect(screen.getByText(/You predicted 1 of 2 answers\./)).toBeInTheDocument();
    await user.tab();
    expect(
      screen.getByRole('button', { name: 'Next lesson: Message 33 and the spare blocks' }),
    ).toHaveFocus();
  });

  it('shortcuts: Space plays, arrows step, Home rewinds; none fire on a focused control', async () => {
    const user = userEvent.setup();
    const { sim } = setup();
    await user.keyboard(' ');
    expect(sim.togglePlay).toHaveBeenCalledTimes(1);
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowLeft}{Home}');
    expect(sim.step).toHaveBeenCalledTimes(2);
    expect(sim.stepBack).toHaveBeenCalledTimes(1);
    expect(sim.toStart).toHaveBeenCalledTimes(1);
    // a focused slider keeps its arrows; a focused button keeps its Space
    screen.getByRole('slider', { name: 'Capacity' }).focus();
    await user.keyboard('{ArrowRight}');
    expect(sim.step).toHaveBeenCalledTimes(2);
    screen.getByRole('button', { name: 'Play' }).focus();
    await user.keyboard(' ');
    expect(sim.togglePlay).toHaveBeenCalledTimes(1);
  });

  it('? lists every shortcut in a dialog; Escape closes it and focus comes back', async () => {
    const user = userEvent.setup();
    setup();
    const lessonsButton = screen.getByRole('button', { name: 'Lessons' });
    lessonsButton.focus();
    await user.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const text of [
      'Play or pause',
      'Step forward one message',
      'Step back one message',
      'Show these shortcuts',
    ]) {
      expect(within(dialog).getByText(text)).toBeInTheDocument();
    }
    expect(within(dialog).getByText('Space')).toBeInTheDocument();
    expect(within(dialog).getByText('Next lesson step').closest('tr')).toHaveTextContent(
      '(not available now)',
    );
    // shortcuts are off while the dialog is open
    await user.keyboard('p');
    expect(document.documentElement).not.toHaveClass('presenter');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(lessonsButton).toHaveFocus();
  });

  it('presenter mode: p turns it on, c shows the controls, the bar turns it off', async () => {
    const user = userEvent.setup();
    const { changes } = setup();
    await user.keyboard('p');
    expect(document.documentElement).toHaveClass('presenter');
    expect(document.documentElement).not.toHaveClass('show-controls');
    expect(changes.at(-1)).toEqual({ lesson: null, present: true });
    await user.keyboard('c');
    expect(document.documentElement).toHaveClass('show-controls');
    expect(screen.getByRole('button', { name: 'Controls' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Exit presenter mode' }));
    expect(document.documentElement).not.toHaveClass('presenter');
    expect(changes.at(-1)).toEqual({ lesson: null, present: false });
  });

  it('a lesson link opens at its step; digits predict, r reveals, n and b move', async () => {
    const user = userEvent.setup();
    const { loaded } = setup({ lesson: { id: 'myths', step: 2 }, present: true });
    expect(document.documentElement).toHaveClass('presenter');
    expect(
      screen.getByRole('heading', { name: '“tokio mpsc defaults to an unbounded buffer”' }),
    ).toBeInTheDocument();
    expect(loaded.at(-1)?.position).toEqual({ id: 'myths', step: 2 });
    await user.keyboard('3');
    expect(screen.getByRole('radio', { name: /it panics/ })).toBeChecked();
    await user.keyboard('r');
    expect(screen.getByRole('status')).toHaveTextContent(
      'Answer: it panics (you predicted it). Tokio refuses it with “mpsc bounded channel requires buffer > 0”',
    );
    // a claim says what was checked, on which version, how sure
    expect(screen.getByTestId('lesson-verdict')).toHaveTextContent('False');
    expect(screen.getByTestId('lesson-verdict')).toHaveTextContent('tokio 1.53.1');
    await user.keyboard('n');
    expect(screen.getByRole('heading', { name: /A leak per message on Rust 1.85/ })).toHaveFocus();
    await user.keyboard('1');
    await user.keyboard('r');
    expect(screen.getByTestId('lesson-verdict')).toHaveTextContent('Unsupported (not shown false)');
    expect(screen.getByRole('link', { name: /rust-lang\/rust#121582/ })).toHaveAttribute(
      'href',
      'https://github.com/rust-lang/rust/issues/121582',
    );
    await user.keyboard('b');
    expect(screen.getByRole('heading', { name: /defaults to an unbounded buffer/ })).toHaveFocus();
    // the revealed answer is still there when coming back
    expect(screen.getByRole('status')).toHaveTextContent('Answer: it panics');
    expect(lessons.find((l) => l.id === 'myths')?.steps).toHaveLength(3);
  });

  it('a step change announced by act() loads each step once', async () => {
    const { loaded } = setup({ lesson: { id: 'block', step: 1 }, present: false });
    const n = loaded.length;
    // Page Down, Page Up, Home and End scroll the page while a lesson is open
    const keys = ['PageDown', 'PageUp', 'Home', 'End'].map((key) => {
      const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    });
    expect(keys).toEqual([false, false, false, false]);
    expect(screen.getByText('Step 1 of 2')).toBeInTheDocument();
    await act(async () => {
      screen.getByRole('button', { name: 'Next step' }).click();
    });
    expect(loaded.length).toBe(n + 1);
  });
});
