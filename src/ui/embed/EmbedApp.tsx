/**
 * The page behind `?embed=1`: one figure of the lab in a fixed configuration (the scenario and time
 * from the URL), inside the frame that sizes itself, pauses off screen and respects reduced motion.
 * The simulation runs in the same module worker as the app; nothing needs SharedArrayBuffer or
 * special headers, so it works in a cross-origin iframe on any host.
 *
 * Light on the page: the worker starts only when the embed first comes into view (a post with five
 * figures starts one worker per figure the reader reaches, not five at load), nothing is drawn while
 * it is out of view, and a playing figure redraws at a reduced rate (see the views' throttles).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { presets } from '../../engine/presets.ts';
import { formatSeconds } from '../format.ts';
import { LabContext, useLab, useLabState } from '../lab-context.ts';
import type { DecodedUrl } from '../share/boot.ts';
import type { Lab } from '../store.ts';
import { labLink, EMBED_VIEW_LABELS, type EmbedOptions } from '../url-state.ts';
import { PaletteSlots } from '../views/palette-slots.ts';
import { useThrottledFrame } from '../views/useThrottledFrame.ts';
import { EmbedExport } from './EmbedExport.tsx';
import { EmbedFrame } from './EmbedFrame.tsx';
import type { ScriptFigureRequest } from '../export/figure/page-api.ts';
import { Figure, SINGLE_STRATEGY_VIEWS } from './figures.tsx';
import { projectLab } from './project.ts';
import { exposeLab } from '../debug-handle.ts';

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

/** The figure's heading: a preset's own title says what it is about; otherwise the figure's name. */
export function embedTitle(url: DecodedUrl, options: EmbedOptions): string {
  if (url.preset !== null) return presets[url.preset].title;
  const name = url.scenario.name;
  return `${EMBED_VIEW_LABELS[options.view]}${name === 'custom' ? '' : `: ${name}`}`;
}

function Embed({ url, options, lab }: { url: DecodedUrl; options: EmbedOptions; lab: Lab }) {
  const { actions } = useLab();
  const playing = useLabState((s) => s.playing);
  const done = useLabState((s) => s.done);
  const status = useLabState((s) => s.status);
  const openHref = labLink(window.location, {
    scenario: url.scenario,
    timeMs: url.timeMs,
    view: url.view,
    sweep: url.sweep ?? null,
  });
  return (
    <EmbedFrame
      options={options}
      title={embedTitle(url, options)}
      tools={<EmbedExport lab={lab} options={options} title={embedTitle(url, options)} />}
      notices={url.notices.map((n) => n.message)}
      playing={playing}
      done={done}
      onPlay={actions.play}
      onPause={actions.pause}
      onReset={actions.reset}
      openHref={openHref}
      status={status === 'crashed' ? 'the simulation stopped' : <TimeStatus />}
    >
      <Figure view={options.view} options={options} />
    </EmbedFrame>
  );
}

/**
 * The embed's lab as its options ask: a one-channel view of a chosen strategy looks at that
 * strategy's channel; `log=1` draws the charts on the log scale (the reader can still untick it).
 */
export function configureEmbedLab(lab: Lab, options: EmbedOptions): Lab {
  const first = options.strategies?.[0];
  if (first !== undefined && SINGLE_STRATEGY_VIEWS.includes(options.view)) lab.actions.setFocus(first);
  if (options.log) lab.actions.setHeapScale('log');
  return lab;
}

/**
 * Calls `onNear` once, when `el` first intersects the viewport (200 px ahead where the browser
 * applies a margin; inside a cross-origin frame it follows the page's scrolling). Without
 * IntersectionObserver it calls at once.
 */
function whenNear(el: Element, onNear: () => void): () => void {
  if (typeof IntersectionObserver !== 'function') {
    onNear();
    return () => {};
  }
  const io = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        io.disconnect();
        onNear();
      }
    },
    { rootMargin: '200px' },
  );
  io.observe(el);
  return () => io.disconnect();
}

export function EmbedApp(props: {
  url: DecodedUrl;
  options: EmbedOptions;
  /** creates and boots the lab (and its worker); called once, when the embed first comes into view */
  start: () => Lab;
}) {
  const { url, options, start } = props;
  const [lab, setLab] = useState<Lab | null>(null);
  const waiting = useRef<HTMLDivElement>(null);
  const started = useRef<Lab | null>(null);
  useEffect(() => {
    document.documentElement.classList.add('embed-page');
    return () => document.documentElement.classList.remove('embed-page');
  }, []);
  useEffect(() => {
    if (lab !== null || waiting.current === null) return;
    return whenNear(waiting.current, () => {
      started.current ??= start();
      const lab = started.current;
      // for `npm run figure`: the same figure as the Export dialog, once the linked moment is shown
      (globalThis as { __channelLabFigure?: unknown }).__channelLabFigure = async (
        req: ScriptFigureRequest,
      ) => (await import('../export/figure/page-api.ts')).figureForScript(lab, req);
      document.documentElement.dataset.worker = 'started';
      exposeLab(started.current);
      setLab(started.current);
    });
  }, [lab, start]);
  const keep = SINGLE_STRATEGY_VIEWS.includes(options.view) ? null : options.strategies;
  const shown = useMemo(() => (lab === null ? null : projectLab(lab, keep)), [lab, keep]);
  if (shown === null) {
    return (
      <div ref={waiting} className="embed embed-waiting" data-view={options.view}>
        {options.title && <h1 className="embed-title">{embedTitle(url, options)}</h1>}
        <p className="muted">The figure starts when it comes into view.</p>
      </div>
    );
  }
  return (
    <LabContext.Provider value={shown}>
      <PaletteSlots.Provider value={keep}>
        <Embed url={url} options={options} lab={lab as Lab} />
      </PaletteSlots.Provider>
    </LabContext.Provider>
  );
}
