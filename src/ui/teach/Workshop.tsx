/**
 * Everything a workshop adds to the lab: the lesson player, presenter mode with its floating bar, the
 * keyboard shortcuts and the `?` dialog listing them. `useWorkshop` holds the state and installs the
 * shortcuts; the lab places the pieces where they belong (a toolbar in its header, the lesson panel
 * beside the views, the overlays anywhere). Nothing here knows about the worker: the lab passes in
 * what the keys drive and how to load a lesson step's scenario.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { lessons as allLessons, type Lesson } from '../../engine/lessons.ts';
import type { Scenario } from '../../engine/scenario/index.ts';
import { labShortcuts, shortcutsForHelp } from './lab-shortcuts.ts';
import { LessonPlayer, type LessonPosition } from './LessonPlayer.tsx';
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

export interface WorkshopOptions {
  readonly sim: SimulationKeys;
  readonly onLoadStep: (scenario: Scenario, position: LessonPosition) => void;
  /** view state for the URL */
  readonly onChange?: (state: { lesson: LessonPosition | null; present: boolean }) => void;
  readonly start?: { lesson: LessonPosition | null; present: boolean };
  readonly lessons?: readonly Lesson[];
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
}

export function useWorkshop(o: WorkshopOptions): Workshop {
  const lessons = o.lessons ?? allLessons;
  const lesson = useLesson(lessons, o.start?.lesson ?? null);
  const presenter = usePresenterMode(o.start?.present ?? false);
  const [showLessons, setShowLessonsState] = useState(o.start?.lesson != null);
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
  const choices = current?.steps[lesson.state.step]?.question?.choices.length ?? 0;
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
  };
}

/** Buttons for the lab's header: Lessons, Presenter mode, Shortcuts. */
export function WorkshopToolbar({ w }: { w: Workshop }) {
  return (
    <div className="workshop-toolbar" role="group" aria-label="Workshop">
      <button type="button" aria-pressed={w.showLessons} onClick={() => w.setShowLessons(!w.showLessons)}>
        Lessons
      </button>
      <button type="button" aria-pressed={w.presenter.on} onClick={w.presenter.toggle}>
        Presenter mode
      </button>
      <button type="button" onClick={() => w.setHelp(true)} aria-label="Keyboard shortcuts">
        <kbd aria-hidden="true">?</kbd>
      </button>
    </div>
  );
}

/** The lesson panel, when shown. */
export function WorkshopLessons({ w }: { w: Workshop }) {
  if (!w.showLessons) return null;
  return (
    <LessonPlayer
      controls={w.lesson}
      onLoadStep={w.onLoadStep}
      onPosition={w.onPosition}
      focusOnMount={w.openedByUser}
    />
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

/** The presenter bar (it fades out while nobody touches the mouse or keys) and the shortcuts dialog. */
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
          <button type="button" aria-pressed={w.presenter.controlsShown} onClick={w.presenter.toggleControls}>
            Controls
          </button>
          <button type="button" onClick={() => w.setHelp(true)}>
            Shortcuts <kbd>?</kbd>
          </button>
          <button type="button" onClick={() => w.presenter.set(false)}>
            Exit presenter mode
          </button>
        </div>
      )}
      {w.help && <ShortcutsDialog shortcuts={help} onClose={() => w.setHelp(false)} />}
    </>
  );
}
