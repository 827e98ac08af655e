/**
 * The HTML a blog author pastes: an iframe of the embed, and a few lines of script that size it from
 * the embed's `channel-lab:resize` messages. The script accepts a message only from that iframe's
 * window and from the app's origin, with the exact shape, and only ever sets the iframe's height.
 */
import { MAX_HEIGHT, RESIZE } from './messages.ts';

const ATTR: Record<string, string> = { '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;', "'": '&#39;' };

export function escapeAttr(text: string): string {
  return text.replace(/[&"<>']/g, (c) => ATTR[c] ?? c);
}

/** A JavaScript string literal that cannot end the surrounding <script>. */
function jsString(text: string): string {
  return JSON.stringify(text).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
}

/** A short stable id from the embed's address, so several embeds on one page do not collide. */
export function embedId(src: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < src.length; i++) {
    h ^= src.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `channel-lab-${h.toString(36)}`;
}

export interface SnippetOptions {
  /** absolute URL of the embed */
  readonly src: string;
  readonly title: string;
  /** starting height in CSS pixels, before the first resize message arrives */
  readonly height: number;
}

export function embedSnippet(o: SnippetOptions): string {
  const id = embedId(o.src);
  const origin = new URL(o.src).origin;
  const height = Math.max(100, Math.min(MAX_HEIGHT, Math.round(o.height)));
  return [
    `<iframe id="${id}" src="${escapeAttr(o.src)}" title="${escapeAttr(o.title)}" loading="lazy"`,
    `  style="width: 100%; height: ${height}px; border: 0"></iframe>`,
    '<script>',
    'addEventListener("message", function (e) {',
    `  var f = document.getElementById(${jsString(id)});`,
    `  if (!f || e.source !== f.contentWindow || e.origin !== ${jsString(origin)}) return;`,
    '  var d = e.data;',
    `  if (d && d.type === ${jsString(RESIZE)} && typeof d.height === "number" && d.height > 0 && d.height <= ${MAX_HEIGHT})`,
    '    f.style.height = Math.ceil(d.height) + "px";',
    '});',
    '</script>',
  ].join('\n');
}
