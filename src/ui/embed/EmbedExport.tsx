/**
 * "Save figure" in an embed: the figure the embed shows, as the Export dialog would write it (700 px,
 * the embed's theme, log scale, title and caption), as PNG or SVG; a table also as Markdown or CSV.
 * The figure module loads only when a reader asks for a file.
 */
import { useState } from 'react';
import type { Lab } from '../store.ts';
import type { EmbedOptions } from '../url-state.ts';
import { download } from '../export/download.ts';
import type { FigureKind } from '../export/figure/figures.ts';

/** The figure an embed view exports (the retained-messages list has none of its own). */
export function figureKindOf(view: EmbedOptions['view']): FigureKind | null {
  return view === 'retained' ? null : view;
}

export function EmbedExport(props: { lab: Lab; options: EmbedOptions; title: string }) {
  const { lab, options } = props;
  const [status, setStatus] = useState('');
  const kind = figureKindOf(options.view);
  if (kind === null) return null;
  const dark =
    options.theme === 'dark' ||
    (options.theme === 'auto' &&
      typeof matchMedia === 'function' &&
      matchMedia('(prefers-color-scheme: dark)').matches);
  const save = async (format: 'png' | 'svg' | 'md' | 'csv') => {
    try {
      const f = await import('../export/figure/figures.ts');
      const name = f.figureFileName(lab, kind, format);
      if (format === 'md' || format === 'csv') {
        const { tableToCsv, tableToMarkdown } = await import('../export/table.ts');
        const t = f.figureTable(lab, kind, options.strategies);
        if (t === null) throw new Error('this figure is not a table');
        download(
          name,
          format === 'md' ? tableToMarkdown(t) : tableToCsv(t),
          format === 'md' ? 'text/markdown' : 'text/csv',
        );
      } else {
        const svg = f.renderFigure(lab, {
          kind,
          width: 700,
          theme: dark ? 'dark' : 'light',
          log: options.log,
          title: options.title ? props.title : null,
          note: options.caption,
          caption: true,
          attribution: true,
          strategies: options.strategies,
        });
        if (format === 'svg') download(name, svg.text, 'image/svg+xml');
        else {
          const { svgToPng } = await import('../export/png.ts');
          download(name, await svgToPng(svg, 2), 'image/png');
        }
      }
      setStatus(`Saved ${name}.`);
    } catch (e) {
      setStatus(`Could not save: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const table = kind === 'readouts' || kind === 'calculator';
  return (
    <details className="embed-export">
      <summary>Save figure</summary>
      <div role="group" aria-label="Save the figure">
        <button type="button" onClick={() => void save('png')}>
          PNG
        </button>
        <button type="button" onClick={() => void save('svg')}>
          SVG
        </button>
        {table && (
          <>
            <button type="button" onClick={() => void save('md')}>
              Markdown
            </button>
            <button type="button" onClick={() => void save('csv')}>
              CSV
            </button>
          </>
        )}
        <span role="status">{status}</span>
      </div>
    </details>
  );
}
