/**
 * "Embed": pick the figure and its options, watch it live in a preview frame (sized by the same
 * resize messages a blog page receives), copy the `<iframe>` snippet.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { Modal } from '../teach/Modal.tsx';
import { copyText } from '../share/clipboard.ts';
import {
  DEFAULT_EMBED,
  EMBED_VIEWS,
  EMBED_VIEW_LABELS,
  type EmbedOptions,
  type EmbedTheme,
  type EmbedView,
} from '../url-state.ts';
import { isResizeMessage } from './messages.ts';
import { embedSnippet } from './snippet.ts';
import './embed.css';

const GUESS_HEIGHT = 380;

export function EmbedDialog(props: {
  /** the absolute address of the embed for these options (the current scenario and time) */
  embedUrl: (o: EmbedOptions) => string;
  onClose: () => void;
  initial?: Partial<EmbedOptions>;
}) {
  const [o, setO] = useState<EmbedOptions>({ ...DEFAULT_EMBED, ...props.initial });
  const [height, setHeight] = useState<number | null>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  const id = useId();
  const src = props.embedUrl(o);
  const title = `Channel Lab: ${EMBED_VIEW_LABELS[o.view]}`;
  const snippet = embedSnippet({ src, title, height: height ?? GUESS_HEIGHT });

  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      const w = frame.current?.contentWindow;
      // only our preview frame, only from our own origin, only the resize message
      if (w === null || w === undefined || e.source !== w || e.origin !== window.location.origin) return;
      if (isResizeMessage(e.data)) setHeight(e.data.height);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  const set = (patch: Partial<EmbedOptions>) => {
    setO((x) => ({ ...x, ...patch }));
    setCopied(null);
  };
  return (
    <Modal title="Embed this figure" onClose={props.onClose} className="wide">
      <div className="embed-dialog">
        <form className="embed-options" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor={`${id}-view`}>Figure</label>
          <select
            id={`${id}-view`}
            value={o.view}
            onChange={(e) => set({ view: e.target.value as EmbedView })}
          >
            {EMBED_VIEWS.map((v) => (
              <option key={v} value={v}>
                {EMBED_VIEW_LABELS[v]}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-theme`}>Colours</label>
          <select
            id={`${id}-theme`}
            value={o.theme}
            onChange={(e) => set({ theme: e.target.value as EmbedTheme })}
          >
            <option value="auto">Follow the reader’s system (light or dark)</option>
            <option value="light">Always light</option>
            <option value="dark">Always dark</option>
          </select>
          <label className="check">
            <input
              type="checkbox"
              checked={o.autoplay}
              onChange={(e) => set({ autoplay: e.target.checked })}
            />
            Play when scrolled into view
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={o.controls}
              onChange={(e) => set({ controls: e.target.checked })}
            />
            Show Play and Reset buttons
          </label>
          <p className="muted small">
            The embed keeps the current parameters and time. It pauses when scrolled out of view, never
            autoplays for readers who ask for reduced motion, and tells the page its height.
          </p>
        </form>
        <div className="embed-preview">
          <p className="muted small" id={`${id}-preview`}>
            Live preview{height === null ? '' : `, ${height} px tall`}
          </p>
          <iframe
            ref={frame}
            src={src}
            title={`Preview: ${title}`}
            aria-describedby={`${id}-preview`}
            style={{ height: `${height ?? GUESS_HEIGHT}px` }}
          />
        </div>
        <div className="embed-snippet">
          <label htmlFor={`${id}-code`}>HTML to paste into your page</label>
          <textarea id={`${id}-code`} readOnly value={snippet} onFocus={(e) => e.currentTarget.select()} />
          <div className="copy-row">
            <button
              type="button"
              className="primary"
              onClick={async () => setCopied((await copyText(snippet)) ? 'yes' : 'no')}
            >
              Copy snippet
            </button>
            <span role="status">
              {copied === 'yes' && 'Copied to the clipboard.'}
              {copied === 'no' && 'Could not copy: select the text above and copy it.'}
            </span>
          </div>
        </div>
      </div>
    </Modal>
  );
}
