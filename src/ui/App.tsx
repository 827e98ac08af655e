import { Suspense, lazy, useEffect, useId, useMemo, useRef } from 'react';
import { pauseWhileHidden } from './views/pauseWhileHidden.ts';
import { Controls } from './controls/Controls.tsx';
import { LabContext, useLab, useLabState, useLabStateInTransition } from './lab-context.ts';
import type { ChannelChoice, Lab } from './store.ts';
import { formatSeconds } from './format.ts';
import {
  CalculatorSlot,
  HeaderTools,
  LabExport,
  LessonSlot,
  SweepSlot,
  ToolOverlays,
  useLabTools,
  type Boot,
} from './share/LabTools.tsx';
import { UrlNotices } from './share/UrlNotices.tsx';
import { AnatomyView } from './views/AnatomyView.tsx';
import { BackpressureView } from './views/BackpressureView.tsx';
import { CreateCost } from './views/CreateCost.tsx';
import { Readouts } from './views/Readouts.tsx';
import { RetainedView } from './views/RetainedView.tsx';
import { SimStatus } from './views/SimStatus.tsx';
import { StrategyMark } from './views/StrategyMark.tsx';
import { ViewBoundary } from './views/ViewBoundary.tsx';
import { exposeLab } from './debug-handle.ts';

// the comparison charts load after the first paint (their chunk is the largest view)
const Charts = lazy(() => import('./views/Charts.tsx'));

/** The worker died or the engine threw: say so, keep everything else on screen, offer a restart. */
function WorkerBanner() {
  const { actions } = useLab();
  const status = useLabState((s) => s.status);
  const reason = useLabState((s) => s.crashReason);
  const recovered = useLabState((s) => s.recovered);
  if (status !== 'crashed') {
    if (recovered === null) return null;
    return (
      <div className="banner warn" role="alert">
        <p>
          <strong>{recovered.kind === 'hang' ? 'The simulation froze.' : 'The simulation crashed.'}</strong>{' '}
          {recovered.reason}. It was restarted from the last good state, at {formatSeconds(recovered.timeMs)}{' '}
          of simulated time.
        </p>
        <button type="button" onClick={actions.dismissRecovery}>
          Dismiss
        </button>
      </div>
    );
  }
  return (
    <div className="banner danger" role="alert">
      <p>
        <strong>The simulation stopped.</strong> {reason}
      </p>
      <button type="button" className="primary" onClick={actions.restart}>
        Restart simulation
      </button>
    </div>
  );
}

function NoticeBanner() {
  const { actions } = useLab();
  const notice = useLabState((s) => s.notice);
  if (notice === null) return null;
  return (
    <div className="banner warn" role="status">
      <p>{notice.message}</p>
      <button type="button" onClick={actions.dismissNotice}>
        Dismiss
      </button>
    </div>
  );
}

/**
 * Which strategy's channel the anatomy and backpressure views show: toggle buttons, not radios, so
 * the arrow keys stay with the page (they step time) after a strategy is chosen. A mouse click also
 * hands focus back to the views, so Space plays or pauses next, as it did before the click.
 */
function FocusPicker() {
  const { actions } = useLab();
  // new labels come in a background render (lab-context.ts); a press answers at once
  const meta = useLabStateInTransition((s) => s.meta);
  const focus = useLabState((s) => s.focus);
  const legend = useId();
  if (meta === null || meta.strategies.length < 2) return null;
  return (
    <div className="focus-picker" role="group" aria-labelledby={legend}>
      <span id={legend} className="focus-legend">
        Show the channel of
      </span>
      {meta.strategies.map((s, k) => (
        <button
          type="button"
          key={s.id}
          className={k === focus ? 'chip selected' : 'chip'}
          aria-pressed={k === focus}
          onClick={(e) => {
            actions.setFocus(k);
            // detail 0: the keyboard pressed it (Enter/Space), so focus stays for the next key
            if (e.detail > 0) document.getElementById('views')?.focus({ preventScroll: true });
          }}
        >
          <StrategyMark index={k} />
          {s.label}
        </button>
      ))}
    </div>
  );
}

function FocusedCreateCost() {
  const { adapter } = useLab();
  // the focused channel as text, compared by value: a slider's answer that leaves it as it was (a
  // new scenario object from the worker) re-renders nothing
  const key = useLabState((s) =>
    JSON.stringify(s.scenario === null ? null : adapter.channelOf(s.scenario, s.focus)),
  );
  const choice = useMemo(() => JSON.parse(key) as ChannelChoice | null, [key]);
  return <CreateCost choice={choice} />;
}

/**
 * `.app.playing` while a run plays: panels far from the viewport skip their rendering then (styles.css),
 * and a stopped page is whole for full-page captures. Set on the element, not through a render: Play and
 * Pause would otherwise re-render the whole page.
 */
function usePlayingClass() {
  const { store } = useLab();
  const ref = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (el === null) return;
    el.classList.toggle('playing', store.getState().playing);
    return store.subscribe((s, prev) => {
      if (s.playing !== prev.playing) el.classList.toggle('playing', s.playing);
    });
  }, [store]);
  return ref;
}

function Layout({ boot }: { boot: Boot | undefined }) {
  const status = useLabState((s) => s.status);
  const tools = useLabTools(boot);
  const appRef = usePlayingClass();
  return (
    <div className="app" data-status={status} ref={appRef}>
      <a className="skip" href="#views">
        Skip to the simulation
      </a>
      <header className="app-header">
        <div className="brand">
          <h1>Channel Lab</h1>
          <p className="tagline">What Rust channels cost in memory, byte for byte.</p>
        </div>
        <SimStatus />
        <HeaderTools tools={tools} />
      </header>
      <WorkerBanner />
      <NoticeBanner />
      <UrlNotices notices={boot?.url.notices ?? []} />
      <div className="workspace">
        <aside className="sidebar" aria-label="Parameters">
          <Controls />
        </aside>
        <main id="views" className="views" tabIndex={-1}>
          <LessonSlot tools={tools} />
          <div className="grid">
            {/* the comparison first: on a laptop or a projector it fills the first screen */}
            <ViewBoundary name="Strategies compared">
              <Suspense fallback={<section className="panel charts loading">Loading charts…</section>}>
                <Charts />
              </Suspense>
            </ViewBoundary>
            <div className="view-tools">
              <FocusPicker />
              <LabExport />
            </div>
            <ViewBoundary name="Channel anatomy">
              <AnatomyView />
            </ViewBoundary>
            <ViewBoundary name="What creating this channel allocates">
              <FocusedCreateCost />
            </ViewBoundary>
            <ViewBoundary name="Retained messages">
              <RetainedView />
            </ViewBoundary>
            <ViewBoundary name="Senders and backpressure">
              <BackpressureView />
            </ViewBoundary>
            <ViewBoundary name="Exact figures">
              <Readouts />
            </ViewBoundary>
          </div>
          <CalculatorSlot tools={tools} />
          <SweepSlot />
        </main>
      </div>
      <footer className="app-footer">
        <p>
          Heap figures come from models of tokio 1.53.1, futures-channel 0.3.33, crossbeam-channel 0.5.16, std
          (Rust 1.95), flume 0.12 and async-channel 2.5.0, checked against traces measured with a counting
          allocator on x86_64.
        </p>
      </footer>
      <ToolOverlays tools={tools} />
    </div>
  );
}

/** `boot`: what the page was opened with (its URL); absent when a test renders the bare app. */
export function App({ lab, boot }: { lab: Lab; boot?: Boot }) {
  useEffect(() => {
    exposeLab(lab);
  }, [lab]);
  useEffect(() => pauseWhileHidden(lab), [lab]);
  return (
    <LabContext.Provider value={lab}>
      <Layout boot={boot} />
    </LabContext.Provider>
  );
}
