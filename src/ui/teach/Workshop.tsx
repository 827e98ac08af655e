/**
 * Everything a workshop adds to the lab: the lesson player, presenter mode with its floating bar, the
 * keyboard shortcuts and the `?` dialog listing them. `useWorkshop` holds the state and installs the
 * shortcuts; the lab places the pieces where they belong (a toolbar in its header, the lesson panel
 * beside the views, the overlays anywhere). Nothing here knows about the worker: the lab passes in
 * what the keys drive and how to load a lesson step's scenario.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { builtInLessons, type Lesson } from '../../content/lessons.ts';
import { labShortcuts, shortcutsForHelp } from './lab-shortcuts.ts';
import { LessonProblems, MAX_LESSON_BYTES, readLesson } from './LessonOpener.tsx';
import { LessonPlayer, type LessonPosition, type RevealAction, type StepStage } from './LessonPlayer.tsx';
import { usePresenterMode, type PresenterMode } from './presenter.ts';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { useShortcuts, type Shortcut } from './shortcuts.ts';
import { useLesson, type LessonControls } from './useLesson.ts';
import './teach.css';

export interface SimulationKeys {
  togglePlay(): void;
  step(): void;
  stepBack(): void;
  toStart(): void;
}

/** A lesson that is not built in, named by the page's address. */
export type LessonSource =
  { readonly kind: 'file'; readonly path: string } | { readonly kind: 'inline'; readonly json: string };

export interface WorkshopOptions {
  readonly sim: SimulationKeys;
  readonly onLoadStep: (stage: StepStage, position: LessonPosition) => void;
  readonly onReveal?: (action: RevealAction) => void;
  /** view state for the URL */
  readonly onChange?: (state: { lesson: LessonPosition | null; present: boolean }) => void;
  readonly start?: { lesson: LessonPosition | null; present: boolean; source?: LessonSource | null };
  readonly lessons?: readonly Lesson[];
}

/** Fetches a lesson named by the address: same origin only, small, checked. */
export async function loadLessonSource(
  source: LessonSource,
  base: string,
): Promise<{ lesson: Lesson } | { problems: readonly string[]; source: string }> {
  if (source.kind === 'inline') {
    const r = readLesson(source.json, 'the link');
    return 'lesson' in r ? r : { problems: r.problems, source: 'the link' };
  }
  let url: URL;
  try {
    url = new URL(source.path, base);
  } catch {
    return { problems: [`lessonFile: “${source.path}” is not a path`], source: source.path };
  }
  if (url.origin !== new URL(base).origin)
    return {
      problems: ['lessonFile: only a file on this site can be opened from a link'],
      source: source.path,
    };
  try {
    const res = await fetch(url, { credentials: 'same-origin' });
    if (!res.ok) return { problems: [`lessonFile: the server answered ${res.status}`], source: source.path };
    const text = await res.text();
    if (text.length > MAX_LESSON_BYTES)
      return {
        problems: [`lessonFile: the file is larger than ${MAX_LESSON_BYTES} bytes`],
        source: source.path,
      };
    const r = readLesson(text, source.path);
    return 'lesson' in r ? r : { problems: r.problems, source: source.path };
  } catch (e) {
    return { problems: [`lessonFile: ${e instanceof Error ? e.message : String(e)}`], source: source.path };
  }
}

export interface Workshop {
  readonly lesson: LessonControls;
  readonly presenter: PresenterMode;
  readonly showLessons: boolean;
  setShowLessons(show: boolean): void;
  /** the lesson panel was opened by the user (not by a link): it takes focus when it appears */
  readonly openedByUser: boolean;
  readonly help: boolean;
  setHelp(open: boolean): void;
  readonly shortcuts: readonly Shortcut[];
  /** the position the player reports (for the URL) */
  onPosition(p: LessonPosition | null): void;
  readonly onLoadStep: WorkshopOptions['onLoadStep'];
  readonly onReveal: WorkshopOptions['onReveal'];
  /** add a lesson (from a file or a link) to the list and open it */
  openLesson(lesson: Lesson): void;
  /** a lesson named by the link that could not be used */
  readonly linkProblems: { source: string; problems: readonly string[] } | null;
}

export function useWorkshop(o: WorkshopOptions): Workshop {
  const [lessons, setLessons] = useState<readonly Lesson[]>(o.lessons ?? builtInLessons);
  const lesson = useLesson(lessons, o.start?.lesson ?? null);
  // the list as last set, so that a lesson opened twice in a row is not appended twice
  const latest = useRef(lessons);
  const { open } = lesson;
  const openLesson = useCallback(
    (l: Lesson, step = 0) => {
      // appended (positions of the others stay put); opening the same file again replaces it
      const list = latest.current;
      const at = list.findIndex((x) => x.id === l.id && x.source === l.source);
      const next = at >= 0 ? list.map((x, i) => (i === at ? l : x)) : [...list, l];
      latest.current = next;
      setLessons(next);
      open(at >= 0 ? at : list.length, step);
    },
    [open],
  );
  const [linkProblems, setLinkProblems] = useState<Workshop['linkProblems']>(null);
  const source = o.start?.source ?? null;
  const startStep = (o.start?.lesson?.step ?? 1) - 1;
  useEffect(() => {
    if (source === null) return;
    let live = true;
    void loadLessonSource(source, window.location.href).then((r) => {
      if (!live) return;
      if ('lesson' in r) openLesson(r.lesson, Math.max(0, Math.min(startStep, r.lesson.steps.length - 1)));
      else setLinkProblems({ source: r.source, problems: r.problems });
    });
    return () => {
      live = false;
    };
  }, [source, startStep, openLesson]);
  const presenter = usePresenterMode(o.start?.present ?? false);
  const [showLessons, setShowLessonsState] = useState(o.start?.lesson != null || o.start?.source != null);
  const [openedByUser, setOpenedByUser] = useState(false);
  const setShowLessons = useCallback((show: boolean) => {
    setShowLessonsState(show);
    setOpenedByUser(show);
  }, []);
  const [help, setHelp] = useState(false);
  const position = useRef<LessonPosition | null>(o.start?.lesson ?? null);
  const onChange = useRef(o.onChange);
  useEffect(() => {
    onChange.current = o.onChange;
  });
  // tell the URL about presenter mode when it changes (the first value came from the URL)
  const firstPresent = useRef(true);
  useEffect(() => {
    if (firstPresent.current) {
      firstPresent.current = false;
      return;
    }
    onChange.current?.({ lesson: position.current, present: presenter.on });
  }, [presenter.on]);

  const lessonActive = showLessons && lesson.state.lesson !== null;
  const current = lesson.state.lesson === null ? undefined : lessons[lesson.state.lesson];
  const choices = current?.steps[lesson.state.step]?.data.question?.choices.length ?? 0;
  const { sim } = o;
  const shortcuts = useMemo(
    () =>
      labShortcuts({
        togglePlay: sim.togglePlay,
        step: sim.step,
        stepBack: sim.stepBack,
        toStart: sim.toStart,
        showHelp: () => setHelp(true),
        togglePresenter: presenter.toggle,
        toggleControls: presenter.on ? presenter.toggleControls : null,
        lesson: lessonActive
          ? {
              next: lesson.next,
              previous: lesson.previous,
              reveal: lesson.reveal,
              choose: lesson.pick,
              choices,
            }
          : null,
      }),
    [sim, presenter, lessonActive, lesson, choices],
  );
  useShortcuts(shortcuts);

  return {
    lesson,
    presenter,
    showLessons,
    setShowLessons,
    openedByUser,
    help,
    setHelp,
    shortcuts,
    onPosition(p) {
      position.current = p;
      onChange.current?.({ lesson: p, present: presenter.on });
    },
    onLoadStep: o.onLoadStep,
    onReveal: o.onReveal,
    openLesson,
    linkProblems,
  };
}

/** Buttons for the lab's header: Lessons, Presenter mode, Shortcuts. */
export function WorkshopToolbar({ w }: { w: Workshop }) {
  return (
    <div className="workshop-toolbar" role="group" aria-label="Workshop">
      <LessonsButton w={w} />
      <button type="button" aria-pressed={w.presenter.on} onClick={w.presenter.toggle}>
        Presenter mode
      </button>
      <ShortcutsButton w={w} />
    </div>
  );
}

function LessonsButton({ w }: { w: Workshop }) {
  return (
    <button type="button" aria-pressed={w.showLessons} onClick={() => w.setShowLessons(!w.showLessons)}>
      Lessons
    </button>
  );
}

function ShortcutsButton({ w }: { w: Workshop }) {
  return (
    <button type="button" onClick={() => w.setHelp(true)} aria-label="Keyboard shortcuts">
      <kbd aria-hidden="true">?</kbd>
    </button>
  );
}

/** The lesson panel, when shown. */
export function WorkshopLessons({ w }: { w: Workshop }) {
  if (!w.showLessons) return null;
  return (
    <>
      {w.linkProblems !== null && (
        <LessonProblems source={w.linkProblems.source} problems={w.linkProblems.problems} />
      )}
      <LessonPlayer
        controls={w.lesson}
        onLoadStep={w.onLoadStep}
        {...(w.onReveal === undefined ? {} : { onReveal: w.onReveal })}
        onPosition={w.onPosition}
        onOpenLesson={w.openLesson}
        focusOnMount={w.openedByUser}
      />
    </>
  );
}

/** True after `ms` without pointer movement or key presses: the presenter bar then steps aside. */
function useIdle(active: boolean, ms = 2500): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const wake = () => {
      setIdle(false);
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => setIdle(true), ms);
    };
    wake();
    const events = ['pointermove', 'pointerdown', 'keydown', 'focusin'] as const;
    for (const e of events) window.addEventListener(e, wake, { passive: true });
    return () => {
      if (timer !== null) clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, wake);
    };
  }, [active, ms]);
  return active && idle;
}

/**
 * The presenter bar (it fades out while nobody touches the mouse or keys) and the shortcuts dialog.
 * The bar stands in for the header's workshop buttons, in their place at the top right: at the
 * bottom it covered the heap chart's time axis whenever the mouse moved.
 */
export function WorkshopOverlays({ w }: { w: Workshop }) {
  const help = useMemo(() => shortcutsForHelp(w.shortcuts), [w.shortcuts]);
  const idle = useIdle(w.presenter.on);
  return (
    <>
      {w.presenter.on && (
        <div
          className={idle ? 'presenter-bar idle' : 'presenter-bar'}
          role="toolbar"
          aria-label="Presenter mode"
        >
          <LessonsButton w={w} />
          <button type="button" aria-pressed={w.presenter.controlsShown} onClick={w.presenter.toggleControls}>
            Controls
          </button>
          <ShortcutsButton w={w} />
          <button type="button" onClick={() => w.presenter.set(false)}>
            Exit presenter mode
          </button>
        </div>
      )}
      {w.help && <ShortcutsDialog shortcuts={help} onClose={() => w.setHelp(false)} />}
    </>
  );
}
