// A hand-scrolled IntersectionObserver for component tests of what views do off screen: jsdom has none,
// and these tests decide what is "on screen" themselves.
import { act } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';

/**
 * Installs a fake IntersectionObserver around each test of the calling file. Returns `onScreen`:
 * elements inside `selector` are on screen, every other observed element is not (null: none is).
 */
export function fakeIntersectionObserver(): (selector: string | null) => void {
  /** every observed element, with its IntersectionObserver callbacks */
  const observed: [Element, (v: boolean) => void][] = [];
  const saved = globalThis.IntersectionObserver;
  beforeEach(() => {
    observed.length = 0;
    globalThis.IntersectionObserver = class {
      constructor(private readonly cb: (e: { isIntersecting: boolean }[]) => void) {}
      observe(el: Element) {
        // an element may have several observers (a canvas: its painter's and its fading's)
        observed.push([el, (v) => this.cb([{ isIntersecting: v }])]);
      }
      unobserve() {}
      disconnect() {}
    } as unknown as typeof IntersectionObserver;
  });
  afterEach(() => {
    globalThis.IntersectionObserver = saved;
  });
  return (selector) => {
    act(() => {
      for (const [el, set] of observed) set(selector !== null && el.closest(selector) !== null);
    });
  };
}
