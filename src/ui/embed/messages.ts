/**
 * The only messages that cross the embed's frame boundary. The embed posts its height to the page
 * around it; the page may ask for the height again. Nothing else is read, and nothing a page sends
 * can change what the embed simulates (issue 7: never act on another origin's commands).
 */

export const RESIZE = 'channel-lab:resize';
export const REQUEST_RESIZE = 'channel-lab:request-resize';

export interface ResizeMessage {
  readonly type: typeof RESIZE;
  /** CSS pixels the iframe needs to show the whole embed */
  readonly height: number;
}

/** Upper bound on a height we accept or send: a page never needs more, a hostile one gets no more. */
export const MAX_HEIGHT = 10_000;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

export function isResizeMessage(data: unknown): data is ResizeMessage {
  return (
    isPlainObject(data) &&
    data.type === RESIZE &&
    typeof data.height === 'number' &&
    Number.isFinite(data.height) &&
    data.height >= 0 &&
    data.height <= MAX_HEIGHT
  );
}

export function isResizeRequest(data: unknown): boolean {
  return isPlainObject(data) && data.type === REQUEST_RESIZE && Object.keys(data).length === 1;
}

export function resizeMessage(height: number): ResizeMessage {
  return { type: RESIZE, height: Math.min(MAX_HEIGHT, Math.max(0, Math.ceil(height))) };
}
