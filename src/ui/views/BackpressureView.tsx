/**
 * View 2, senders and backpressure, for every strategy of the comparison at once: small multiples,
 * one row per strategy (the painter in draw/backpressure.ts draws one strategy's pipeline: producers,
 * waiting senders, permits, the queue, consumers). The rows share one scale, so they compare at a
 * glance: the same producer lanes, and queue bars against the same number of messages (the largest
 * capacity or deepest queue of any strategy), said in words under the rows.
 */
import { shallow } from 'zustand/shallow';
import { useRef } from 'react';
import type { DecodedFrame } from '../../worker/frame.ts';
import { drawBackpressure, permitCapacity, type Flash } from '../draw/backpressure.ts';
import { formatCount, formatInt } from '../format.ts';
import { useLabState, useLabStateInTransition } from '../lab-context.ts';
import { StrategyMark } from './StrategyMark.tsx';
import { useFrameCanvas } from './useFrameCanvas.ts';
import { useThrottledFrame } from './useThrottledFrame.ts';
import { useVisible } from './useVisible.ts';

const FLASH_MS = 900;
/** producer lanes per row: enough to see who waits, short enough for several rows on a screen */
const LANES = 8;

interface LiveFlash {
  kind: Flash['kind'];
  amount: number;
  bornAt: number;
}

/** Read once and kept current: this is asked on every frame. */
const reducedMotion: { matches: boolean } = (() => {
  if (typeof matchMedia !== 'function') return { matches: false };
  const q = matchMedia('(prefers-reduced-motion: reduce)');
  const state = { matches: q.matches };
  q.addEventListener?.('change', (e) => {
    state.matches = e.matches;
  });
  return state;
})();

/** The messages a full queue bar stands for in every row: the largest capacity or deepest queue. */
export function sharedQueueScale(frame: DecodedFrame): number {
  let scale = 1;
  for (const st of frame.strategies) {
    const cap = permitCapacity(st.structure);
    const depth = Math.max(st.stats.depth ?? 0, st.stats.maxDepth ?? 0);
    scale = Math.max(scale, cap ?? 0, depth);
  }
  return scale;
}

const COUNTERS = [
  ['sent', 'Sent'],
  ['waiting', 'Waiting senders'],
  ['permits', 'Permits available'],
  ['rejected', 'Rejected'],
  ['timedOut', 'Timed out'],
  ['dropped', 'Dropped'],
] as const;

/** One strategy's row: its label, its pipeline (the painter, at the shared scale), its counters. */
function StrategyRow({ index, label, focused }: { index: number; label: string; focused: boolean }) {
  const kind = useLabState((s) => s.meta?.strategies[index]?.kind ?? null);
  const taskPerSend = useLabState((s) => s.scenario?.producers.pattern === 'task-per-send');
  const flashes = useRef<LiveFlash[]>([]);
  const previous = useRef<{ rejected: number; timedOut: number; frame: number } | null>(null);
  const counters = useRef<HTMLDListElement>(null);

  const noteEvents = (frame: DecodedFrame) => {
    const st = frame.strategies[index];
    if (st === undefined) return;
    const rejected = st.stats.rejected ?? 0;
    const timedOut = st.stats.timedOut ?? 0;
    const prev = previous.current;
    const now = performance.now();
    if (prev !== null && frame.id > prev.frame && !reducedMotion.matches) {
      if (rejected > prev.rejected)
        flashes.current.push({ kind: 'rejected', amount: rejected - prev.rejected, bornAt: now });
      if (timedOut > prev.timedOut)
        flashes.current.push({ kind: 'timedOut', amount: timedOut - prev.timedOut, bornAt: now });
    }
    previous.current = { rejected, timedOut, frame: frame.id };
    flashes.current = flashes.current.filter((f) => now - f.bornAt < FLASH_MS).slice(-4);
  };

  const canvasRef = useFrameCanvas(
    (ctx, theme, frame, width) => {
      const st = frame.strategies[index];
      if (st === undefined) return 60;
      noteEvents(frame);
      const now = performance.now();
      return drawBackpressure(
        ctx,
        theme,
        {
          strategy: st,
          kind,
          producersConnected: frame.producersConnected,
          producersGone: frame.producersGone,
          flashes: flashes.current.map((f) => ({
            kind: f.kind,
            amount: f.amount,
            life: 1 - (now - f.bornAt) / FLASH_MS,
          })),
          queueScale: sharedQueueScale(frame),
          maxLanes: LANES,
          taskPerSend,
        },
        width,
      );
    },
    {
      minHeight: 120,
      redrawKey: `${index}:${kind ?? ''}:${taskPerSend ? 'per-send' : ''}`,
      structures: true,
      onText: (frame) => {
        const st = frame.strategies[index];
        const el = counters.current;
        if (st === undefined || el === null) return;
        const set = (name: string, v: string) => {
          const dd = el.querySelector(`[data-counter="${name}"]`);
          if (dd !== null && dd.textContent !== v) dd.textContent = v;
        };
        set('sent', formatInt(st.stats.sent ?? 0));
        set('waiting', formatInt(st.stats.waitingSenders ?? 0));
        set('permits', formatCount(st.stats.availablePermits));
        set('rejected', formatInt(st.stats.rejected ?? 0));
        set('timedOut', formatInt(st.stats.timedOut ?? 0));
        set('dropped', formatInt(st.stats.dropped ?? 0));
      },
    },
  );

  const titleId = `bp-title-${index}`;
  return (
    <li className={focused ? 'bp-row focused' : 'bp-row'} aria-labelledby={titleId} data-strategy={index}>
      <h3 id={titleId} className="bp-row-title">
        <StrategyMark index={index} />
        {label}
      </h3>
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={`${label}: producers, waiting senders, permits, queue and consumers`}
        aria-describedby={`bp-counters-${index}`}
        data-testid="backpressure-canvas"
      />
      <dl
        className="counters"
        id={`bp-counters-${index}`}
        ref={counters}
        data-testid={`bp-counters-${index}`}
      >
        {COUNTERS.map(([key, name]) => (
          <div key={key} className={key === 'rejected' || key === 'timedOut' ? 'counter bad' : 'counter'}>
            <dt>{name}</dt>
            <dd data-counter={key}>—</dd>
          </div>
        ))}
      </dl>
    </li>
  );
}

/** The shared scale in words, a few times a second (while on screen). */
function ScaleNote({ visible }: { visible: boolean }) {
  const frame = useThrottledFrame(500, visible, true);
  if (frame === null) return null;
  return (
    <p className="footnote" data-testid="bp-scale">
      Same scale in every row: {LANES} producer lanes; a full queue bar is{' '}
      {formatInt(sharedQueueScale(frame))} messages.
    </p>
  );
}

export function BackpressureView() {
  const focus = useLabState((s) => s.focus);
  // compared label by label, so a rebuilt simulation with the same strategies does not re-render the rows
  const names = useLabStateInTransition((s) => s.meta?.strategies.map((x) => x.label) ?? [], shallow);
  const [sectionRef, visible] = useVisible<HTMLElement>();
  return (
    <section className="panel backpressure" aria-labelledby="bp-title" ref={sectionRef}>
      <div className="panel-head">
        <h2 id="bp-title">Senders and backpressure</h2>
        <span className="panel-sub">every strategy, same workload, same scale</span>
      </div>
      <ol className="bp-rows" aria-label="Strategies side by side">
        {names.map((name, k) => (
          <StrategyRow key={k} index={k} label={name} focused={k === focus} />
        ))}
      </ol>
      <ScaleNote visible={visible} />
    </section>
  );
}
