import type { Lab } from '../store.ts';

/**
 * A background tab computes nothing: when the page is hidden while the lab plays, it pauses (the worker
 * stops simulating and sending frames), and plays again when the page is shown. A pause the user chose
 * is left alone. Embeds do the same for their own frame (embed/visibility.ts), also when scrolled out.
 */
export function pauseWhileHidden(lab: Lab, doc: Document = document): () => void {
  let resume = false;
  const onChange = (): void => {
    if (doc.visibilityState === 'hidden') {
      if (lab.store.getState().playing) {
        resume = true;
        lab.actions.pause();
      }
    } else if (resume) {
      resume = false;
      lab.actions.play();
    }
  };
  doc.addEventListener('visibilitychange', onChange);
  return () => doc.removeEventListener('visibilitychange', onChange);
}
