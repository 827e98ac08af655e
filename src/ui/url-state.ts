/**
 * The whole view in the URL: every scenario parameter (through the engine's own encoding), the
 * simulated time, and the view state (which strategy is focused, the second chart's metric, the
 * speed, presenter mode, a lesson step, embed options). A copied link reproduces the exact view.
 *
 * Decoding never fails and never trusts the URL: scenario keys go through the engine's
 * `scenarioFromSearchParams`, which replaces bad values by defaults with a notice; the app's own keys
 * are read here with zod rules (`RULES`, the engine's query-value.ts), with notices in the same form. Values from the URL
 * are only ever used as data (numbers, names from a fixed list); no URL text is inserted as markup.
 */
import { z } from 'zod';
import {
  describeValue,
  queryFlag,
  queryInteger,
  queryList,
  queryNumber,
  readQueryValue,
  scenarioFromSearchParams,
  scenarioToSearchParams,
  type QueryRule,
  type Scenario,
  type UrlNotice,
} from '../engine/scenario/index.ts';
import { isPresetName, presets, type PresetName } from '../engine/presets.ts';
import { decodeSweep, DEFAULT_SWEEP, encodeSweep, type SweepSpec } from './sweep/sweep-spec.ts';
import {
  CALC_KEYS,
  decodeCalculator,
  encodeCalculator,
  type CalculatorInputs,
} from './calculator/calc-spec.ts';

export type { UrlNotice };

/** The second chart's metrics, in the order the app offers them. */
export const URL_METRICS = ['depth', 'waitingSenders', 'rejected', 'timedOut', 'p99LatencyMs'] as const;
export type UrlMetric = (typeof URL_METRICS)[number];

/** What an embed shows: one figure. (A new view is added here and in `embed/figures.tsx`.) */
export const EMBED_VIEWS = [
  'heap',
  'metric',
  'anatomy',
  'backpressure',
  'retained',
  'readouts',
  'calculator',
  'sweep',
] as const;
export type EmbedView = (typeof EMBED_VIEWS)[number];

export const EMBED_VIEW_LABELS: Readonly<Record<EmbedView, string>> = {
  heap: 'Heap chart (strategies compared)',
  metric: 'Second chart (queue depth, waiting senders, …)',
  anatomy: 'Channel anatomy',
  backpressure: 'Senders and backpressure',
  retained: 'Retained messages',
  readouts: 'Exact figures (table)',
  calculator: 'Calculator (table of every crate)',
  sweep: 'Capacity planning (a sweep over one parameter)',
};

/** A caption longer than this is cut: it is a line under a figure, not an article. */
export const MAX_CAPTION = 300;

export const EMBED_THEMES = ['auto', 'light', 'dark'] as const;
export type EmbedTheme = (typeof EMBED_THEMES)[number];

export interface EmbedOptions {
  readonly view: EmbedView;
  /** auto: follow the reader's system; light or dark: match the page around the embed */
  readonly theme: EmbedTheme;
  /** start playing when scrolled into view (never under prefers-reduced-motion) */
  readonly autoplay: boolean;
  /** show the small Play/Pause/Reset bar */
  readonly controls: boolean;
  /** show the figure's title (`title=0` hides it: the post has its own heading) */
  readonly title: boolean;
  /** plain text under the figure; '' for none. Always shown as text, never as markup. */
  readonly caption: string;
  /** charts on a logarithmic y axis */
  readonly log: boolean;
  /** indices of the strategies to show, ascending; null for all of them */
  readonly strategies: readonly number[] | null;
}

export const DEFAULT_EMBED: EmbedOptions = {
  view: 'heap',
  theme: 'auto',
  autoplay: false,
  controls: true,
  title: true,
  caption: '',
  log: false,
  strategies: null,
};

export interface ViewState {
  /** index of the strategy whose channel the anatomy view shows */
  readonly focus: number;
  readonly metric: UrlMetric;
  /** simulated seconds per wall second */
  readonly speed: number;
  readonly present: boolean;
  readonly lesson: { readonly id: string; readonly step: number } | null;
  /** a lesson that is not built in: a same-origin file, or a short lesson carried by the link */
  readonly lessonSource?: LessonSource | null;
}

export type LessonSource =
  { readonly kind: 'file'; readonly path: string } | { readonly kind: 'inline'; readonly json: string };

/** A lesson carried inside a link stays short (links over a few KB break in mail and chat). */
export const MAX_INLINE_LESSON = 8000;

export const DEFAULT_VIEW: ViewState = { focus: 0, metric: 'depth', speed: 1, present: false, lesson: null };

export interface LabUrlState {
  readonly scenario: Scenario;
  /** the preset the scenario is (unchanged), for the preset picker; null for a custom scenario */
  readonly preset: PresetName | null;
  /** simulated milliseconds to show; 0 is the start */
  readonly timeMs: number;
  readonly view: ViewState;
  /** non-null when the page is an embed (`?embed=1`) */
  readonly embed: EmbedOptions | null;
  /** the capacity-planning sweep on show (`sweep=…`), or null */
  readonly sweep?: SweepSpec | null;
  /** the calculator's inputs while it is open (`calc=…`), or null */
  readonly calculator?: CalculatorInputs | null;
}

/** `?workshop=1`: the workshop page (lessons and handouts) instead of the lab; `handout=ID`: one handout. */
export interface WorkshopPage {
  readonly handout: string | null;
}

/** The app's own keys; everything else is a scenario key for the engine to judge. */
const APP_KEYS = [
  't',
  'preset',
  'focus',
  'metric',
  'speed',
  'present',
  'lesson',
  'step',
  'lessonFile',
  'lessonJson',
  'workshop',
  'handout',
  'embed',
  'view',
  'autoplay',
  'controls',
  'theme',
  'title',
  'caption',
  'log',
  'strategies',
  'sweep',
  'smetric',
  ...CALC_KEYS,
] as const;
type AppKey = (typeof APP_KEYS)[number];
const isAppKey = (k: string): k is AppKey => (APP_KEYS as readonly string[]).includes(k);

const MAX_SPEED = 10_000;
const MIN_SPEED = 0.001;
/** Strategies a scenario can have (the schema's maximum). */
const MAX_STRATEGIES = 8;

/** Lesson and handout ids: lower-case words joined by hyphens. */
const ID = z.string().regex(/^[a-z][a-z0-9-]{0,40}$/);

/** A choice from a fixed list, the first being the default. */
function choice<T extends string>(list: readonly [T, ...T[]], fallback: T): QueryRule<T> {
  return { schema: z.enum(list), expected: `one of ${list.join(', ')}`, fallback };
}

/** What the app's own keys accept, where it does not depend on the scenario (`t`, `focus` and `strategies` do). */
const RULES = {
  metric: choice(URL_METRICS, DEFAULT_VIEW.metric),
  speed: {
    schema: queryNumber(z.number().min(MIN_SPEED).max(MAX_SPEED)),
    expected: `a speed from ${MIN_SPEED} to ${MAX_SPEED}`,
    fallback: DEFAULT_VIEW.speed,
  },
  lesson: {
    schema: ID,
    expected: 'the id of a lesson',
    fallback: null,
    used: 'no lesson',
  },
  step: { schema: queryInteger(1, 100), expected: 'a step number from 1', fallback: 1 },
  lessonFile: {
    // a relative path on this site: no scheme, no protocol-relative "//host"
    schema: z.string().regex(/^(?![a-z][a-z0-9+.-]*:|\/\/)[\w./-]{1,200}\.json$/i),
    expected: 'the path of a .json lesson file on this site',
    fallback: null,
    used: 'no lesson file',
  },
  view: choice(EMBED_VIEWS, DEFAULT_EMBED.view),
  theme: choice(EMBED_THEMES, DEFAULT_EMBED.theme),
} satisfies Partial<Record<AppKey, QueryRule<unknown, unknown>>>;

/** The preset a scenario is, unchanged, or null. */
export function presetOf(s: Scenario): PresetName | null {
  if (!isPresetName(s.name)) return null;
  // the query encoding is canonical (schema order, defaults left out; the URL tests round-trip every
  // preset through it), so equal encodings are equal scenarios: no deep-equality helper of our own
  return scenarioToSearchParams(presets[s.name].scenario) === scenarioToSearchParams(s) ? s.name : null;
}

const notice = (field: string, expected: string, raw: string, used: string): UrlNotice => ({
  field,
  message: `${field}: expected ${expected}, got ${describeValue(raw)}; using ${used}`,
});

/**
 * Reads a location's query (`?…`, with or without the `?`). A `preset=NAME` key starts from that
 * preset; scenario keys then change it. Every value that cannot be used gives a notice.
 */
export function decodeLabUrl(search: string): LabUrlState & {
  readonly notices: readonly UrlNotice[];
  /** whether the URL names a scenario at all (a preset or scenario keys); if not, the app picks one */
  readonly hasScenario: boolean;
  readonly lessonSource: LessonSource | null;
  readonly workshop: WorkshopPage | null;
} {
  const notices: UrlNotice[] = [];
  const own = new Map<AppKey, string>();
  const scenarioPairs: [string, string][] = [];
  for (const [k, v] of new URLSearchParams(search)) {
    if (isAppKey(k)) own.set(k, v.trim());
    else scenarioPairs.push([k, v]);
  }

  let base: PresetName | null = null;
  let badPreset: string | null = null;
  const presetRaw = own.get('preset');
  if (presetRaw !== undefined) {
    if (isPresetName(presetRaw)) base = presetRaw;
    else badPreset = presetRaw;
  }
  // The preset's own keys first; keys from the URL come later and win.
  const query = new URLSearchParams(base === null ? '' : scenarioToSearchParams(presets[base].scenario));
  for (const [k, v] of scenarioPairs) query.append(k, v);
  const decoded = scenarioFromSearchParams(query);
  // a link whose only other keys are unknown (a typo such as `presenter=1`) keeps the default preset
  const hasScenario = base !== null || scenarioPairs.some(([k]) => !decoded.unknownKeys.includes(k));
  if (badPreset !== null) {
    const used = hasScenario ? 'the default scenario' : 'the default preset';
    notices.push(notice('preset', 'the name of a preset', badPreset, used));
  }
  notices.push(...decoded.notices);
  const scenario = decoded.scenario;

  const read = <T, F = T>(key: AppKey, rule: QueryRule<T, F>): T | F =>
    readQueryValue(notices, key, own.get(key), rule);

  // a time past the end of the run is clamped to the end, with the same notice
  const durationMs = scenario.durationSeconds * 1000;
  const timeRule = {
    schema: queryNumber(z.number().min(0)),
    expected: `a simulated time in milliseconds from 0 to ${durationMs}`,
    fallback: 0,
  };
  let timeMs = read('t', timeRule);
  if (timeMs > durationMs) {
    notices.push(notice('t', timeRule.expected, own.get('t') ?? '', `${durationMs}`));
    timeMs = durationMs;
  }
  const last = Math.min(MAX_STRATEGIES, scenario.strategies.length) - 1;
  const focus = read('focus', {
    schema: queryInteger(0, last),
    expected: `a strategy number from 0 to ${last}`,
    fallback: DEFAULT_VIEW.focus,
  });
  const metric = read('metric', RULES.metric);
  const speed = read('speed', RULES.speed);
  const flag = (key: AppKey, dflt: boolean): boolean =>
    read(key, { schema: queryFlag, expected: '1 or 0', fallback: dflt, used: dflt ? '1' : '0' });
  const present = flag('present', false);
  const isEmbed = flag('embed', false);

  const lessonId = read('lesson', RULES.lesson);
  const lesson: ViewState['lesson'] =
    lessonId === null ? null : { id: lessonId, step: read('step', RULES.step) };
  if (!own.has('lesson') && own.has('step')) {
    notices.push({ field: 'step', message: 'step: only means something with lesson=…, ignored' });
  }

  let lessonSource: LessonSource | null = null;
  const file = own.get('lessonFile');
  const inline = own.get('lessonJson');
  if (file !== undefined && inline !== undefined) {
    notices.push({
      field: 'lessonJson',
      message: 'lessonJson: give lessonFile or lessonJson, not both; using lessonFile',
    });
  }
  if (file !== undefined) {
    const path = read('lessonFile', RULES.lessonFile);
    if (path !== null) lessonSource = { kind: 'file', path };
  } else if (inline !== undefined) {
    if (inline.length <= MAX_INLINE_LESSON) lessonSource = { kind: 'inline', json: inline };
    else
      notices.push({
        field: 'lessonJson',
        message: `lessonJson: a lesson in a link is at most ${MAX_INLINE_LESSON} characters, got ${inline.length}; put it in a file (lessonFile=…)`,
      });
  }
  const workshopPage: WorkshopPage | null = flag('workshop', false)
    ? {
        // an unknown handout shows the workshop page itself: no notice needed
        handout: ID.safeParse(own.get('handout')).data ?? null,
      }
    : null;

  let embed: EmbedOptions | null = null;
  if (isEmbed) {
    embed = {
      view: read('view', RULES.view),
      theme: read('theme', RULES.theme),
      autoplay: flag('autoplay', DEFAULT_EMBED.autoplay),
      controls: flag('controls', DEFAULT_EMBED.controls),
      title: flag('title', DEFAULT_EMBED.title),
      caption: captionOf(own.get('caption'), notices),
      log: flag('log', DEFAULT_EMBED.log),
      strategies: strategiesOf(read, scenario.strategies.length),
    };
  } else {
    for (const key of EMBED_ONLY_KEYS) {
      if (own.has(key)) notices.push({ field: key, message: `${key}: only used with embed=1, ignored` });
    }
  }

  const sweep = decodeSweep(own.get('sweep'), own.get('smetric'), notices);
  if (embed?.view === 'sweep' && sweep === null) {
    notices.push({
      field: 'view',
      message: 'view: sweep needs sweep=PARAM:FROM:TO:STEPS; using the default sweep',
    });
  }
  const calculator = decodeCalculator((k) => own.get(k), notices);
  return {
    scenario,
    preset: presetOf(scenario),
    sweep: sweep ?? (embed?.view === 'sweep' ? DEFAULT_SWEEP : null),
    calculator,
    timeMs,
    view: { focus, metric, speed, present, lesson, ...(lessonSource === null ? {} : { lessonSource }) },
    embed,
    notices,
    hasScenario,
    lessonSource,
    workshop: workshopPage,
  };
}

const EMBED_ONLY_KEYS = [
  'view',
  'theme',
  'autoplay',
  'controls',
  'title',
  'caption',
  'log',
  'strategies',
] as const;

/** The caption as plain text: control characters become spaces, at most MAX_CAPTION characters. */
function captionOf(raw: string | undefined, notices: UrlNotice[]): string {
  if (raw === undefined) return '';
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const text = raw.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (text.length <= MAX_CAPTION) return text;
  notices.push({ field: 'caption', message: `caption: longer than ${MAX_CAPTION} characters, cut` });
  return text.slice(0, MAX_CAPTION);
}

/** `strategies=0,2`: which strategies an embed shows, by index; null (all) when absent or unusable. */
function strategiesOf(
  read: (key: 'strategies', rule: QueryRule<number[], null>) => number[] | null,
  count: number,
): number[] | null {
  const chosen = read('strategies', {
    schema: queryList(queryInteger(0, count - 1)),
    expected: `strategy numbers from 0 to ${count - 1}, separated by commas`,
    fallback: null,
    used: 'all of them',
  });
  if (chosen === null) return null;
  const list = [...new Set(chosen)].sort((a, b) => a - b);
  // every strategy chosen is the same as none chosen: the link stays short
  return list.length === count ? null : list;
}

/** Simulated milliseconds as the URL writes them: whole microseconds, no float noise. */
function formatTime(ms: number): string {
  return String(Math.round(ms * 1000) / 1000);
}

/**
 * The query (without `?`) for a view: scenario keys as the engine encodes them (defaults omitted),
 * then the time and the view state where they differ from the defaults.
 */
export function encodeLabUrl(state: {
  readonly scenario: Scenario;
  readonly timeMs: number;
  readonly view?: Partial<ViewState>;
  readonly embed?: EmbedOptions | null;
  readonly sweep?: SweepSpec | null;
  readonly calculator?: CalculatorInputs | null;
}): string {
  const parts: string[] = [];
  const q = scenarioToSearchParams(state.scenario);
  if (q !== '') parts.push(q);
  const add = (k: string, v: string) => parts.push(`${k}=${encodeURIComponent(v)}`);
  if (state.timeMs > 0) add('t', formatTime(state.timeMs));
  const v = state.view ?? {};
  if (v.focus !== undefined && v.focus !== DEFAULT_VIEW.focus) add('focus', String(v.focus));
  if (v.metric !== undefined && v.metric !== DEFAULT_VIEW.metric) add('metric', v.metric);
  if (v.speed !== undefined && v.speed !== DEFAULT_VIEW.speed) add('speed', String(v.speed));
  if (v.present === true) add('present', '1');
  if (v.lesson) {
    add('lesson', v.lesson.id);
    add('step', String(v.lesson.step));
  }
  if (state.sweep) {
    const sw = encodeSweep(state.sweep);
    add('sweep', sw.sweep);
    if (sw.smetric !== null) add('smetric', sw.smetric);
  }
  if (state.calculator) for (const [k, value] of encodeCalculator(state.calculator)) add(k, value);
  if (v.lesson && v.lessonSource) {
    if (v.lessonSource.kind === 'file') add('lessonFile', v.lessonSource.path);
    else add('lessonJson', v.lessonSource.json);
  }
  const e = state.embed;
  if (e) {
    add('embed', '1');
    add('view', e.view);
    // always named: a snippet must not depend on what the reader's system prefers
    add('theme', e.theme);
    if (e.autoplay !== DEFAULT_EMBED.autoplay) add('autoplay', e.autoplay ? '1' : '0');
    if (e.controls !== DEFAULT_EMBED.controls) add('controls', e.controls ? '1' : '0');
    if (e.title !== DEFAULT_EMBED.title) add('title', e.title ? '1' : '0');
    if (e.log) add('log', '1');
    if (e.strategies !== null) add('strategies', e.strategies.join(','));
    if (e.caption !== '') add('caption', e.caption);
  }
  return parts.join('&');
}

/** An absolute link to the app (same path as `location`) showing this state. */
export function labLink(
  location: { readonly origin: string; readonly pathname: string },
  state: Parameters<typeof encodeLabUrl>[0],
): string {
  const q = encodeLabUrl(state);
  return `${location.origin}${location.pathname}${q === '' ? '' : `?${q}`}`;
}
