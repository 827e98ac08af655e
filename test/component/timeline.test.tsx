// @vitest-environment jsdom
// Scrubbing as a presenter does it: a "Time" slider over the run that says where it is, moving it
// asks for that time; "Step back" asks for one message back.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Scrubber, StepBackButton } from '../../src/ui/timeline/Scrubber.tsx';

afterEach(cleanup);

describe('timeline', () => {
  it('shows the simulated time out of the run, and seeks where the slider is moved', () => {
    const onSeek = vi.fn();
    const { rerender } = render(<Scrubber timeMs={12_500} durationMs={60_000} onSeek={onSeek} />);
    const slider = screen.getByRole('slider', { name: 'Time' });
    expect(slider).toHaveAttribute('aria-valuetext', '12.5 s of 60 s');
    expect(screen.getByText('12.5 s of 60 s', { selector: 'output' })).toBeInTheDocument();
    fireEvent.change(slider, { target: { value: '3000' } });
    expect(onSeek).toHaveBeenLastCalledWith(3000);
    // while dragging, the slider stays where the hand is even if an older frame arrives
    rerender(<Scrubber timeMs={12_600} durationMs={60_000} onSeek={onSeek} />);
    expect(slider).toHaveAttribute('aria-valuetext', '3 s of 60 s');
    fireEvent.pointerUp(slider);
    rerender(<Scrubber timeMs={3000} durationMs={60_000} onSeek={onSeek} />);
    expect(slider).toHaveAttribute('aria-valuetext', '3 s of 60 s');
  });

  it('Step back is a button named by its label, with its shortcut announced', async () => {
    const onStepBack = vi.fn();
    render(<StepBackButton onStepBack={onStepBack} />);
    const b = screen.getByRole('button', { name: 'Step back' });
    expect(b).toHaveAttribute('aria-keyshortcuts', 'ArrowLeft');
    await userEvent.click(b);
    expect(onStepBack).toHaveBeenCalledTimes(1);
  });
});
