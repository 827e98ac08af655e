/**
 * "Embed": pick the figure and its options, watch it live in a preview frame laid out at the width
 * the post gives it (and shrunk to fit the dialog), copy the `<iframe>` snippet. The snippet carries
 * the height the preview measured at that width, so it looks right where a platform strips scripts;
 * its few lines of script refine it from the embed's resize messages where scripts run.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { Modal } from '../teach/Modal.tsx';
import { copyText } from '../share/clipboard.ts';
import { formatSeconds } from '../format.ts';
import {
  DEFAULT_EMBED,
  EMBED_VIEWS,
  EMBED_VIEW_LABELS,
  MAX_CAPTION,
  type EmbedOptions,
  type EmbedTheme,
  type EmbedView,
} from '../url-state.ts';
import { isResizeMessage } from './messages.ts';
import { embedSnippet } from './snippet.ts';
import './embed.css';

const GUESS_HEIGHT = 380;
/** The widths a post gives an embed: an article column and a phone. */
export const EMBED_WIDTHS = [700, 360] as const;

/** Views that change over simulated time: at 0 s they show an empty chart or an empty channel. */
const TIMED: readonly EmbedView[] = ['heap', 'metric', 'anatomy', 'backpressure', 'retained', 'readouts'];

export interface EmbedAt {
  /** simulated milliseconds the embed starts at */
  readonly timeMs: number;
  readonly speed: number;
}

export function EmbedDialog(props: {
  /** the absolute address of the embed for these options (the current scenario) */
  embedUrl: (o: EmbedOptions, at: EmbedAt) => string;
  onClose: () => void;
  initial?: Partial<EmbedOptions>;
  /** where the lab is now: the embed starts there unless changed */
  timeMs?: number;
  /** the run's length, to offer its end */
  durationMs?: number | null;
  speed?: number;
  /** the strategies' names, in order */
  strategies?: readonly string[];
}) {
  // a blog page is light unless the author says otherwise: the snippet always names its theme
  const [o, setO] = useState<EmbedOptions>({ ...DEFAULT_EMBED, theme: 'light', ...props.initial });
  const [at, setAt] = useState<EmbedAt>({ timeMs: props.timeMs ?? 0, speed: props.speed ?? 1 });
  const [width, setWidth] = useState<number>(EMBED_WIDTHS[0]);
  const [heights, setHeights] = useState<Record<string, number>>({});
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const [box, setBox] = useState(0);
  const frame = useRef<HTMLIFrameElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const id = useId();
  const src = props.embedUrl(o, at);
  // a height belongs to one address at one width
  const key = `${width} ${src}`;
  const height = heights[key] ?? null;
  const title = `Channel Lab: ${EMBED_VIEW_LABELS[o.view]}`;
  const snippet = embedSnippet({ src, title, height: height ?? GUESS_HEIGHT });
  const strategies = props.strategies ?? [];
  const duration = props.durationMs ?? null;
  const empty = TIMED.includes(o.view) && at.timeMs <= 0;

  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      const w = frame.current?.contentWindow;
      // only our preview frame, only from our own origin, only the resize message
      if (w === null || w === undefined || e.source !== w || e.origin !== window.location.origin) return;
      if (isResizeMessage(e.data)) {
        const h = e.data.height;
        setHeights((x) => (x[key] === h ? x : { ...x, [key]: h }));
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [key]);

  useEffect(() => {
    const el = boxRef.current;
    if (el === null) return;
    const measure = () => setBox(el.clientWidth);
    measure();
    if (typeof ResizeObserver !== 'function') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const set = (patch: Partial<EmbedOptions>) => {
    setO((x) => ({ ...x, ...patch }));
    setCopied(null);
  };
  const setTime = (timeMs: number) => {
    setAt((x) => ({ ...x, timeMs }));
    setCopied(null);
  };
  const chosen = o.strategies ?? strategies.map((_, k) => k);
  const toggleStrategy = (k: number, on: boolean) => {
    const next = strategies.map((_, i) => i).filter((i) => (i === k ? on : chosen.includes(i)));
    if (next.length === 0) return; // a figure shows at least one strategy
    set({ strategies: next.length === strategies.length ? null : next });
  };
  // the preview is laid out at the chosen width and shrunk to fit the dialog
  const scale = box > 0 ? Math.min(1, box / width) : 1;
  const shown = height ?? GUESS_HEIGHT;

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
          <label htmlFor={`${id}-width`}>Width in the post</label>
          <select id={`${id}-width`} value={width} onChange={(e) => setWidth(Number(e.target.value))}>
            <option value={700}>700 px (an article column)</option>
            <option value={360}>360 px (a phone)</option>
          </select>
          <label htmlFor={`${id}-theme`}>Colours</label>
          <select
            id={`${id}-theme`}
            value={o.theme}
            onChange={(e) => set({ theme: e.target.value as EmbedTheme })}
          >
            <option value="light">Always light</option>
            <option value="dark">Always dark</option>
            <option value="auto">Follow the reader’s system (light or dark)</option>
          </select>
          <label htmlFor={`${id}-t`}>Start at (simulated seconds)</label>
          <div className="embed-time">
            <input
              id={`${id}-t`}
              type="number"
              min={0}
              max={duration === null ? undefined : duration / 1000}
              step="any"
              value={at.timeMs / 1000}
              onChange={(e) => {
                const s = Number(e.target.value);
                if (e.target.value !== '' && Number.isFinite(s) && s >= 0) {
                  setTime(Math.min(duration ?? Infinity, s * 1000));
                }
              }}
            />
            {duration !== null && (
              <button type="button" onClick={() => setTime(duration)}>
                End of the run
              </button>
            )}
          </div>
          {empty && (
            <p className="embed-warning" role="alert">
              At 0 s nothing has happened yet: the figure would be empty
              {o.autoplay ? ' until it plays' : ''}.{' '}
              {duration !== null && (
                <button type="button" className="link" onClick={() => setTime(duration)}>
                  Show the end of the run ({formatSeconds(duration)})
                </button>
              )}
            </p>
          )}
          <label htmlFor={`${id}-caption`}>Caption (plain text)</label>
          <input
            id={`${id}-caption`}
            type="text"
            maxLength={MAX_CAPTION}
            value={o.caption}
            onChange={(e) => set({ caption: e.target.value })}
          />
          {strategies.length > 1 && (
            <fieldset className="embed-strategies">
              <legend>Strategies shown</legend>
              {strategies.map((name, k) => (
                <label className="check" key={`${k} ${name}`}>
                  <input
                    type="checkbox"
                    checked={chosen.includes(k)}
                    onChange={(e) => toggleStrategy(k, e.target.checked)}
                  />
                  {name}
                </label>
              ))}
            </fieldset>
          )}
          <label className="check">
            <input type="checkbox" checked={o.title} onChange={(e) => set({ title: e.target.checked })} />
            Show the title
          </label>
          <label className="check">
            <input type="checkbox" checked={o.log} onChange={(e) => set({ log: e.target.checked })} />
            Logarithmic scale (charts)
          </label>
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
          <label htmlFor={`${id}-speed`}>Speed</label>
          <select
            id={`${id}-speed`}
            value={at.speed}
            onChange={(e) => setAt((x) => ({ ...x, speed: Number(e.target.value) }))}
          >
            {[0.25, 0.5, 1, 2, 5, 10].map((v) => (
              <option key={v} value={v}>
                {v}× (simulated seconds per second)
              </option>
            ))}
          </select>
          <p className="muted small">
            The embed pauses when scrolled out of view, starts its simulation only when a reader reaches it,
            and never autoplays for readers who ask for reduced motion.
          </p>
        </form>
        <div className="embed-side">
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
          <div className="embed-preview" ref={boxRef}>
            <p className="muted small" id={`${id}-preview`}>
              Live preview at {width} px{height === null ? '' : `, ${height} px tall`}
              {scale < 1 ? ` (shown at ${Math.round(scale * 100)} %)` : ''}
            </p>
            <div className="embed-preview-box" style={{ height: `${Math.ceil(shown * scale)}px` }}>
              <iframe
                ref={frame}
                src={src}
                title={`Preview: ${title}`}
                aria-describedby={`${id}-preview`}
                style={{
                  width: `${width}px`,
                  height: `${shown}px`,
                  transform: scale < 1 ? `scale(${scale})` : undefined,
                }}
              />
            </div>
          </div>
        </div>
      </div>
    </Modal>
  );
}
