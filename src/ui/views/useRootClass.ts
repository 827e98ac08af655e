/**
 * Whether <html> has a class (presenter mode sets `presenter` there): the charts draw their SVG text
 * and lines at presenter sizes, which CSS alone cannot do for the axes' computed layout.
 */
import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  if (typeof MutationObserver === 'undefined') return () => undefined;
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}

export function useRootClass(name: string): boolean {
  return useSyncExternalStore(
    subscribe,
    () => document.documentElement.classList.contains(name),
    () => false,
  );
}
