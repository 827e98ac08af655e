import { useId, useRef } from 'react';
import { describeStructure } from '../describe.ts';
import { drawAnatomy } from '../draw/anatomy.ts';
import { text } from '../draw/paint.ts';
import { useLabState } from '../lab-context.ts';
import { useFrameCanvas } from './useFrameCanvas.ts';

/** View 1: the focused strategy's channel as the crate lays it out in memory. */
export function AnatomyView() {
  const focus = useLabState((s) => s.focus);
  const label = useLabState((s) => s.meta?.strategies[s.focus]?.label ?? '');
  const refusal = useLabState((s) => s.meta?.strategies[s.focus]?.refusal ?? null);
  const summaryRef = useRef<HTMLParagraphElement>(null);
  const summaryId = useId();
  const canvasRef = useFrameCanvas(
    (ctx, theme, frame, width) => {
      const s = frame.strategies[focus]?.structure ?? null;
      if (s === null) {
        text(ctx, 'No channel structure for this strategy.', 8, 20, {
          color: theme.muted,
          size: 12,
          font: theme.font,
        });
        return 40;
      }
      return drawAnatomy(ctx, theme, s, width);
    },
    {
      minHeight: 120,
      redrawKey: focus,
      structures: true,
      onText: (frame) => {
        if (summaryRef.current !== null) {
          summaryRef.current.textContent = describeStructure(
            frame.strategies[focus]?.structure ?? null,
            frame.strategies[focus]?.stats.waitingSenders ?? 0,
          );
        }
      },
    },
  );
  return (
    <section className="panel anatomy" aria-labelledby={`${summaryId}-title`}>
      <div className="panel-head">
        <h2 id={`${summaryId}-title`}>Channel anatomy</h2>
        <span className="panel-sub">{label === '' ? '' : `${label}, channel 0`}</span>
      </div>
      {refusal === null ? null : (
        <p className="refusal" role="note">
          <code>{refusal.origin}</code> {refusal.kind === 'panic' ? 'panics' : 'refuses'}: “{refusal.message}
          ”. That is the crate’s own behaviour for this input, so this strategy has no channel to draw.
        </p>
      )}
      <canvas
        ref={canvasRef}
        className="anatomy-canvas"
        role="img"
        aria-label={`Memory layout of the ${label || 'focused'} channel`}
        aria-describedby={summaryId}
        data-testid="anatomy-canvas"
      />
      <ul className="legend" aria-label="Legend">
        <li>
          <span className="swatch written" /> holds a message
        </li>
        <li>
          <span className="swatch read" /> message taken
        </li>
        <li>
          <span className="swatch empty" /> empty slot
        </li>
        <li>
          <span className="swatch close" /> close marker
        </li>
        <li>
          <span className="swatch outline-read" /> next read
        </li>
        <li>
          <span className="swatch outline-write" /> next write
        </li>
        <li>
          <span className="swatch padding" /> padding / never used
        </li>
      </ul>
      <p id={summaryId} ref={summaryRef} className="summary" data-testid="anatomy-summary">
        Waiting for the simulation…
      </p>
    </section>
  );
}
