/**
 * The frame around the one figure an embed shows: no app chrome, a small bar (Play/Pause, Reset, a
 * link to open the same view in the full app), the height reported to the page around it, a pause
 * when scrolled out of view (and a resume when back, if it was playing), and no autoplay when the
 * reader's system asks for reduced motion.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { EmbedOptions } from '../url-state.ts';
import { reportHeight, type ResizeTarget } from './resize.ts';
import { prefersReducedMotion, watchVisibility } from './visibility.ts';
import './embed.css';

export interface EmbedFrameProps {
  readonly options: EmbedOptions;
  readonly title: string;
  /** what the URL asked for that could not be used, each with what is shown instead */
  readonly notices?: readonly string[];
  readonly playing: boolean;
  readonly done: boolean;
  onPlay(): void;
  onPause(): void;
  onReset(): void;
  /** the same view in the full app */
  readonly openHref: string;
  /** more buttons for the bar (Save figure) */
  readonly tools?: ReactNode;
  /** a short live status, e.g. the simulated time */
  readonly status?: ReactNode;
  readonly children: ReactNode;
  /** where to report the height; the parent window by default (null: nowhere) */
  readonly parent?: ResizeTarget | null;
}

type EmbedState = 'playing' | 'paused' | 'offscreen';

export function EmbedFrame(props: EmbedFrameProps) {
  const root = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  const [visible, setVisible] = useState(true);
  const [reduced] = useState(() => prefersReducedMotion());
  const { parent } = props;

  useEffect(() => {
    if (root.current === null) return;
    const target = parent === undefined ? (window.parent as ResizeTarget) : parent;
    return reportHeight(root.current, target);
  }, [parent]);

  useEffect(() => {
    if (root.current === null) return;
    // `resume`: it was playing when it went out of view; `autoplay`: not started yet
    let resume = false;
    let autoplay = latest.current.options.autoplay && !reduced;
    return watchVisibility(root.current, (v) => {
      setVisible(v);
      const p = latest.current;
      if (!v) {
        if (p.playing) {
          resume = true;
          p.onPause();
        }
      } else if (resume || autoplay) {
        resume = false;
        autoplay = false;
        if (!p.done) p.onPlay();
      }
    });
  }, [reduced]);

  const state: EmbedState = !visible ? 'offscreen' : props.playing ? 'playing' : 'paused';
  return (
    <div ref={root} className="embed" data-embed-state={state} data-view={props.options.view}>
      {/* hidden with title=0 (the post has its own heading), still named for screen readers */}
      <h1 className={props.options.title ? 'embed-title' : 'visually-hidden'}>{props.title}</h1>
      {props.notices !== undefined && props.notices.length > 0 && (
        <ul className="embed-notices" role="status" aria-label="Problems with this embed's address">
          {props.notices.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <div className="embed-figure">{props.children}</div>
      {/* text only: React writes it as a text node, so markup in a caption is shown, never run */}
      {props.options.caption !== '' && <p className="embed-caption">{props.options.caption}</p>}
      <div className="embed-bar">
        {props.options.controls && (
          <>
            <button
              type="button"
              className="primary"
              onClick={props.playing ? props.onPause : props.onPlay}
              aria-label={props.playing ? 'Pause' : 'Play'}
            >
              {props.playing ? 'Pause' : props.done ? 'Replay' : 'Play'}
            </button>
            <button type="button" onClick={props.onReset}>
              Reset
            </button>
          </>
        )}
        <span className="embed-status" aria-live="off">
          {props.status}
          {reduced && props.options.autoplay && (
            <span className="muted"> · autoplay off (reduced motion)</span>
          )}
        </span>
        {props.tools}
        <a className="embed-open" href={props.openHref} target="_blank" rel="noopener">
          Open in Channel Lab
        </a>
      </div>
    </div>
  );
}
