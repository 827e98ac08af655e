/**
 * Export what is on screen: the charts as PNG or SVG, the series as CSV, the scenario as JSON for the
 * command line. Each button says what it saved, or why it could not.
 */
import { useState } from 'react';
import type { Scenario } from '../../engine/scenario/index.ts';
import { seriesToCsv, type CsvSeries } from './csv.ts';
import { download, slug } from './download.ts';
import { svgToPng } from './png.ts';
import { scenarioFileName, scenarioFileText } from './scenario-file.ts';
import { chartsToSvg, type ChartFigure } from './svg.ts';
import './export.css';

export interface ExportMenuProps {
  /** the charts as they are now (read when a button is pressed; may first bring them up to date) */
  readonly charts: () => readonly ChartFigure[] | Promise<readonly ChartFigure[]>;
  /** the full series, at the engine's sampling interval */
  readonly series: () => Promise<CsvSeries | null>;
  /** the series fields written to the CSV */
  readonly fields: readonly string[];
  readonly scenario: Scenario | null;
  /** replaces the browser download (tests) */
  readonly save?: (filename: string, data: Blob | string, type: string) => void;
}

function themeColors(): { background: string; foreground: string; fontFamily: string } {
  const cs = getComputedStyle(document.documentElement);
  return {
    background: cs.getPropertyValue('--bg').trim() || '#ffffff',
    foreground: cs.getPropertyValue('--fg').trim() || '#1b1f24',
    fontFamily: cs.getPropertyValue('font-family').trim() || 'system-ui, sans-serif',
  };
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
  const svgDoc = async () => {
    const charts = await props.charts();
    if (charts.length === 0) throw new Error('no chart is on screen yet');
    return chartsToSvg(charts, themeColors());
  };

  return (
    <div className="export-menu" role="group" aria-label="Export">
      <span className="export-label">Export</span>
      <button
        type="button"
        onClick={() =>
          run('the PNG image', async () => {
            const name = `${base}-charts.png`;
            save(name, await svgToPng(await svgDoc()), 'image/png');
            return name;
          })
        }
      >
        PNG
      </button>
      <button
        type="button"
        onClick={() =>
          run('the SVG image', async () => {
            const name = `${base}-charts.svg`;
            save(name, (await svgDoc()).text, 'image/svg+xml');
            return name;
          })
        }
      >
        SVG
      </button>
      <button
        type="button"
        onClick={() =>
          run('the CSV data', async () => {
            const series = await props.series();
            if (series === null || series.timeMs.length === 0) throw new Error('there is no series yet');
            const name = `${base}-series.csv`;
            save(name, seriesToCsv(series, props.fields), 'text/csv');
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
