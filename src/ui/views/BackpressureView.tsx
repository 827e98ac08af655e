import { useRef } from 'react';
import type { DecodedFrame } from '../../worker/frame.ts';
import { drawBackpressure, type Flash } from '../draw/backpressure.ts';
import { formatCount, formatInt } from '../format.ts';
import { useLabState } from '../lab-context.ts';
import { useFrameCanvas } from './useFrameCanvas.ts';

const FLASH_MS = 900;

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

function prefersReducedMotion(): boolean {
  return reducedMotion.matches;
}

/** View 2: producers, waiting senders, permits, the queue, consumers; rejections and timeouts counted. */
export function BackpressureView() {
  const focus = useLabState((s) => s.focus);
  const meta = useLabState((s) => s.meta);
  const kind = meta?.strategies[focus]?.kind ?? null;
  const flashes = useRef<LiveFlash[]>([]);
  const previous = useRef<{ focus: number; rejected: number; timedOut: number; frame: number } | null>(null);
  const counters = useRef<HTMLDListElement>(null);

  const noteEvents = (frame: DecodedFrame) => {
    const st = frame.strategies[focus];
    if (st === undefined) return;
    const rejected = st.stats.rejected ?? 0;
    const timedOut = st.stats.timedOut ?? 0;
    const prev = previous.current;
    const now = performance.now();
    if (prev !== null && prev.focus === focus && frame.id > prev.frame && !prefersReducedMotion()) {
      if (rejected > prev.rejected)
        flashes.current.push({ kind: 'rejected', amount: rejected - prev.rejected, bornAt: now });
      if (timedOut > prev.timedOut)
        flashes.current.push({ kind: 'timedOut', amount: timedOut - prev.timedOut, bornAt: now });
    }
    previous.current = { focus, rejected, timedOut, frame: frame.id };
    flashes.current = flashes.current.filter((f) => now - f.bornAt < FLASH_MS).slice(-4);
  };

  const canvasRef = useFrameCanvas(
    (ctx, theme, frame, width) => {
      const st = frame.strategies[focus];
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
        },
        width,
      );
    },
    {
      minHeight: 140,
      redrawKey: focus,
      onText: (frame) => {
        const st = frame.strategies[focus];
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

  return (
    <section className="panel backpressure" aria-labelledby="bp-title">
      <div className="panel-head">
        <h2 id="bp-title">Senders and backpressure</h2>
        <span className="panel-sub">{meta?.strategies[focus]?.label ?? ''}</span>
      </div>
      <canvas
        ref={canvasRef}
        role="img"
        aria-label="Producers, waiting senders, permits, queue and consumers"
        aria-describedby="bp-counters"
        data-testid="backpressure-canvas"
      />
      <dl className="counters" id="bp-counters" ref={counters}>
        {(
          [
            ['sent', 'Sent'],
            ['waiting', 'Waiting senders'],
            ['permits', 'Permits available'],
            ['rejected', 'Rejected'],
            ['timedOut', 'Timed out'],
            ['dropped', 'Dropped'],
          ] as const
        ).map(([key, label]) => (
          <div key={key} className={key === 'rejected' || key === 'timedOut' ? 'counter bad' : 'counter'}>
            <dt>{label}</dt>
            <dd data-counter={key}>—</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
