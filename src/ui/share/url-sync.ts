/**
 * Keeps the address bar showing the current view, so a bookmark or a copied address reproduces it:
 * the scenario and the view state whenever they change, the simulated time whenever the simulation
 * stops (pause, Step, scrub). While it plays, the time in the URL is left alone (history.replaceState
 * at 60 fps would be throttled by the browser and would flood nothing useful).
 */
import { defaultScenario } from '../../engine/scenario/index.ts';
import type { Lab } from '../store.ts';
import { encodeLabUrl, labLink, type ViewState } from '../url-state.ts';

export type WorkshopView = Pick<ViewState, 'lesson' | 'present' | 'lessonSource'>;

export interface UrlSync {
  /** the lesson and presenter state, which live outside the lab's store */
  setWorkshop(view: WorkshopView): void;
  /** the absolute link to what is on screen now, time included even while playing */
  link(): string;
  /** the query for an embed of the current view */
  state(): Parameters<typeof encodeLabUrl>[0];
  dispose(): void;
}

const MIN_INTERVAL_MS = 400;

/** The URL state of what `lab` shows now, with the workshop's view state. */
export function labUrlState(lab: Lab, workshop: WorkshopView): Parameters<typeof encodeLabUrl>[0] {
  const s = lab.store.getState();
  const frame = lab.frames.getState().frame;
  return {
    // before the worker's first answer the link names the default scenario
    scenario: s.scenario ?? defaultScenario,
    timeMs: frame?.timeMs ?? 0,
    view: {
      focus: s.focus,
      metric: s.secondMetric,
      speed: s.speed,
      present: workshop.present,
      lesson: workshop.lesson,
      lessonSource: workshop.lessonSource ?? null,
    },
    sweep: s.sweep,
    calculator: s.calculator,
  };
}

export function startUrlSync(lab: Lab, win: Window = window): UrlSync {
  let workshop: WorkshopView = { lesson: null, present: false };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastWrite = 0;
  let lastQuery = win.location.search.replace(/^\?/, '');

  const state = () => labUrlState(lab, workshop);

  const write = () => {
    timer = null;
    if (lab.store.getState().scenario === null) return;
    const query = encodeLabUrl(state());
    if (query === lastQuery) return;
    lastQuery = query;
    lastWrite = Date.now();
    const url = `${win.location.pathname}${query === '' ? '' : `?${query}`}${win.location.hash}`;
    try {
      win.history.replaceState(win.history.state, '', url);
    } catch {
      // a sandboxed frame may refuse: the link button still works
    }
  };
  // history.replaceState can take several ms while the browser is busy drawing: where the browser
  // says when it is idle, the write waits for that (at most a second), away from the frames' work
  const w = win as Window & {
    requestIdleCallback?: typeof requestIdleCallback;
    cancelIdleCallback?: typeof cancelIdleCallback;
  };
  let idleHandle: number | null = null;
  const writeWhenIdle = () => {
    if (typeof w.requestIdleCallback !== 'function') return write();
    idleHandle = w.requestIdleCallback(
      () => {
        idleHandle = null;
        write();
      },
      { timeout: 1000 },
    );
  };
  const schedule = () => {
    if (timer !== null) return;
    timer = setTimeout(writeWhenIdle, Math.max(0, MIN_INTERVAL_MS - (Date.now() - lastWrite)));
  };

  const offStore = lab.store.subscribe((s, prev) => {
    if (
      s.scenario !== prev.scenario ||
      s.focus !== prev.focus ||
      s.secondMetric !== prev.secondMetric ||
      s.speed !== prev.speed ||
      s.sweep !== prev.sweep ||
      s.calculator !== prev.calculator ||
      (prev.playing && !s.playing)
    ) {
      schedule();
    }
  });
  const offFrames = lab.frames.subscribe((f, prev) => {
    const t = f.frame?.timeMs;
    if (t !== prev.frame?.timeMs && f.frame !== null && !f.frame.playing) schedule();
  });

  return {
    setWorkshop(view) {
      workshop = view;
      schedule();
    },
    link: () => labLink(win.location, state()),
    state,
    dispose() {
      offStore();
      offFrames();
      if (timer !== null) clearTimeout(timer);
      if (idleHandle !== null) w.cancelIdleCallback?.(idleHandle);
    },
  };
}
