// @vitest-environment jsdom
// Export as an author and an engineer use it: the series CSV is byte for byte what `npm run sim --
// --csv` prints; a figure is one chosen chart or table at the chosen width, with a title, a caption
// of the scenario's parameters (plain text, whatever it contains) and the attribution; tables also
// as Markdown and CSV.
import { spawnSync } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ExportMenu } from '../../src/ui/export/ExportMenu.tsx';
import { FigureDialog } from '../../src/ui/export/FigureDialog.tsx';
import { csvCell } from '../../src/ui/export/csv.ts';
import { presets } from '../../src/engine/presets.ts';
import { parseScenario } from '../../src/engine/scenario/index.ts';
import { createSimulation } from '../../src/engine/sim/engine.ts';
import { formatBytes } from '../../src/ui/format.ts';
import { scenarioAdapter } from '../../src/ui/scenario-adapter.ts';
import { bootLab } from '../../src/ui/share/boot.ts';
import { createLab, type Lab } from '../../src/ui/store.ts';
import { decodeLabUrl } from '../../src/ui/url-state.ts';
import { engineApi } from '../../src/worker/engine-api.ts';
import { inProcessWorker, installDomStubs } from './harness.tsx';

type Saved = { name: string; data: Blob | string; type: string };
let lab: Lab | null = null;
afterEach(() => {
  cleanup();
  lab?.dispose();
  lab = null;
});

describe('export menu', () => {
  it('series CSV: exactly what `npm run sim -- --csv` prints for the same run', async () => {
    const r = parseScenario({ ...presets['ping-pong'].scenario, durationSeconds: 0.5 });
    if (!r.ok) throw new Error(r.errors.join('; '));
    const sim = createSimulation(r.scenario);
    while (!sim.done) sim.runUntil(sim.now + 100_000);
    const saved: Saved[] = [];
    render(
      <ExportMenu
        onFigure={() => {}}
        series={async () => sim.series()}
        scenario={r.scenario}
        save={(name, data, type) => saved.push({ name, data, type })}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/sim.ts', '--preset', 'ping-pong', '--seconds', '0.5', '--csv'],
      { encoding: 'utf8' },
    );
    expect(cli.status).toBe(0);
    expect(saved[0]?.name).toBe('channel-lab-ping-pong-series.csv');
    expect(saved[0]?.data).toBe(cli.stdout);
    expect(cli.stdout.split('\n')[0]).toMatch(/^time_ms,[a-z0-9-]+\.heap_bytes,/);
  });

  it('scenario JSON: the file the engine accepts; says why when there is no series yet', async () => {
    const saved: Saved[] = [];
    render(
      <ExportMenu
        onFigure={() => {}}
        series={async () => null}
        scenario={presets['game-server'].scenario}
        save={(name, data, type) => saved.push({ name, data, type })}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Scenario JSON' }));
    expect(saved[0]?.name).toBe('channel-lab-game-server.json');
    const parsed = parseScenario(JSON.parse(saved[0]?.data as string));
    expect(parsed.ok && parsed.scenario).toEqual(presets['game-server'].scenario);
    await userEvent.click(screen.getByRole('button', { name: 'CSV' }));
    expect(screen.getByRole('status')).toHaveTextContent(
      'Could not save the CSV data: there is no series yet',
    );
  });

  it('CSV cells: quotes, commas and formula starts are made safe', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('plain')).toBe('plain');
  });
});

describe('Export a figure', () => {
  let saved: Saved[] = [];
  beforeAll(() => installDomStubs());

  async function open(query = '?preset=ping-pong&t=500') {
    installDomStubs();
    const url = decodeLabUrl(query);
    lab = createLab({
      createWorker: () => inProcessWorker(engineApi),
      adapter: scenarioAdapter,
      schedule: (fn) => setTimeout(fn, 0),
    });
    bootLab(lab, url, scenarioAdapter.defaultPreset);
    const l = lab;
    await waitFor(() => {
      expect(l.frames.getState().frame?.timeMs).toBe(url.timeMs);
      expect(l.frames.getState().series?.timeMs.length ?? 0).toBeGreaterThan(2);
    });
    saved = [];
    render(
      <FigureDialog
        lab={l}
        defaultTitle="Ping-pong: one message at a time"
        onClose={() => {}}
        save={(name, data, type) => saved.push({ name, data, type })}
      />,
    );
    return l;
  }
  const svgOf = (s: Saved | undefined) => new DOMParser().parseFromString(s?.data as string, 'image/svg+xml');

  it('the heap chart at 700 px: title, the scenario in the caption, the attribution, one line per strategy', async () => {
    const l = await open();
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Caption (plain text, optional)' }),
      '<b>1</b> & "2"',
    );
    await userEvent.click(screen.getByRole('button', { name: 'SVG' }));
    expect(saved[0]?.name).toBe('channel-lab-ping-pong-heap.svg');
    const svg = svgOf(saved[0]);
    const root = svg.documentElement;
    expect(root.getAttribute('width')).toBe('700');
    const text = [...svg.querySelectorAll('text')].map((t) => t.textContent).join('\n');
    expect(text).toContain('Ping-pong: one message at a time');
    // the author's caption is text: its markup characters are shown, never parsed
    expect(text).toMatch(/<b>1<\/b> & "2"/);
    expect(svg.querySelector('b')).toBeNull();
    expect(text).toMatch(/ping-pong at 500 ms of 10 s:/);
    expect(text).toMatch(/Channel Lab, tokio 1\.53\.1/);
    const n = l.store.getState().meta?.strategies.length ?? 0;
    expect(svg.querySelectorAll('polyline')).toHaveLength(n);
    expect(saved[0]?.data as string).not.toContain('var(--');
  });

  it('1400 px wide, log scale, no title: the options reach the file', async () => {
    await open();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Width' }), '1400');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Logarithmic scale' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Title' }));
    await userEvent.click(screen.getByRole('button', { name: 'SVG' }));
    const svg = svgOf(saved[0]);
    expect(svg.documentElement.getAttribute('width')).toBe('1400');
    const text = [...svg.querySelectorAll('text')].map((t) => t.textContent).join('\n');
    expect(text).toContain('Simulated heap (log scale)');
    expect(text).not.toContain('Ping-pong: one message at a time');
  });

  it('the exact figures as Markdown and CSV: the numbers on screen, raw bytes in the CSV', async () => {
    const l = await open();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Figure' }), 'readouts');
    await userEvent.click(screen.getByRole('button', { name: 'Markdown' }));
    await userEvent.click(screen.getByRole('button', { name: 'CSV' }));
    const { meta } = l.store.getState();
    const frame = l.frames.getState().frame;
    const heap0 = frame?.strategies[0]?.stats.heapBytes ?? -1;
    expect(heap0).toBeGreaterThan(0);
    const md = (saved[0]?.data as string).split('\n');
    expect(md[0]).toBe(`| Figure | ${meta?.strategies.map((s) => s.label).join(' | ')} |`);
    expect(md[1]).toMatch(/^\| --- \|( ---: \|)+$/);
    expect(md[2]).toMatch(
      new RegExp(`^\\| Heap now \\(exact\\) \\| ${formatBytes(heap0).replace(/[()]/g, '\\$&')} \\|`),
    );
    const csv = (saved[1]?.data as string).split('\n');
    expect(csv[0]).toMatch(/^time_ms,strategy,label,heap_bytes,peak_heap_bytes,/);
    const first = (csv[1] ?? '').split(',');
    expect(first[0]).toBe('500');
    expect(first[1]).toBe(meta?.strategies[0]?.id);
    expect(Number(first[3])).toBe(heap0);
    expect(saved[1]?.name).toBe('channel-lab-ping-pong-readouts.csv');
  });
});
