/**
 * A guided lesson: one step at a time. Each step sets the stage (scenario, selected strategy, time,
 * speed, Step unit, the figure it talks about, scrolled into view), hides what would give its answer
 * away, and asks "predict, then reveal". Revealing computes the answer with the models, moves the
 * run to the moment that shows the evidence and says where to look.
 *
 * Everything works from the keyboard: Tab to the choices, arrows to pick, Enter to reveal, Tab to
 * "Next step". Moving to a step puts focus on its heading so a screen reader announces it.
 */
import { useEffect, useId, useRef } from 'react';
import { fill, QuantityError, type Lesson, type LessonStep } from '../../content/lessons.ts';
import type { LessonView, StepUnit } from '../../content/format.ts';
import type { Scenario } from '../../engine/scenario/index.ts';
import { LessonOpener } from './LessonOpener.tsx';
import type { LessonControls, Revealed } from './useLesson.ts';
import './teach.css';

export interface LessonPosition {
  readonly id: string;
  /** 1-based */
  readonly step: number;
}

/** What a step puts on screen before its question. */
export interface StepStage {
  readonly scenario: Scenario;
  readonly preset: string | null;
  readonly strategy: number;
  readonly timeMs: number;
  readonly speed: number;
  readonly stepBy: StepUnit | null;
  readonly view: LessonView;
  readonly metric: string | null;
}

export interface RevealAction {
  readonly timeMs: number | null;
  readonly play: boolean;
}

export function stageOf(step: LessonStep): StepStage {
  const d = step.data;
  return {
    scenario: step.scenario,
    preset: step.preset,
    strategy: d.strategy,
    timeMs: d.timeMs,
    speed: d.speed,
    stepBy: d.stepBy ?? null,
    view: d.view,
    metric: d.metric ?? (d.view === 'metric' ? 'depth' : null),
  };
}

/** Where each figure is on the page. */
export const FIGURE_SELECTORS: Readonly<Record<LessonView, string>> = {
  create: 'section.create-cost',
  heap: '[data-testid="heap-chart"]',
  metric: '[data-testid="second-chart"]',
  anatomy: 'section.anatomy',
  backpressure: 'section.backpressure',
  retained: 'section.retained',
  readouts: 'section.readouts',
};

/** A text of the lesson with its figures computed; a figure that cannot be computed says why. */
function shown(lesson: Lesson, text: string, step = 0): string {
  try {
    return fill(lesson, text, step);
  } catch (e) {
    if (e instanceof QuantityError) return `${text} [cannot compute: ${e.message}]`;
    throw e;
  }
}

/**
 * Brings the step's figure into view and marks it (presenter mode makes it fill the screen). The
 * charts load lazily and panels above may still change height as the new scenario's first frame
 * arrives, so it looks again a few times during the first second and scrolls again if the figure
 * has moved out of the upper part of the screen.
 */
function showFigure(view: LessonView): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const calm = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? true;
  const at = [0, 50, 100, 200, 350, 600, 1000, 1500];
  let k = 0;
  const look = () => {
    const el = document.querySelector<HTMLElement>(FIGURE_SELECTORS[view]);
    if (el !== null) {
      if (!el.hasAttribute('data-lesson-figure')) {
        for (const old of document.querySelectorAll('[data-lesson-figure]'))
          old.removeAttribute('data-lesson-figure');
        el.setAttribute('data-lesson-figure', view);
      }
      const top = el.getBoundingClientRect().top;
      const margin = parseFloat(getComputedStyle(el).scrollMarginTop) || 0;
      if (k === 0 || top < margin - 4 || top > window.innerHeight / 2)
        el.scrollIntoView({ block: 'start', behavior: calm || k > 0 ? 'auto' : 'smooth' });
    }
    const next = at[++k];
    if (next !== undefined) timer = setTimeout(look, next - (at[k - 1] ?? 0));
  };
  timer = setTimeout(look, 0);
  return () => {
    if (timer !== null) clearTimeout(timer);
  };
}

function LessonList({ controls, onOpen }: { controls: LessonControls; onOpen: (l: Lesson) => void }) {
  return (
    <div className="lesson-list">
      <p className="muted">
        Each step loads a scenario and shows one figure; predict the answer, then reveal it.
      </p>
      <ol>
        {controls.lessons.map((l, i) => (
          <li key={`${l.source}/${l.id}`}>
            <button type="button" className="lesson-pick" onClick={() => controls.open(i)}>
              <span className="lesson-title">{shown(l, l.data.title)}</span>
              <span className="lesson-summary">{shown(l, l.data.summary)}</span>
              <span className="lesson-count">
                {l.steps.length} {l.steps.length === 1 ? 'step' : 'steps'} · {l.data.minutes} min
                {l.source === 'built-in' ? '' : ` · from ${l.source}`}
              </span>
            </button>
          </li>
        ))}
      </ol>
      <LessonOpener onOpen={onOpen} />
      <p>
        <a href="?workshop=1">Workshop page: every lesson, its length, printable handouts</a>
      </p>
    </div>
  );
}

function Verdict({ lesson, step }: { lesson: Lesson; step: number }) {
  const v = lesson.steps[step]?.data.verdict;
  if (v === undefined) return null;
  const label =
    v.verdict === 'unsupported'
      ? 'Unsupported (not shown false)'
      : v.verdict === 'partly'
        ? 'Partly true'
        : v.verdict === 'true'
          ? 'True'
          : 'False';
  const basis =
    v.basis === 'exact'
      ? 'exact: follows from rules measured with a counting allocator'
      : v.basis === 'modelled'
        ? 'modelled: depends on simulated timing'
        : 'sourced: as the sources below state';
  return (
    <div className="lesson-verdict" data-testid="lesson-verdict">
      <p>
        <strong>The claim:</strong> “{v.claim}” — <strong>{label}</strong>
      </p>
      <dl>
        <dt>Checked</dt>
        <dd>{shown(lesson, v.checked, step)}</dd>
        <dt>On</dt>
        <dd>{shown(lesson, v.on, step)}</dd>
        <dt>How sure</dt>
        <dd>{basis}</dd>
      </dl>
      {v.note !== undefined && <p>{shown(lesson, v.note, step)}</p>}
      {v.sources !== undefined && v.sources.length > 0 && (
        <ul className="lesson-sources">
          {v.sources.map((s) => (
            <li key={s.url}>
              <a href={s.url} target="_blank" rel="noreferrer noopener">
                {s.title}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function AnswerText({ answer, picked }: { answer: Revealed; picked: number | undefined }) {
  if ('error' in answer) return <strong>This answer cannot be computed: {answer.error}.</strong>;
  const cap = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
  return (
    <>
      <strong>Answer: {answer.value}</strong>
      {picked === undefined ? ' (no prediction made)' : picked === answer.choice ? ' (you predicted it)' : ''}
      {`. ${cap(answer.why)}.`}
      {answer.evidence !== null && (
        <span className="lesson-evidence" data-testid="lesson-evidence">
          {' '}
          {cap(answer.evidence)}.
        </span>
      )}
    </>
  );
}

function Question({ controls, lesson }: { controls: LessonControls; lesson: Lesson }) {
  const si = controls.state.step;
  const q = lesson.steps[si]?.data.question;
  const name = useId();
  const answer = controls.state.revealed[controls.key];
  // When the answer appears on this step (not when coming back to a revealed step), focus moves to it:
  // the radios and the button are disabled now, and keyboard users continue from the answer.
  const answerRef = useRef<HTMLParagraphElement>(null);
  const seen = useRef({ key: controls.key, revealed: answer !== undefined });
  useEffect(() => {
    const before = seen.current;
    seen.current = { key: controls.key, revealed: answer !== undefined };
    if (before.key === controls.key && !before.revealed && answer !== undefined) answerRef.current?.focus();
  }, [controls.key, answer]);
  if (q === undefined) return null;
  const picked = controls.state.picks[controls.key];
  const right = answer === undefined || 'error' in answer ? -1 : answer.choice;
  return (
    <form
      className="lesson-question"
      onSubmit={(e) => {
        e.preventDefault();
        controls.reveal();
      }}
    >
      <fieldset data-testid="lesson-choices">
        <legend>Predict: {shown(lesson, q.prompt, si)}</legend>
        <div className="choices">
          {q.choices.map((c, i) => {
            const mark = answer === undefined ? '' : i === right ? 'right' : i === picked ? 'wrong' : '';
            const text = shown(lesson, c, si);
            return (
              <label key={i} className={`choice ${mark} ${i === picked ? 'picked' : ''}`}>
                <input
                  type="radio"
                  name={name}
                  value={text}
                  checked={picked === i}
                  disabled={answer !== undefined}
                  onChange={() => controls.pick(i)}
                />
                <span className="choice-key" aria-hidden="true">
                  {i + 1}
                </span>
                <span>{text}</span>
                {mark === 'right' && <span className="choice-mark"> ✓ the answer</span>}
                {mark === 'wrong' && <span className="choice-mark"> ✗ your prediction</span>}
              </label>
            );
          })}
        </div>
      </fieldset>
      {/* once revealed the button goes: the answer takes its place (and the panel's room on a laptop) */}
      {answer === undefined && (
        <button type="submit" className="primary">
          Reveal answer
        </button>
      )}
      <div className="lesson-answer" role="status" aria-live="polite">
        {answer !== undefined && (
          <p ref={answerRef} tabIndex={-1}>
            <AnswerText answer={answer} picked={picked} />
          </p>
        )}
      </div>
      {answer !== undefined && <Verdict lesson={lesson} step={si} />}
    </form>
  );
}

function Complete({ controls, lesson }: { controls: LessonControls; lesson: Lesson }) {
  const i = controls.state.lesson ?? 0;
  const asked = lesson.steps
    .map((s, k) => ({ s, key: `${lesson.id}/${k}` }))
    .filter(({ s }) => s.data.question !== undefined);
  const right = asked.filter(({ key }) => {
    const a = controls.state.revealed[key];
    const p = controls.state.picks[key];
    return a !== undefined && !('error' in a) && p !== undefined && p === a.choice;
  }).length;
  const nextLesson = controls.lessons[i + 1];
  return (
    <div className="lesson-complete">
      <p>
        <strong>Lesson complete.</strong>{' '}
        {asked.length > 0 &&
          `You predicted ${right} of ${asked.length} ${asked.length === 1 ? 'answer' : 'answers'}.`}
      </p>
      <div className="lesson-nav">
        {nextLesson !== undefined && (
          <button type="button" className="primary" onClick={() => controls.open(i + 1)}>
            Next lesson: {shown(nextLesson, nextLesson.data.title)}
          </button>
        )}
        <button type="button" onClick={() => controls.open(i, 0)}>
          Start this lesson again
        </button>
        <button type="button" onClick={controls.list}>
          All lessons
        </button>
      </div>
    </div>
  );
}

export function LessonPlayer(props: {
  controls: LessonControls;
  /** set the stage of the step now shown */
  onLoadStep: (stage: StepStage, position: LessonPosition) => void;
  /** the answer was revealed: move the run to the evidence */
  onReveal?: (action: RevealAction) => void;
  /** where the lesson is, for the URL (null: the list) */
  onPosition?: (position: LessonPosition | null) => void;
  /** a lesson opened from a file: add it to the list and start it */
  onOpenLesson?: (lesson: Lesson) => void;
  /** focus the heading when the panel appears (it was opened from the keyboard or a click) */
  focusOnMount?: boolean;
}) {
  const { controls } = props;
  const { lesson: li, step: si } = controls.state;
  const lesson = li === null ? undefined : controls.lessons[li];
  const step = lesson?.steps[si];
  const heading = useRef<HTMLHeadingElement>(null);
  const handlers = useRef(props);
  useEffect(() => {
    handlers.current = props;
  });
  const firstRender = useRef(props.focusOnMount !== true);
  const revealed = controls.state.revealed[controls.key] !== undefined;

  useEffect(() => {
    const position = lesson === undefined ? null : { id: lesson.id, step: si + 1 };
    handlers.current.onPosition?.(position);
    let stopShowing = () => {};
    if (lesson !== undefined && step !== undefined) {
      handlers.current.onLoadStep(stageOf(step), { id: lesson.id, step: si + 1 });
      stopShowing = showFigure(step.data.view);
    }
    // announce the new step, but do not steal focus when the page opens on a lesson link
    if (!firstRender.current) heading.current?.focus({ preventScroll: true });
    firstRender.current = false;
    return stopShowing;
  }, [lesson, step, si]);

  // what would give the answer away stays hidden until it is revealed
  const conceal = step !== undefined && !revealed ? step.conceal.join(' ') : '';
  useEffect(() => {
    const root = document.documentElement;
    if (conceal === '') delete root.dataset.conceal;
    else root.dataset.conceal = conceal;
    return () => {
      delete root.dataset.conceal;
    };
  }, [conceal]);

  // revealing moves the run to the evidence (once, when it happens; not when coming back to the step)
  const seen = useRef({ key: controls.key, revealed });
  useEffect(() => {
    const before = seen.current;
    seen.current = { key: controls.key, revealed };
    if (before.key !== controls.key || before.revealed || !revealed || step === undefined) return;
    const r = step.data.reveal;
    handlers.current.onReveal?.({ timeMs: r?.timeMs ?? null, play: r?.play ?? false });
    return showFigure(step.data.view);
  }, [controls.key, revealed, step]);

  useEffect(
    () => () => {
      for (const el of document.querySelectorAll('[data-lesson-figure]'))
        el.removeAttribute('data-lesson-figure');
    },
    [],
  );

  const openLesson = (l: Lesson) => props.onOpenLesson?.(l);

  if (lesson === undefined) {
    return (
      <section className="panel lessons" aria-labelledby="lessons-title">
        <div className="panel-head">
          <h2 id="lessons-title" ref={heading} tabIndex={-1}>
            Lessons
          </h2>
        </div>
        <LessonList controls={controls} onOpen={openLesson} />
      </section>
    );
  }

  const total = lesson.steps.length;
  const done = si >= total;
  return (
    <section className="panel lessons lesson-open" aria-labelledby="lesson-step-title">
      <div className="panel-head">
        <p className="lesson-of">
          Lesson {(li ?? 0) + 1} of {controls.lessons.length}: {shown(lesson, lesson.data.title)}
        </p>
        <button type="button" className="link" onClick={controls.list}>
          All lessons
        </button>
      </div>
      <div className="lesson-progress">
        <progress max={total} value={Math.min(si + 1, total)} aria-label="Lesson progress" />
        <span>{done ? `All ${total} steps done` : `Step ${si + 1} of ${total}`}</span>
      </div>
      <h3 id="lesson-step-title" ref={heading} tabIndex={-1}>
        {done ? `${shown(lesson, lesson.data.title)}: done` : shown(lesson, step?.data.title ?? '', si)}
      </h3>
      {done ? (
        <Complete controls={controls} lesson={lesson} />
      ) : (
        <>
          <p className="lesson-text">{shown(lesson, step?.data.text ?? '', si)}</p>
          <Question controls={controls} lesson={lesson} />
          <div className="lesson-nav">
            <button type="button" onClick={controls.previous} disabled={si === 0}>
              Previous step
            </button>
            <button
              type="button"
              className={step?.data.question === undefined || revealed ? 'primary' : ''}
              onClick={controls.next}
            >
              {si + 1 === total ? 'Finish lesson' : 'Next step'}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
