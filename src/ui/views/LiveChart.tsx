/**
 * One comparison chart: a small SVG draws what stays still (the axes, the grid, the scenario's event
 * marks; ChartAxes.tsx), and a canvas layer over it draws what moves (the lines, the heap's band, the
 * end labels) straight from the frame store. A new series is one canvas redraw in an animation frame,
 * not a React render; the SVG renders again only when an axis changes (a new tick at the top, the log
 * switch, a resize, presenter mode, a new mark). The page lays the lines out; where the browser can,
 * a worker paints them (offscreen-charts.ts), else the page does.
 *
 * The canvas draws with the axis the SVG shows: when a series needs a new axis, the axis goes to
 * React first and the lines follow once it is committed, so lines and tick labels never disagree for
 * longer than the frame the worker takes to paint.
 * Hovering shows the values at the nearest sample.
 */
import {
  memo,
  startTransition,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type PointerEvent,
  type ReactNode,
} from 'react';
import type { ChartSeries } from '../../worker/frame.ts';
import { formatSecondsAxis } from '../format.ts';
import { useLab } from '../lab-context.ts';
import { dashSegments, resolvedStrategyColor, strategyColor } from '../palette.ts';
import { canvasPixelRatio, fitCssHeight, prepareCanvas, readTheme } from '../draw/paint.ts';
import type { ChartEvent } from './chart-events.ts';
import { CHART_SIZES, ChartAxes, plotArea } from './ChartAxes.tsx';
import {
  layoutEndLabels,
  layoutLines,
  nearestSample,
  sameAxis,
  timeToX,
  valueToY,
  type DrawnLine,
  type EndLabelText,
  type LineSource,
  type PlacedEndLabel,
  type PlotArea,
  type ValueAxis,
} from './chart-geometry.ts';
import { packLines, paintChart, type LineStyle } from './chart-paint.ts';
import { chartPainter, chartPainterLost, onChartPainterLost } from './offscreen-charts.ts';
import { usePaletteSlot } from './palette-slots.ts';
import { frameRequest } from './frame-request.ts';
import { fadeWhenFar } from './far-canvas.ts';

/** What a chart draws from a series: its lines, its value axis, and the text of its labels. */
export interface LineModel {
  /** steps with a band (the heap), or straight segments */
  readonly step: boolean;
  sources(series: ChartSeries, skip: readonly boolean[]): (LineSource | null)[];
  axis(sources: readonly (LineSource | null)[]): ValueAxis;
  /** strategy k's value at sample i as read (the end label shows the last one) */
  value(series: ChartSeries, k: number, i: number): string | null;
}

/** What the canvas drew last, on the element for the browser tests (what a user sees, in numbers). */
export interface ChartDrawing {
  readonly seq: number;
  readonly area: PlotArea;
  readonly lines: readonly DrawnLine[];
  readonly labels: readonly PlacedEndLabel[];
  readonly lineWidth: number;
  readonly fontSize: number;
  /** strategy k's colour as drawn, by k */
  readonly colors: Readonly<Record<number, string>>;
}
export type ChartCanvas = HTMLCanvasElement & { drawing?: ChartDrawing };

/** Below this plot width the time axis gets fewer ticks (a phone, a narrow embed). */
const NARROW_PLOT_PX = 420;

export interface LiveChartProps {
  readonly title: string;
  readonly note?: ReactNode;
  readonly names: readonly string[];
  /** strategies drawn (a refused one is not) */
  readonly drawn: readonly boolean[];
  readonly model: LineModel;
  readonly yFormat: (v: number) => string;
  readonly durationMs: number;
  readonly events: readonly ChartEvent[];
  /** the chart's text alternative */
  readonly summary: string;
  readonly testId: string;
  readonly big: boolean;
  /** on screen: a playing run draws nothing while off screen, and catches up when seen */
  readonly visible: boolean;
}

interface Hover {
  readonly left: number;
  readonly top: number;
  readonly cursorX: number;
  /** the plot's top and height: the cursor spans the plot */
  readonly plotTop: number;
  readonly plotHeight: number;
  readonly flip: boolean;
  readonly time: string;
  readonly rows: readonly { k: number; name: string; value: string; y: number }[];
}

export const LiveChart = memo(function LiveChart(p: LiveChartProps) {
  const id = useId();
  const lab = useLab();
  const slot = usePaletteSlot();
  const size = p.big ? CHART_SIZES.big : CHART_SIZES.normal;
  const skip = useMemo(() => p.drawn.map((d) => !d), [p.drawn]);
  const [axis, setAxis] = useState<ValueAxis>(() => {
    const s = lab.frames.getState().series;
    return p.model.axis(s === null ? [] : p.model.sources(s, skip));
  });
  const [hover, setHover] = useState<Hover | null>(null);
  // a new canvas element when the chart painter worker is lost: the old one's control is gone
  const [canvasGen, setCanvasGen] = useState(0);
  useEffect(() => onChartPainterLost(() => setCanvasGen((g) => g + 1)), []);
  const boxRef = useRef<HTMLDivElement | null>(null);
  const canvasRef = useRef<ChartCanvas | null>(null);
  const figureRef = useRef<HTMLElement | null>(null);
  const areaRef = useRef<PlotArea | null>(null);
  const requestRef = useRef<() => void>(() => undefined);

  // what the painter reads, kept current without re-subscribing; a change redraws (a new text
  // alternative, four times a second, does not)
  const live = useRef({ model: p.model, skip, names: p.names, axis, size, slot, visible: p.visible });
  const slotKey = p.names.map((_, k) => slot(k)).join(',');
  useLayoutEffect(() => {
    live.current = { model: p.model, skip, names: p.names, axis, size, slot, visible: p.visible };
    requestRef.current();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `slotKey` is what `slot` gives
  }, [p.model, skip, p.names, axis, size, slotKey, p.visible]);

  // the box's size: set when it is first laid out and on every resize (the ResizeObserver below)
  const [box, setBox] = useState<{ width: number; height: number }>({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = boxRef.current;
    if (el !== null) setBox({ width: el.clientWidth, height: el.clientHeight });
  }, []);
  const labelled = p.events.some((e) => e.label !== '');
  const area = useMemo(
    () => plotArea(box.width, box.height, size, labelled),
    [box.width, box.height, size, labelled],
  );
  const narrow = area.width < NARROW_PLOT_PX;
  useLayoutEffect(() => {
    areaRef.current = area.width > 0 && area.height > 0 ? area : null;
    requestRef.current();
  }, [area]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const box = boxRef.current;
    if (canvas === null || box === null) return;
    let width = 0;
    let height = 0;
    let pending: ValueAxis | null = null;
    let theme = readTheme(canvas);
    // the lines are painted in a worker where the browser can (offscreen-charts.ts), else here
    const painter = chartPainterLost() ? null : chartPainter(canvas);
    const colors = new Map<number, string>();
    const refreshTheme = () => {
      theme = readTheme(canvas);
      colors.clear();
      request();
    };
    // by palette entry (an embed showing some strategies maps k to its place in the scenario)
    const colorOf = (k: number) => {
      const entry = live.current.slot(k);
      let c = colors.get(entry);
      if (c === undefined) {
        c = resolvedStrategyColor(canvas, entry);
        colors.set(entry, c);
      }
      return c;
    };

    const draw = () => {
      const l = live.current;
      if (!l.visible || (typeof document !== 'undefined' && document.visibilityState === 'hidden')) return;
      const { series, frame } = lab.frames.getState();
      const area = areaRef.current;
      const sources = series === null ? [] : l.model.sources(series, l.skip);
      const want = l.model.axis(sources);
      if (!sameAxis(want, l.axis)) {
        // the axes first (a React render of their SVG); the lines follow once they are committed
        if (pending === null || !sameAxis(pending, want)) {
          pending = want;
          startTransition(() => setAxis(want));
        }
        return;
      }
      pending = null;
      if (area === null) return;
      if (width === 0 || height === 0) {
        width = box.clientWidth;
        height = box.clientHeight;
      }
      const lines =
        series === null
          ? []
          : layoutLines(
              series.timeMs,
              sources,
              timeToX(area, p.durationMs),
              valueToY(area, l.axis),
              l.model.step,
            );
      const last = (series?.timeMs.length ?? 0) - 1;
      const texts: EndLabelText[] = [];
      if (series !== null && last >= 0) {
        l.names.forEach((name, k) => {
          const value = l.skip[k] === true ? null : l.model.value(series, k, last);
          if (value !== null) texts.push({ k, name, value });
        });
      }
      const labels = layoutEndLabels(lines, texts, area, l.size.font);
      const style: LineStyle = {
        width: l.size.line,
        fontSize: l.size.font,
        fontFamily: theme.font,
        background: theme.bg,
        color: colorOf,
        dash: (k) => dashSegments(l.slot(k), l.size.line),
      };
      const drawnColors: Record<number, string> = {};
      for (const line of lines) drawnColors[line.k] = colorOf(line.k);
      if (painter !== null) {
        fitCssHeight(canvas, height);
        const dashes: Record<number, number[]> = {};
        for (const line of lines) dashes[line.k] = style.dash(line.k);
        const packed = packLines(lines);
        painter.paint(
          {
            width,
            height,
            dpr: canvasPixelRatio(),
            lines: packed.lines,
            labels,
            area,
            style: {
              width: style.width,
              fontSize: style.fontSize,
              fontFamily: style.fontFamily,
              background: style.background,
              colors: drawnColors,
              dashes,
            },
          },
          packed.transfer,
        );
      } else {
        const ctx = prepareCanvas(canvas, width, height);
        if (ctx !== null) paintChart(ctx, lines, labels, area, style);
      }
      const seq = frame?.seq ?? 0;
      canvas.drawing = {
        seq,
        area,
        lines,
        labels,
        lineWidth: style.width,
        fontSize: style.fontSize,
        colors: drawnColors,
      };
      // how many lines are on screen, for the browser tests to wait on
      const shown = String(lines.filter((line) => line.line.length >= 4).length);
      if (canvas.dataset.drawnLines !== shown) canvas.dataset.drawnLines = shown;
      // the series the chart shows (perf:ui times a slider press to the chart by it)
      if (figureRef.current !== null) figureRef.current.dataset.seriesSeq = String(seq);
    };
    const frames = frameRequest(draw);
    const request = frames.request;
    requestRef.current = request;

    const unsubscribe = lab.frames.subscribe((s, prev) => {
      if (s.series !== prev.series) request();
    });
    const resize =
      typeof ResizeObserver === 'function'
        ? new ResizeObserver((entries) => {
            const r = entries[entries.length - 1]?.contentRect;
            if (r === undefined) return;
            width = Math.round(r.width);
            height = Math.round(r.height);
            setBox((b) => (b.width === width && b.height === height ? b : { width, height }));
            request();
          })
        : null;
    resize?.observe(box);
    const unfade = fadeWhenFar(canvas, lab.frames);
    // the theme: the system's scheme, an embed's forced theme, presenter mode
    const root = typeof MutationObserver === 'function' ? new MutationObserver(refreshTheme) : null;
    root?.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'data-theme'] });
    const scheme = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
    scheme?.addEventListener('change', refreshTheme);
    const onVisibility = () => request();
    document.addEventListener('visibilitychange', onVisibility);
    request();
    return () => {
      requestRef.current = () => undefined;
      unsubscribe();
      resize?.disconnect();
      unfade();
      root?.disconnect();
      scheme?.removeEventListener('change', refreshTheme);
      document.removeEventListener('visibilitychange', onVisibility);
      frames.cancel();
    };
  }, [lab, p.durationMs, canvasGen]);

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const box = boxRef.current;
    const area = areaRef.current;
    const series = lab.frames.getState().series;
    if (box === null || area === null || series === null) return setHover(null);
    const r = box.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    if (px < area.x || px > area.x + area.width || py < area.y || py > area.y + area.height) {
      return setHover(null);
    }
    const t = ((px - area.x) / area.width) * Math.max(1, p.durationMs);
    const i = nearestSample(series.timeMs, t);
    if (i < 0) return setHover(null);
    const ti = series.timeMs[i] ?? 0;
    const x = timeToX(area, p.durationMs)(ti);
    const y = valueToY(area, axis);
    const sources = p.model.sources(series, skip);
    const rows = p.names.flatMap((name, k) => {
      const v = sources[k]?.hi[i];
      const value = p.model.value(series, k, i);
      return v === undefined || !Number.isFinite(v) || value === null ? [] : [{ k, name, value, y: y(v) }];
    });
    setHover({
      left: px,
      top: py,
      cursorX: x,
      plotTop: area.y,
      plotHeight: area.height,
      flip: px > area.x + area.width / 2,
      time: formatSecondsAxis(ti),
      rows,
    });
  };

  return (
    <figure
      ref={figureRef}
      className={p.big ? 'chart big' : 'chart'}
      aria-labelledby={`${id}-cap`}
      data-testid={p.testId}
      data-scale={axis.log ? 'log' : 'linear'}
    >
      <figcaption id={`${id}-cap`}>{p.title}</figcaption>
      {p.note}
      <div
        className="chart-box"
        role="img"
        aria-label={p.summary}
        ref={boxRef}
        onPointerMove={onPointerMove}
        onPointerLeave={() => setHover(null)}
      >
        <ChartAxes
          width={box.width}
          height={box.height}
          area={area}
          durationMs={p.durationMs}
          axis={axis}
          yFormat={p.yFormat}
          size={size}
          narrow={narrow}
          events={p.events}
        />
        <canvas key={canvasGen} ref={canvasRef} className="chart-lines" aria-hidden="true" />
        {hover === null ? null : <HoverCard hover={hover} slot={slot} />}
      </div>
    </figure>
  );
});

/** The values at the hovered sample: a cursor, a dot on each line, and a card with the numbers. */
function HoverCard({ hover, slot }: { hover: Hover; slot: (k: number) => number }) {
  return (
    <>
      <div
        className="chart-cursor"
        style={{ left: hover.cursorX, top: hover.plotTop, height: hover.plotHeight }}
      />
      {hover.rows.map((r) => (
        <div
          key={r.k}
          className="chart-dot"
          style={{ left: hover.cursorX, top: r.y, background: strategyColor(slot(r.k)) }}
        />
      ))}
      <div
        className={hover.flip ? 'chart-tooltip flip' : 'chart-tooltip'}
        style={{ left: hover.left, top: hover.top }}
        data-testid="chart-tooltip"
      >
        <div className="chart-tooltip-time">{hover.time}</div>
        {hover.rows.map((r) => (
          <div key={r.k} style={{ color: strategyColor(slot(r.k)) }}>
            {r.name}: {r.value}
          </div>
        ))}
      </div>
    </>
  );
}
