// @vitest-environment jsdom
// Export as an engineer uses it: an SVG that stands on its own (styles inlined, no CSS variables,
// title and legend drawn in), CSV rows with exact numbers, a scenario file the engine accepts.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ExportMenu } from '../../src/ui/export/ExportMenu.tsx';
import { collectChartFigures } from '../../src/ui/export/svg.ts';
import { csvCell, seriesToCsv } from '../../src/ui/export/csv.ts';
import { presets } from '../../src/engine/presets.ts';
import { parseScenario } from '../../src/engine/scenario/index.ts';

afterEach(() => {
  cleanup();
  document.head.innerHTML = '';
});

/** What recharts renders for one chart, reduced to the parts export reads. */
function fakeChart(): HTMLElement {
  const style = document.createElement('style');
  style.textContent = `
    .recharts-line-curve { stroke: rgb(207, 34, 46); stroke-width: 2px; fill: none; }
    .recharts-cartesian-axis-tick-value { fill: rgb(89, 99, 110); font-size: 11px; }
    .legend-icon { stroke: rgb(9, 105, 218); }`;
  document.head.appendChild(style);
  const host = document.createElement('div');
  host.innerHTML = `
    <figure class="chart" data-testid="heap-chart">
      <figcaption>Simulated heap</figcaption>
      <div class="chart-box"><div class="recharts-wrapper">
        <svg class="recharts-surface" width="600" height="240" viewBox="0 0 600 240">
          <g class="recharts-cartesian-axis"><text class="recharts-cartesian-axis-tick-value" fill="var(--muted)" x="10" y="230">0 s</text></g>
          <path class="recharts-line-curve" stroke="var(--s0)" d="M0,200L600,20"/>
          <path class="recharts-tooltip-cursor" d="M5,0L5,240"/>
          <g class="recharts-active-dot"><circle cx="0" cy="200" r="4"/></g>
        </svg>
        <div class="recharts-legend-wrapper"><ul>
          <li class="recharts-legend-item"><svg class="recharts-surface" width="14" height="14"><path class="legend-icon" stroke="var(--s1)" d="M0,7h14"/></svg>
          <span class="recharts-legend-item-text">tokio bounded(128) &amp; "friends"</span></li>
        </ul></div>
      </div></div>
    </figure>`;
  document.body.appendChild(host);
  return host;
}

function menu(opts: { charts?: boolean; series?: Parameters<typeof seriesToCsv>[0] | null } = {}) {
  const saved: { name: string; data: Blob | string; type: string }[] = [];
  const host = opts.charts === false ? null : fakeChart();
  render(
    <ExportMenu
      charts={() => (host === null ? [] : collectChartFigures(host))}
      series={async () => opts.series ?? null}
      fields={['heapBytes', 'depth']}
      scenario={presets['game-server'].scenario}
      save={(name, data, type) => saved.push({ name, data, type })}
    />,
  );
  return saved;
}

describe('export', () => {
  it('SVG: one standalone file, styles inlined, no CSS variables, title and legend included', async () => {
    const saved = menu();
    await userEvent.click(screen.getByRole('button', { name: 'SVG' }));
    expect(screen.getByRole('status')).toHaveTextContent('Saved channel-lab-game-server-charts.svg.');
    const text = saved[0]?.data as string;
    expect(saved[0]?.type).toBe('image/svg+xml');
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    const root = doc.documentElement;
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(Number(root.getAttribute('width'))).toBe(624);
    expect(text).not.toContain('var(');
    // the hover cursor and highlighted point are left out
    expect(doc.querySelector('path[d="M5,0L5,240"]')).toBeNull();
    expect(doc.querySelector('circle')).toBeNull();
    const line = doc.querySelector('path[d="M0,200L600,20"]');
    expect(line?.getAttribute('style')).toContain('stroke: rgb(207, 34, 46)');
    expect(doc.querySelector('text[x="10"]')?.getAttribute('style')).toContain('fill: rgb(89, 99, 110)');
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toContain('Simulated heap');
    expect(texts).toContain('tokio bounded(128) & "friends"');
    expect(doc.querySelector('rect[fill="rgb(9, 105, 218)"]')).not.toBeNull();
  });

  it("SVG: the legend comes from the page's own legend list beside the charts", async () => {
    const style = document.createElement('style');
    style.textContent = '.strategy-mark line { stroke: rgb(1, 2, 3); }';
    document.head.appendChild(style);
    const host = document.createElement('section');
    host.innerHTML = `<ul class="chart-legend"><li><svg class="strategy-mark"><line x1="0" x2="9"/></svg>tokio unbounded</li></ul>
      <figure class="chart"><figcaption>Queue depth</figcaption><div class="recharts-wrapper">
      <svg width="300" height="100"><path d="M0,0L1,1"/></svg></div></figure>`;
    document.body.appendChild(host);
    const [fig] = collectChartFigures(host);
    expect(fig?.title).toBe('Queue depth');
    expect(fig?.legend).toEqual([{ label: 'tokio unbounded', color: 'rgb(1, 2, 3)' }]);
  });

  it('CSV: a time column and one column per strategy and metric, exact numbers', async () => {
    const saved = menu({
      series: {
        timeMs: [0, 100, 200],
        strategies: [
          {
            label: 'tokio unbounded',
            columns: { heapBytes: [800, 1_234_567, 2_469_134], depth: [0, 1000, 2000] },
          },
          { label: '=HYPERLINK("x")', columns: { heapBytes: [800, 800, NaN], depth: [0, 0, 0] } },
        ],
      },
    });
    await userEvent.click(screen.getByRole('button', { name: 'CSV' }));
    expect(saved[0]?.name).toBe('channel-lab-game-server-series.csv');
    expect((saved[0]?.data as string).split('\n')).toEqual([
      'time_ms,tokio unbounded heap_bytes,tokio unbounded depth,"\'=HYPERLINK(""x"") heap_bytes","\'=HYPERLINK(""x"") depth"',
      '0,800,0,800,0',
      '100,1234567,1000,800,0',
      '200,2469134,2000,,0',
      '',
    ]);
  });

  it('scenario JSON: the file the engine accepts, equal to the scenario on screen', async () => {
    const saved = menu();
    await userEvent.click(screen.getByRole('button', { name: 'Scenario JSON' }));
    expect(saved[0]?.name).toBe('channel-lab-game-server.json');
    const parsed = parseScenario(JSON.parse(saved[0]?.data as string));
    expect(parsed.ok && parsed.scenario).toEqual(presets['game-server'].scenario);
  });

  it('says why when there is nothing to export yet', async () => {
    menu({ charts: false, series: null });
    await userEvent.click(screen.getByRole('button', { name: 'SVG' }));
    expect(screen.getByRole('status')).toHaveTextContent(
      'Could not save the SVG image: no chart is on screen yet',
    );
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
