/**
 * What a comparison chart's canvas layer drew last (src/ui/views/LiveChart.tsx keeps it on the canvas
 * element): the lines and bands in CSS px, the end labels' text and place, the line width, the colours.
 */
import type { Locator } from 'playwright-core';
import type { ChartDrawing } from '../../src/ui/views/LiveChart.tsx';

/** The canvas of the chart `chart` (a figure such as getByTestId('heap-chart')). */
export const linesCanvas = (chart: Locator): Locator => chart.locator('canvas.chart-lines');

/** A selector that matches once the chart `testId` has drawn at least `n` lines. */
export const drawnLines = (testId: string, n = 1): string =>
  `[data-testid="${testId}"] canvas.chart-lines[data-drawn-lines]:not(${Array.from({ length: n }, (_, i) => `[data-drawn-lines="${i}"]`).join(',')})`;

export async function chartDrawing(chart: Locator): Promise<ChartDrawing> {
  const d = await linesCanvas(chart).evaluate(
    (c) => (c as HTMLCanvasElement & { drawing?: ChartDrawing }).drawing ?? null,
  );
  if (d === null) throw new Error('the chart has drawn nothing yet');
  return d;
}

/** The end labels as read: "name value" (the name may be shortened or left out on a narrow plot). */
export async function endLabelTexts(chart: Locator): Promise<string[]> {
  const d = await chartDrawing(chart);
  return d.labels.map((l) => (l.name === '' ? l.value : `${l.name} ${l.value}`));
}
