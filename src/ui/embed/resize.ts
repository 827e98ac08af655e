/**
 * The embed tells the page around it how tall it is, so the page's iframe can fit it: once at the
 * start, whenever its height changes (ResizeObserver), and when the parent asks. The height is not a
 * secret, so it goes to any origin ('*'); a request is honoured only from the parent window itself.
 */
import { isResizeRequest, resizeMessage } from './messages.ts';

export interface ResizeTarget {
  postMessage(message: unknown, targetOrigin: string): void;
}

/**
 * Starts reporting the height of `el` to `parent`. Returns a function that stops it. Does nothing
 * when the page is not in a frame (`parent === self`).
 */
export function reportHeight(
  el: HTMLElement,
  parent: ResizeTarget | null,
  self: Window = window,
): () => void {
  if (parent === null || (parent as unknown) === self) return () => {};
  let last = -1;
  const send = (force: boolean) => {
    const msg = resizeMessage(el.getBoundingClientRect().height);
    if (!force && msg.height === last) return;
    last = msg.height;
    parent.postMessage(msg, '*');
  };
  const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => send(false)) : null;
  observer?.observe(el);
  const onMessage = (e: MessageEvent) => {
    // only the page that holds this frame, only the one message we know
    if (e.source !== parent || !isResizeRequest(e.data)) return;
    send(true);
  };
  self.addEventListener('message', onMessage);
  send(true);
  return () => {
    observer?.disconnect();
    self.removeEventListener('message', onMessage);
  };
}
