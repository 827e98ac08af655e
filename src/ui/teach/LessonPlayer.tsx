/**
 * A guided lesson: one step at a time, one sentence of explanation, the scenario it loads, and a
 * "predict, then reveal" question. Everything works from the keyboard: Tab to the choices, arrows to
 * pick, Enter to reveal, Tab to "Next step". Moving to a step puts focus on its heading so a screen
 * reader announces it and Tab continues from there.
 */
import { useEffect, useId, useRef } from 'react';
import { lessonStepScenario, type Lesson } from '../../engine/lessons.ts';
import type { Scenario } from '../../engine/scenario/index.ts';
import type { LessonControls } from './useLesson.ts';
import './teach.css';

export interface LessonPosition {
  readonly id: string;
  /** 1-based */
  readonly step: number;
}

function LessonList({ controls }: { controls: LessonControls }) {
  return (
    <div className="lesson-list">
      <p className="muted">
        Seven short lessons. Each step loads a scenario; predict the answer, then reveal it.
      </p>
      <ol>
        {controls.lessons.map((l, i) => (
          <li key={l.id}>
            <button type="button" className="lesson-pick" onClick={() => controls.open(i)}>
              <span className="lesson-title">{l.title}</span>
              <span className="lesson-summary">{l.summary}</span>
              <span className="lesson-count">
                {l.steps.length} {l.steps.length === 1 ? 'step' : 'steps'}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}

function Question({ controls, lesson }: { controls: LessonControls; lesson: Lesson }) {
  const step = lesson.steps[controls.state.step];
  const q = step?.question;
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
  const right = answer === undefined ? -1 : q.choices.indexOf(answer.value);
  return (
    <form
      className="lesson-question"
      onSubmit={(e) => {
        e.preventDefault();
        controls.reveal();
      }}
    >
      <fieldset>
        <legend>Predict: {q.prompt}</legend>
        <div className="choices">
          {q.choices.map((c, i) => {
            const mark = answer === undefined ? '' : i === right ? 'right' : i === picked ? 'wrong' : '';
            return (
              <label key={c} className={`choice ${mark} ${i === picked ? 'picked' : ''}`}>
                <input
                  type="radio"
                  name={name}
                  value={c}
                  checked={picked === i}
                  disabled={answer !== undefined}
                  onChange={() => controls.pick(i)}
                />
                <span className="choice-key" aria-hidden="true">
                  {i + 1}
                </span>
                <span>{c}</span>
                {mark === 'right' && <span className="choice-mark"> ✓ the answer</span>}
                {mark === 'wrong' && <span className="choice-mark"> ✗ your prediction</span>}
              </label>
            );
          })}
        </div>
      </fieldset>
      <button type="submit" className="primary" disabled={answer !== undefined}>
        Reveal answer
      </button>
      <div className="lesson-answer" role="status" aria-live="polite">
        {answer !== undefined && (
          <p ref={answerRef} tabIndex={-1}>
            <strong>Answer: {answer.value}</strong>
            {picked === undefined ? ' (no prediction made)' : picked === right ? ' (you predicted it)' : ''}
            {`. ${answer.why.charAt(0).toUpperCase()}${answer.why.slice(1)}.`}
          </p>
        )}
      </div>
    </form>
  );
}

function Complete({ controls, lesson }: { controls: LessonControls; lesson: Lesson }) {
  const i = controls.state.lesson ?? 0;
  const asked = lesson.steps
    .map((s, k) => ({ s, key: `${lesson.id}/${k}` }))
    .filter(({ s }) => s.question !== undefined);
  const right = asked.filter(({ s, key }) => {
    const a = controls.state.revealed[key];
    const p = controls.state.picks[key];
    return a !== undefined && p !== undefined && s.question?.choices[p] === a.value;
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
            Next lesson: {nextLesson.title}
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
  /** load the scenario of the step now shown */
  onLoadStep: (scenario: Scenario, position: LessonPosition) => void;
  /** where the lesson is, for the URL (null: the list) */
  onPosition?: (position: LessonPosition | null) => void;
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

  useEffect(() => {
    const position = lesson === undefined ? null : { id: lesson.id, step: si + 1 };
    handlers.current.onPosition?.(position);
    if (lesson !== undefined && step !== undefined) {
      handlers.current.onLoadStep(lessonStepScenario(step), { id: lesson.id, step: si + 1 });
    }
    // announce the new step, but do not steal focus when the page opens on a lesson link
    if (!firstRender.current) heading.current?.focus();
    firstRender.current = false;
  }, [lesson, step, si]);

  if (lesson === undefined) {
    return (
      <section className="panel lessons" aria-labelledby="lessons-title">
        <div className="panel-head">
          <h2 id="lessons-title" ref={heading} tabIndex={-1}>
            Lessons
          </h2>
        </div>
        <LessonList controls={controls} />
      </section>
    );
  }

  const total = lesson.steps.length;
  const done = si >= total;
  return (
    <section className="panel lessons" aria-labelledby="lesson-step-title">
      <div className="panel-head">
        <p className="lesson-of">
          Lesson {(li ?? 0) + 1} of {controls.lessons.length}: {lesson.title}
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
        {done ? `${lesson.title}: done` : step?.title}
      </h3>
      {done ? (
        <Complete controls={controls} lesson={lesson} />
      ) : (
        <>
          <p className="lesson-text">{step?.text}</p>
          <Question controls={controls} lesson={lesson} />
          <div className="lesson-nav">
            <button type="button" onClick={controls.previous} disabled={si === 0}>
              Previous step
            </button>
            <button
              type="button"
              className={step?.question === undefined ? 'primary' : ''}
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
