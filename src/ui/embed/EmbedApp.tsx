/**
 * The page behind `?embed=1`: one figure of the lab in a fixed configuration (the scenario and time
 * from the URL), inside the frame that sizes itself, pauses off screen and respects reduced motion.
 * The simulation runs in the same module worker as the app; nothing needs SharedArrayBuffer or
 * special headers, so it works in a cross-origin iframe on any host.
 */
import { Suspense, lazy, useEffect, type ReactNode } from 'react';
import { formatSeconds } from '../format.ts';
import { LabContext, useLab, useLabState } from '../lab-context.ts';
import { presets } from '../../engine/presets.ts';
import type { Lab } from '../store.ts';
import { labLink, EMBED_VIEW_LABELS, type EmbedOptions, type LabUrlState } from '../url-state.ts';
import { AnatomyView } from '../views/AnatomyView.tsx';
import { BackpressureView } from '../views/BackpressureView.tsx';
import { Readouts } from '../views/Readouts.tsx';
import { RetainedView } from '../views/RetainedView.tsx';
import { useThrottledFrame } from '../views/useThrottledFrame.ts';
import { EmbedFrame } from './EmbedFrame.tsx';

const Charts = lazy(() => import('../views/Charts.tsx'));
const SweepPanel = lazy(() => import('../sweep/SweepPanel.tsx'));

function Figure({ view }: { view: EmbedOptions['view'] }): ReactNode {
  switch (view) {
    case 'heap':
    case 'metric':
      return (
        <Suspense fallback={<p className="loading">Loading the chart…</p>}>
          <Charts only={view} />
        </Suspense>
      );
    case 'anatomy':
      return <AnatomyView />;
    case 'backpressure':
      return <BackpressureView />;
    case 'retained':
      return <RetainedView />;
    case 'readouts':
      return <Readouts />;
    case 'sweep':
      return (
        <Suspense fallback={<p className="loading">Loading the sweep…</p>}>
          <SweepPanel embed />
        </Suspense>
      );
  }
}

function TimeStatus() {
  const frame = useThrottledFrame(250);
  const duration = useLabState((s) => s.meta?.durationMs ?? null);
  if (frame === null) return <>starting…</>;
  return (
    <>
      {formatSeconds(frame.timeMs)}
      {duration === null ? '' : ` / ${formatSeconds(duration)}`}
    </>
  );
}

function Embed({ url, options }: { url: LabUrlState; options: EmbedOptions }) {
  const { actions } = useLab();
  const playing = useLabState((s) => s.playing);
  const done = useLabState((s) => s.done);
  const status = useLabState((s) => s.status);
  // a preset's own title says what the figure is about; otherwise the figure's name
  const title =
    url.preset === null
      ? `${EMBED_VIEW_LABELS[options.view]}${url.scenario.name === 'custom' ? '' : `: ${url.scenario.name}`}`
      : presets[url.preset].title;
  const openHref = labLink(window.location, {
    scenario: url.scenario,
    timeMs: url.timeMs,
    view: url.view,
    sweep: url.sweep ?? null,
  });
  return (
    <EmbedFrame
      options={options}
      title={title}
      playing={playing}
      done={done}
      onPlay={actions.play}
      onPause={actions.pause}
      onReset={actions.reset}
      openHref={openHref}
      status={status === 'crashed' ? 'the simulation stopped' : <TimeStatus />}
    >
      <Figure view={options.view} />
    </EmbedFrame>
  );
}

export function EmbedApp({ lab, url, options }: { lab: Lab; url: LabUrlState; options: EmbedOptions }) {
  useEffect(() => {
    document.documentElement.classList.add('embed-page');
    (globalThis as { __channelLab?: Lab }).__channelLab = lab;
    return () => document.documentElement.classList.remove('embed-page');
  }, [lab]);
  return (
    <LabContext.Provider value={lab}>
      <Embed url={url} options={options} />
    </LabContext.Provider>
  );
}
