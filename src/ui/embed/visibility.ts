/**
 * Whether the embed can be seen: in the viewport (IntersectionObserver; inside an iframe this follows
 * the page's scrolling) and in a visible tab. An embed out of view pauses, so a long blog post with
 * several figures does not burn the reader's battery.
 */

export function watchVisibility(
  el: Element,
  onChange: (visible: boolean) => void,
  doc: Document = document,
): () => void {
  let inView = true;
  let tabVisible = doc.visibilityState !== 'hidden';
  let last: boolean | null = null;
  const update = () => {
    const v = inView && tabVisible;
    if (v === last) return;
    last = v;
    onChange(v);
  };
  const io =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver(
          (entries) => {
            const e = entries[entries.length - 1];
            if (e !== undefined) inView = e.isIntersecting;
            update();
          },
          { threshold: 0 },
        )
      : null;
  io?.observe(el);
  const onVis = () => {
    tabVisible = doc.visibilityState !== 'hidden';
    update();
  };
  doc.addEventListener('visibilitychange', onVis);
  return () => {
    io?.disconnect();
    doc.removeEventListener('visibilitychange', onVis);
  };
}

/** `prefers-reduced-motion: reduce`, read now (the embed decides about autoplay once). */
export function prefersReducedMotion(win: Window = window): boolean {
  return typeof win.matchMedia === 'function' && win.matchMedia('(prefers-reduced-motion: reduce)').matches;
}
