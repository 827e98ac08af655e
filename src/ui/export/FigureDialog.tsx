/**
 * "Export a figure": one chosen figure (a chart, the anatomy, the backpressure view, a table) at a
 * width a post uses (700 or 1400 CSS px; the PNG at 2× pixel density), in a chosen theme, with an
 * optional title, a caption listing the scenario's key parameters and an attribution line. Tables
 * also as Markdown and CSV. The preview is the exported SVG itself.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { Lab } from '../store.ts';
import { Modal } from '../teach/Modal.tsx';
import { download } from './download.ts';
import {
  FIGURE_KINDS,
  FIGURE_LABELS,
  TABLE_KINDS,
  figureFileName,
  figureTable,
  renderFigure,
  type FigureKind,
  type FigureRequest,
  type FigureWidth,
} from './figure/figures.ts';
import { svgToPng } from './png.ts';
import { tableToCsv, tableToMarkdown } from './table.ts';
import './export.css';

export interface FigureDialogProps {
  readonly lab: Lab;
  readonly onClose: () => void;
  /** the figure's default title (the preset's or the scenario's name) */
  readonly defaultTitle: string;
  readonly initial?: Partial<FigureRequest>;
  /** replaces the browser download (tests) */
  readonly save?: (filename: string, data: Blob | string, type: string) => void;
}

export function FigureDialog(props: FigureDialogProps) {
  const { lab } = props;
  const id = useId();
  const [req, setReq] = useState<FigureRequest>({
    kind: 'heap',
    width: 700,
    theme: 'light',
    log: false,
    title: props.defaultTitle,
    caption: true,
    attribution: true,
    ...props.initial,
  });
  const [titleText, setTitleText] = useState(req.title ?? props.defaultTitle);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (patch: Partial<FigureRequest>) => {
    setReq((r) => ({ ...r, ...patch }));
    setStatus(null);
  };
  const save = props.save ?? download;
  // The anatomy, the backpressure view and the tables read channel structures, which a playing
  // run's frames leave out while no view on screen shows them: ask for them while the dialog is
  // open, and draw again once a frame brings them.
  const [structures, setStructures] = useState(() => lab.frames.getState().frame?.structures !== false);
  useEffect(() => {
    const hide = lab.showStructures();
    const unsubscribe = lab.frames.subscribe((s) => {
      if (s.frame?.structures === true) setStructures(true);
    });
    return () => {
      unsubscribe();
      hide();
    };
  }, [lab]);
  const doc = useMemo(() => {
    try {
      return { ok: true as const, svg: renderFigure(lab, req) };
    } catch (e) {
      return { ok: false as const, message: e instanceof Error ? e.message : String(e) };
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `structures`: the store's frame has them now
  }, [lab, req, structures]);
  const preview = useMemo(
    () => (doc.ok ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(doc.svg.text)}` : null),
    [doc],
  );
  const isTable = TABLE_KINDS.includes(req.kind);
  const isChart = req.kind === 'heap' || req.kind === 'metric';

  const run = async (what: string, fn: () => Promise<string> | string) => {
    try {
      setStatus({ ok: true, text: `Saving ${what}…` });
      setStatus({ ok: true, text: `Saved ${await fn()}.` });
    } catch (e) {
      setStatus({ ok: false, text: `Could not save ${what}: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  const table = () => {
    const t = figureTable(lab, req.kind, req.strategies);
    if (t === null) throw new Error('this figure is not a table');
    return t;
  };

  return (
    <Modal title="Export a figure" onClose={props.onClose} className="wide">
      <div className="figure-dialog">
        <form className="figure-options" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor={`${id}-kind`}>Figure</label>
          <select
            id={`${id}-kind`}
            value={req.kind}
            onChange={(e) => set({ kind: e.target.value as FigureKind })}
          >
            {FIGURE_KINDS.map((k) => (
              <option key={k} value={k}>
                {FIGURE_LABELS[k]}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-width`}>Width</label>
          <select
            id={`${id}-width`}
            value={req.width}
            onChange={(e) => set({ width: Number(e.target.value) as FigureWidth })}
          >
            <option value={700}>700 px (an article column)</option>
            <option value={1400}>1400 px (wide)</option>
          </select>
          <label htmlFor={`${id}-theme`}>Colours</label>
          <select
            id={`${id}-theme`}
            value={req.theme}
            onChange={(e) => set({ theme: e.target.value as FigureRequest['theme'] })}
          >
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
          <label className="check">
            <input
              type="checkbox"
              checked={req.log}
              disabled={!isChart}
              onChange={(e) => set({ log: e.target.checked })}
            />
            Logarithmic scale
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={req.title !== null}
              onChange={(e) => set({ title: e.target.checked ? titleText : null })}
            />
            Title
          </label>
          <input
            type="text"
            aria-label="Title text"
            value={titleText}
            maxLength={160}
            disabled={req.title === null}
            onChange={(e) => {
              setTitleText(e.target.value);
              set({ title: e.target.value });
            }}
          />
          <label htmlFor={`${id}-note`}>Caption (plain text, optional)</label>
          <input
            id={`${id}-note`}
            type="text"
            maxLength={300}
            value={req.note ?? ''}
            onChange={(e) => set({ note: e.target.value })}
          />
          <label className="check">
            <input
              type="checkbox"
              checked={req.caption}
              onChange={(e) => set({ caption: e.target.checked })}
            />
            List the scenario’s parameters
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={req.attribution}
              onChange={(e) => set({ attribution: e.target.checked })}
            />
            Attribution (Channel Lab and crate versions)
          </label>
        </form>
        <div className="figure-side">
          <div className="export-menu" role="group" aria-label="Save the figure">
            <button
              type="button"
              className="primary"
              disabled={!doc.ok}
              onClick={() =>
                run('the PNG image', async () => {
                  if (!doc.ok) throw new Error(doc.message);
                  const name = figureFileName(lab, req.kind, 'png');
                  save(name, await svgToPng(doc.svg, 2), 'image/png');
                  return name;
                })
              }
            >
              PNG
            </button>
            <button
              type="button"
              disabled={!doc.ok}
              onClick={() =>
                run('the SVG image', () => {
                  if (!doc.ok) throw new Error(doc.message);
                  const name = figureFileName(lab, req.kind, 'svg');
                  save(name, doc.svg.text, 'image/svg+xml');
                  return name;
                })
              }
            >
              SVG
            </button>
            {isTable && (
              <>
                <button
                  type="button"
                  onClick={() =>
                    run('the Markdown table', () => {
                      const name = figureFileName(lab, req.kind, 'md');
                      save(name, tableToMarkdown(table()), 'text/markdown');
                      return name;
                    })
                  }
                >
                  Markdown
                </button>
                <button
                  type="button"
                  onClick={() =>
                    run('the CSV table', () => {
                      const name = figureFileName(lab, req.kind, 'csv');
                      save(name, tableToCsv(table()), 'text/csv');
                      return name;
                    })
                  }
                >
                  CSV
                </button>
              </>
            )}
            <span role="status" className={status?.ok === false ? 'export-status error' : 'export-status'}>
              {status?.text}
            </span>
          </div>
          <p className="muted small">
            {doc.ok
              ? `${doc.svg.width} × ${doc.svg.height} CSS px; the PNG is ${doc.svg.width * 2} px wide (2× for sharp text).`
              : `This figure cannot be drawn now: ${doc.message}`}
          </p>
          <div className="figure-preview">
            {preview !== null && <img src={preview} alt={`Preview of the ${FIGURE_LABELS[req.kind]}`} />}
          </div>
        </div>
      </div>
    </Modal>
  );
}

export default FigureDialog;
