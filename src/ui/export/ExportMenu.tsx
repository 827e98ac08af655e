/**
 * Export what the lab shows: a publication figure (the Figure dialog: one chart, view or table as
 * PNG or SVG, tables also as Markdown and CSV), the series as CSV (the same columns as
 * `npm run sim -- --csv`), the scenario as JSON for the command line. Each button says what it saved,
 * or why it could not.
 */
import { useState } from 'react';
import type { Scenario } from '../../engine/scenario/index.ts';
import { seriesCsv } from '../../engine/sim/index.ts';
import type { SimSeries } from '../../engine/sim/index.ts';
import { download, slug } from './download.ts';
import { scenarioFileName, scenarioFileText } from './scenario-file.ts';
import './export.css';

export interface ExportMenuProps {
  /** opens the Figure dialog */
  readonly onFigure: () => void;
  /** the full series, at the engine's sampling interval */
  readonly series: () => Promise<SimSeries | null>;
  readonly scenario: Scenario | null;
  /** replaces the browser download (tests) */
  readonly save?: (filename: string, data: Blob | string, type: string) => void;
}

export function ExportMenu(props: ExportMenuProps) {
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const save = props.save ?? download;
  const base = `channel-lab-${slug(props.scenario?.name ?? 'scenario')}`;

  const run = async (what: string, fn: () => Promise<string>) => {
    try {
      setStatus({ ok: true, text: `Saving ${what}…` });
      setStatus({ ok: true, text: `Saved ${await fn()}.` });
    } catch (e) {
      setStatus({ ok: false, text: `Could not save ${what}: ${e instanceof Error ? e.message : String(e)}` });
    }
  };

  return (
    <div className="export-menu" role="group" aria-label="Export">
      <span className="export-label">Export</span>
      <button type="button" aria-haspopup="dialog" onClick={props.onFigure}>
        Figure…
      </button>
      <button
        type="button"
        onClick={() =>
          run('the CSV data', async () => {
            const series = await props.series();
            if (series === null || series.timeMs.length === 0) throw new Error('there is no series yet');
            const name = `${base}-series.csv`;
            save(name, seriesCsv(series), 'text/csv');
            return name;
          })
        }
      >
        CSV
      </button>
      <button
        type="button"
        disabled={props.scenario === null}
        onClick={() =>
          run('the scenario', async () => {
            const s = props.scenario;
            if (s === null) throw new Error('no scenario is loaded');
            const name = scenarioFileName(s);
            save(name, scenarioFileText(s), 'application/json');
            return name;
          })
        }
      >
        Scenario JSON
      </button>
      <span role="status" className={status?.ok === false ? 'export-status error' : 'export-status'}>
        {status?.text}
      </span>
    </div>
  );
}
