/**
 * Keyboard shortcuts for workshops: one window listener, a table of shortcuts that the `?` dialog
 * lists, and the rule that a shortcut never steals a key from the control that has focus (Space
 * presses a focused button, arrows move a focused slider or radio group, letters type into fields).
 */
import { useEffect, useRef } from 'react';

export interface Shortcut {
  /** keys as shown to people, e.g. ["Space"], ["←"], ["n", "Page Down"] */
  readonly keys: readonly string[];
  /** `KeyboardEvent.key` values that trigger it */
  readonly match: readonly string[];
  readonly description: string;
  readonly group: string;
  /** false: listed in the dialog but not active now (e.g. "reveal" outside a lesson) */
  readonly enabled?: boolean;
  run(): void;
}

const TEXT_INPUTS = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number']);

/**
 * Whether the keyboard brought focus here (the browser draws a focus ring: `:focus-visible`). A
 * button or checkbox that took focus from a mouse click has none: Space then plays or pauses, as it
 * does anywhere on the page, instead of pressing the last thing clicked again.
 */
function keyboardFocused(el: Element): boolean {
  try {
    return el.matches(':focus-visible');
  } catch {
    return true; // a browser without the selector: leave Space to the control, as before
  }
}

/** Whether the key belongs to the focused element rather than to the page. */
export function keyBelongsToTarget(key: string, target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    if (TEXT_INPUTS.has(type)) return true;
    if (type === 'range' || type === 'radio')
      return (
        key.startsWith('Arrow') || key === ' ' || key.startsWith('Page') || key === 'Home' || key === 'End'
      );
    if (type === 'checkbox') return key === ' ' && keyboardFocused(el);
  }
  const role = el.getAttribute('role');
  if (role === 'slider' || role === 'radio' || role === 'tab' || role === 'listbox' || role === 'menuitem') {
    return key.startsWith('Arrow') || key === ' ' || key === 'Home' || key === 'End';
  }
  // Space and Enter press buttons, links and summaries (Space only one the keyboard reached)
  if (key === ' ' || key === 'Enter') {
    const presses =
      tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || tag === 'INPUT' || role === 'button';
    return presses && (key === 'Enter' || keyboardFocused(el));
  }
  return false;
}

/** The shortcut a key event triggers, if any. */
export function shortcutFor(e: KeyboardEvent, list: readonly Shortcut[]): Shortcut | null {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return null;
  if (keyBelongsToTarget(e.key, e.target)) return null;
  return list.find((s) => s.enabled !== false && s.match.includes(e.key)) ?? null;
}

/** Installs the shortcuts on `window` while `active`; the latest list is used without re-subscribing. */
export function useShortcuts(list: readonly Shortcut[], active = true): void {
  const ref = useRef(list);
  useEffect(() => {
    ref.current = list;
  });
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      const s = shortcutFor(e, ref.current);
      if (s === null) return;
      // a modal dialog takes every key for itself (asked only for a shortcut's key: a search of the
      // whole page, 1.5 ms of every key press on a slider under 4x CPU throttling)
      if (document.querySelector('[aria-modal="true"]') !== null) return;
      e.preventDefault();
      s.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);
}
