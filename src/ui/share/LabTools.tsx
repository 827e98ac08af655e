/**
 * What issue 6 adds to the lab's page, wired to the lab: the workshop (lessons, presenter mode,
 * shortcuts), Copy link, the Embed dialog, export, the calculator. `useLabTools` holds the state the
 * pieces share; the layout places the pieces (header tools, lesson panel, export row, calculator,
 * overlays). The calculator and the Embed dialog load lazily: most visits never open them.
 */
import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isPresetName, presets } from '../../engine/presets.ts';
import { fullInputsOf } from '../calculator/inputs-of.ts';
import { ExportMenu } from '../export/ExportMenu.tsx';
import { useLab, useLabState, useLabStateInTransition } from '../lab-context.ts';
import type { SecondMetric } from '../store.ts';
import type { RevealAction, StepStage } from '../teach/LessonPlayer.tsx';
import { builtInLessons } from '../../content/lessons.ts';
import {
  useWorkshop,
  WorkshopLessons,
  WorkshopOverlays,
  WorkshopToolbar,
  type Workshop,
} from '../teach/Workshop.tsx';
import { DEFAULT_SWEEP } from '../sweep/sweep-spec.ts';
import { encodeLabUrl, labLink, type EmbedOptions } from '../url-state.ts';
import type { EmbedAt } from '../embed/EmbedDialog.tsx';
import type { DecodedUrl } from './boot.ts';
import { CopyLinkButton } from './CopyLinkButton.tsx';
import './share.css';
import { labUrlState, type UrlSync, type WorkshopView } from './url-sync.ts';

const CalculatorPanel = lazy(() => import('../calculator/CalculatorPanel.tsx'));
const SweepPanel = lazy(() => import('../sweep/SweepPanel.tsx'));
const FigureDialog = lazy(() => import('../export/FigureDialog.tsx'));
const EmbedDialog = lazy(() => import('../embed/EmbedDialog.tsx').then((m) => ({ default: m.EmbedDialog })));

/** What the page was opened with (absent in tests that render the bare app). */
export interface Boot {
  readonly url: DecodedUrl;
  readonly sync: UrlSync | null;
}

export interface LabTools {
  readonly workshop: Workshop;
  readonly link: () => string;
  readonly embedUrl: (o: EmbedOptions, at: EmbedAt) => string;
  readonly calculator: boolean;
  setCalculator(open: boolean): void;
  readonly embedOpen: boolean;
  setEmbedOpen(open: boolean): void;
}

export function useLabTools(boot: Boot | undefined): LabTools {
  const lab = useLab();
  const view = useRef<WorkshopView>({
    lesson: boot?.url.view.lesson ?? null,
    present: boot?.url.view.present ?? false,
  });
  // a lesson link that carries its own scenario (a copied link) keeps it: the step's preset is not reloaded
  const skipFirstLoad = useRef(boot !== undefined && boot.url.hasScenario && boot.url.view.lesson !== null);
  const sim = useMemo(
    () => ({
      togglePlay: lab.actions.togglePlay,
      step: lab.actions.step,
      stepBack: lab.actions.stepBack,
      toStart: () => lab.actions.seek(0),
    }),
    [lab],
  );
  // a step sets the stage: scenario, selected strategy, Step unit, speed, chart metric, then the time
  const onLoadStep = useCallback(
    (stage: StepStage) => {
      if (skipFirstLoad.current) {
        skipFirstLoad.current = false;
        return;
      }
      const a = lab.actions;
      const preset = stage.preset !== null && isPresetName(stage.preset) ? stage.preset : null;
      a.loadScenario(stage.scenario, preset);
      a.setFocus(stage.strategy);
      if (stage.stepBy !== null) a.setStepSize(stage.stepBy, false);
      a.setSpeed(stage.speed);
      if (stage.metric !== null) a.setSecondMetric(stage.metric as SecondMetric);
      if (stage.timeMs > 0) a.seek(stage.timeMs);
    },
    [lab],
  );
  // revealing an answer moves the run to the moment that shows the evidence
  const onReveal = useCallback(
    (r: RevealAction) => {
      if (r.timeMs !== null) lab.actions.seek(r.timeMs);
      if (r.play) lab.actions.play();
    },
    [lab],
  );
  const sync = boot?.sync ?? null;
  // a lesson opened from a link keeps its source in the address, so the address reopens it
  const linkSource = boot?.url.lessonSource ?? null;
  const onChange = useCallback(
    (v: WorkshopView) => {
      const builtIn = v.lesson !== null && builtInLessons.some((l) => l.id === v.lesson?.id);
      const withSource = { ...v, lessonSource: v.lesson !== null && !builtIn ? linkSource : null };
      view.current = withSource;
      sync?.setWorkshop(withSource);
    },
    [sync, linkSource],
  );
  const [start] = useState(() => ({
    lesson: boot?.url.view.lesson ?? null,
    present: boot?.url.view.present ?? false,
    source: boot?.url.lessonSource ?? null,
  }));
  const workshop = useWorkshop({ sim, onLoadStep, onReveal, onChange, start });
  useEffect(() => {
    sync?.setWorkshop(view.current);
  }, [sync]);
  // the calculator's inputs live in the lab's store (they are in the link); opening it starts from
  // the focused strategy's channel
  const calculator = useLabState((s) => s.calculator !== null);
  const setCalculator = useCallback(
    (open: boolean) => {
      const { scenario, focus } = lab.store.getState();
      lab.actions.setCalculator(
        open
          ? fullInputsOf(scenario === null ? null : lab.adapter.channelOf(scenario, focus), scenario)
          : null,
      );
    },
    [lab],
  );
  const [embedOpen, setEmbedOpen] = useState(false);
  const link = useCallback(() => labLink(window.location, labUrlState(lab, view.current)), [lab]);
  const embedUrl = useCallback(
    (o: EmbedOptions, at: EmbedAt) => {
      const s = labUrlState(lab, { lesson: null, present: false });
      const q = encodeLabUrl({
        ...s,
        timeMs: at.timeMs,
        view: { focus: s.view?.focus ?? 0, metric: s.view?.metric ?? 'depth', speed: at.speed },
        embed: o,
      });
      return `${window.location.origin}${window.location.pathname}?${q}`;
    },
    [lab],
  );
  return { workshop, link, embedUrl, calculator, setCalculator, embedOpen, setEmbedOpen };
}

/** The header's tools: Lessons, Presenter mode, shortcuts, Copy link, Embed, Calculator. */
export function HeaderTools({ tools }: { tools: LabTools }) {
  return (
    <div className="header-tools">
      <WorkshopToolbar w={tools.workshop} />
      <div className="share-tools" role="group" aria-label="Share">
        <CopyLinkButton link={tools.link} />
        <button type="button" onClick={() => tools.setEmbedOpen(true)} aria-haspopup="dialog">
          Embed
        </button>
        <button
          type="button"
          aria-pressed={tools.calculator}
          onClick={() => tools.setCalculator(!tools.calculator)}
        >
          Calculator
        </button>
        <SweepButton />
      </div>
    </div>
  );
}

/** The lesson panel above the views. */
export function LessonSlot({ tools }: { tools: LabTools }) {
  return <WorkshopLessons w={tools.workshop} />;
}

/** The series as CSV, the scenario as JSON, and the Figure dialog (loaded when first opened). */
export function LabExport() {
  const lab = useLab();
  // the worker's answer to a change comes in a background render (lab-context.ts)
  const scenario = useLabStateInTransition((s) => s.scenario);
  const preset = useLabStateInTransition((s) => s.preset);
  const [figure, setFigure] = useState(false);
  const title = preset !== null && isPresetName(preset) ? presets[preset].title : (scenario?.name ?? '');
  return (
    <>
      <ExportMenu onFigure={() => setFigure(true)} series={lab.actions.fetchSeries} scenario={scenario} />
      {figure && (
        <Suspense fallback={null}>
          <FigureDialog lab={lab} defaultTitle={title} onClose={() => setFigure(false)} />
        </Suspense>
      )}
    </>
  );
}

/** The calculator, opened from the header, starting from the focused strategy's channel. */
export function CalculatorSlot({ tools }: { tools: LabTools }) {
  const { actions } = useLab();
  const inputs = useLabState((s) => s.calculator);
  const slot = useRef<HTMLDivElement | null>(null);
  // it opens below every view, far out of sight: bring it into view (and the keyboard with it)
  useEffect(() => {
    const el = slot.current;
    if (!tools.calculator || el === null) return;
    const reduced =
      typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.scrollIntoView?.({ block: 'start', behavior: reduced ? 'auto' : 'smooth' });
    el.focus({ preventScroll: true });
    // The views above it draw, and grow, as the page scrolls past them, and the panel loads on its
    // own: a smooth scroll aimed at where the slot was can stop half a screen short. Once it has
    // ended, the slot goes to the top if it is not there.
    const settle = () => {
      if (Math.abs(el.getBoundingClientRect().top) > 8) el.scrollIntoView?.({ block: 'start' });
    };
    const ended = 'onscrollend' in window;
    if (ended) window.addEventListener('scrollend', settle, { once: true });
    const timer = ended ? undefined : setTimeout(settle, 1000);
    return () => {
      window.removeEventListener('scrollend', settle);
      clearTimeout(timer);
    };
  }, [tools.calculator]);
  if (!tools.calculator || inputs === null) return null;
  return (
    <div
      id="calculator"
      className="calculator-slot"
      ref={slot}
      tabIndex={-1}
      role="region"
      aria-label="Calculator"
    >
      <Suspense fallback={<section className="panel loading">Loading the calculator…</section>}>
        <CalculatorPanel initial={inputs} onChange={actions.setCalculator} />
      </Suspense>
    </div>
  );
}

/** Opens and closes capacity planning (its state is the lab's, so it is in the link). */
function SweepButton() {
  const { actions } = useLab();
  const open = useLabState((s) => s.sweep !== null);
  return (
    <button
      type="button"
      aria-pressed={open}
      onClick={() => {
        actions.setSweep(open ? null : DEFAULT_SWEEP);
        if (!open)
          requestAnimationFrame(() => document.getElementById('sweep')?.scrollIntoView({ block: 'start' }));
      }}
    >
      Sweep
    </button>
  );
}

/** Capacity planning, when open: a sweep of the current scenario over one parameter. */
export function SweepSlot() {
  const open = useLabState((s) => s.sweep !== null);
  if (!open) return null;
  return (
    <div id="sweep" className="sweep-slot">
      <Suspense fallback={<section className="panel loading">Loading capacity planning…</section>}>
        <SweepPanel />
      </Suspense>
    </div>
  );
}

/** The Embed dialog, starting from what the lab shows now. */
function LabEmbedDialog({ tools }: { tools: LabTools }) {
  const lab = useLab();
  const meta = useLabState((s) => s.meta);
  const speed = useLabState((s) => s.speed);
  const [timeMs] = useState(() => lab.frames.getState().frame?.timeMs ?? 0);
  return (
    <EmbedDialog
      embedUrl={tools.embedUrl}
      onClose={() => tools.setEmbedOpen(false)}
      timeMs={timeMs}
      speed={speed}
      durationMs={meta?.durationMs ?? null}
      strategies={meta?.strategies.map((s) => s.label) ?? []}
    />
  );
}

/** Presenter bar, shortcuts dialog, Embed dialog. */
export function ToolOverlays({ tools }: { tools: LabTools }) {
  return (
    <>
      <WorkshopOverlays w={tools.workshop} />
      {tools.embedOpen && (
        <Suspense fallback={null}>
          <LabEmbedDialog tools={tools} />
        </Suspense>
      )}
    </>
  );
}
