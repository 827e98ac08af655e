import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * Whether an element is on screen (with a margin), so off-screen views skip their per-frame work and
 * catch up the moment they scroll in. Without IntersectionObserver (jsdom) everything counts as visible.
 */
export function useVisible<T extends Element>(margin = '200px'): [RefObject<T | null>, boolean] {
  const ref = useRef<T | null>(null);
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (el === null || typeof IntersectionObserver !== 'function') return;
    const io = new IntersectionObserver(
      (entries) => {
        const e = entries[entries.length - 1];
        if (e !== undefined) setVisible(e.isIntersecting);
      },
      { rootMargin: margin },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [margin]);
  return [ref, visible];
}

/** The same, as a ref-only flag for code that runs outside React renders (canvas painters). */
export function observeVisibility(
  el: Element,
  onChange: (visible: boolean) => void,
  margin = '200px',
): () => void {
  if (typeof IntersectionObserver !== 'function') return () => {};
  const io = new IntersectionObserver(
    (entries) => {
      const e = entries[entries.length - 1];
      if (e !== undefined) onChange(e.isIntersecting);
    },
    { rootMargin: margin },
  );
  io.observe(el);
  return () => io.disconnect();
}
