/**
 * Where a workshop is in its lessons: which lesson, which step, what each participant predicted and
 * which answers were revealed. Kept outside the player so the keyboard shortcuts can drive it too.
 * Answers are computed by the crate models when revealed (src/content/lessons.ts), never stored as text.
 */
import { useCallback, useMemo, useReducer } from 'react';
import { answerOf, QuantityError, type Answer, type Lesson } from '../../content/lessons.ts';

/** A revealed answer, or why it could not be computed (a teacher's lesson may ask the impossible). */
export type Revealed = Answer | { readonly error: string };

export interface LessonState {
  /** index into the lessons; null: the lesson list is shown */
  readonly lesson: number | null;
  /** index of the step; `steps.length` means the lesson is complete */
  readonly step: number;
  /** per "lesson/step" key: the choice picked */
  readonly picks: Readonly<Record<string, number>>;
  /** per "lesson/step" key: the revealed answer */
  readonly revealed: Readonly<Record<string, Revealed>>;
}

type Action =
  | { type: 'open'; lesson: number; step: number }
  | { type: 'list' }
  | { type: 'go'; step: number }
  | { type: 'pick'; key: string; choice: number }
  | { type: 'reveal'; key: string; answer: Revealed };

function reduce(s: LessonState, a: Action): LessonState {
  switch (a.type) {
    case 'open':
      return { ...s, lesson: a.lesson, step: a.step };
    case 'list':
      return { ...s, lesson: null, step: 0 };
    case 'go':
      return { ...s, step: a.step };
    case 'pick':
      return s.revealed[a.key] ? s : { ...s, picks: { ...s.picks, [a.key]: a.choice } };
    case 'reveal':
      return { ...s, revealed: { ...s.revealed, [a.key]: a.answer } };
  }
}

export interface LessonControls {
  readonly state: LessonState;
  readonly lessons: readonly Lesson[];
  open(lesson: number, step?: number): void;
  list(): void;
  next(): void;
  previous(): void;
  pick(choice: number): void;
  reveal(): void;
  /** "lesson/step" of the current step */
  readonly key: string;
}

/** The position from a link (`lesson=id&step=n`, 1-based), if it names a real lesson. */
export function initialLessonState(
  lessons: readonly Lesson[],
  start: { readonly id: string; readonly step: number } | null | undefined,
): LessonState {
  const empty = { lesson: null, step: 0, picks: {}, revealed: {} };
  if (!start) return empty;
  const i = lessons.findIndex((l) => l.id === start.id);
  const lesson = lessons[i];
  if (lesson === undefined) return empty;
  return { ...empty, lesson: i, step: Math.min(Math.max(0, start.step - 1), lesson.steps.length - 1) };
}

/** The answer of a step, or the reason it cannot be computed. */
export function revealStep(lesson: Lesson, step: number): Revealed | null {
  try {
    return answerOf(lesson, step);
  } catch (e) {
    if (e instanceof QuantityError) return { error: e.message };
    throw e;
  }
}

export function useLesson(
  lessons: readonly Lesson[],
  start?: { readonly id: string; readonly step: number } | null,
): LessonControls {
  const [state, dispatch] = useReducer(reduce, undefined, () => initialLessonState(lessons, start));
  const lesson = state.lesson === null ? undefined : lessons[state.lesson];
  const key = `${lesson?.id ?? ''}/${state.step}`;
  const step = lesson?.steps[state.step];

  const open = useCallback((i: number, at = 0) => dispatch({ type: 'open', lesson: i, step: at }), []);
  const list = useCallback(() => dispatch({ type: 'list' }), []);
  const next = useCallback(() => {
    if (lesson !== undefined && state.step < lesson.steps.length)
      dispatch({ type: 'go', step: state.step + 1 });
  }, [lesson, state.step]);
  const previous = useCallback(() => {
    if (lesson !== undefined && state.step > 0) dispatch({ type: 'go', step: state.step - 1 });
  }, [lesson, state.step]);
  const pick = useCallback(
    (choice: number) => {
      const q = step?.data.question;
      if (q !== undefined && choice >= 0 && choice < q.choices.length)
        dispatch({ type: 'pick', key, choice });
    },
    [step, key],
  );
  const reveal = useCallback(() => {
    if (lesson === undefined || state.revealed[key] !== undefined) return;
    const answer = revealStep(lesson, state.step);
    if (answer !== null) dispatch({ type: 'reveal', key, answer });
  }, [lesson, state.step, key, state.revealed]);

  return useMemo(
    () => ({ state, lessons, open, list, next, previous, pick, reveal, key }),
    [state, lessons, open, list, next, previous, pick, reveal, key],
  );
}
