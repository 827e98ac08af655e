/**
 * Presenter mode for projectors: large type, high contrast, the parameter panel hidden until asked
 * for (or until the keyboard reaches it). The look lives in teach.css under `:root.presenter`; this
 * hook only switches the classes on <html>.
 */
import { useCallback, useEffect, useState } from 'react';

export interface PresenterMode {
  readonly on: boolean;
  readonly controlsShown: boolean;
  set(on: boolean): void;
  toggle(): void;
  toggleControls(): void;
}

export function usePresenterMode(initial = false): PresenterMode {
  const [on, setOn] = useState(initial);
  const [controlsShown, setControlsShown] = useState(false);
  useEffect(() => {
    const root = document.documentElement;
    root.classList.toggle('presenter', on);
    root.classList.toggle('show-controls', on && controlsShown);
    return () => {
      root.classList.remove('presenter', 'show-controls');
    };
  }, [on, controlsShown]);
  const set = useCallback((v: boolean) => {
    setOn(v);
    setControlsShown(false);
  }, []);
  const toggle = useCallback(() => {
    setOn((v) => !v);
    setControlsShown(false);
  }, []);
  const toggleControls = useCallback(() => setControlsShown((v) => !v), []);
  return { on, controlsShown, set, toggle, toggleControls };
}
