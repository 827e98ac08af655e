/**
 * Lessons as data: reading a lesson file (built-in or a teacher's), checking it with messages that
 * name the field, and filling its texts with the quantities the models compute when shown.
 */
import { z } from 'zod';
import { presets } from '../engine/presets.ts';
import { describeValue, parseScenario, type Scenario } from '../engine/scenario/index.ts';
import { lessonSchema, type Concealable, type LessonData, type LessonStepData } from './format.ts';
import { evaluate, formatValue, QuantityError, type QuantityContext, type Value } from './quantities.ts';
import block from './lessons/block.json';
import secondBlock from './lessons/second-block.json';
import strategies from './lessons/strategies.json';
import retained from './lessons/retained.json';
import perService from './lessons/per-service.json';
import hyper from './lessons/hyper.json';
import myths from './lessons/myths.json';
import spawn from './lessons/spawn.json';

export { QuantityError };

export interface LessonStep {
  readonly data: LessonStepData;
  /** the scenario the step loads, validated */
  readonly scenario: Scenario;
  /** the preset it is, when loaded unchanged from one (for the preset picker) */
  readonly preset: string | null;
  readonly conceal: readonly Concealable[];
}

export interface Lesson {
  readonly id: string;
  readonly data: LessonData;
  readonly steps: readonly LessonStep[];
  /** where it came from: "built-in", a file name or a link */
  readonly source: string;
}

export type LessonResult =
  | { readonly ok: true; readonly lesson: Lesson }
  | { readonly ok: false; readonly problems: readonly string[] };

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9_]*)(?::(n|raw))?\}/g;
/** A byte figure typed into a text: "1,024 B", "8 KiB", "512 bytes". */
const BYTE_FIGURE = /\d[\d,.]*\s*(?:B|KiB|MiB|GiB|KB|MB|GB|bytes?)\b/;

/** The byte figures typed into a text (placeholders excluded), which a lesson must compute instead. */
export function typedByteFigures(text: string): string[] {
  const bare = text.replace(PLACEHOLDER, '');
  return [...bare.matchAll(new RegExp(BYTE_FIGURE, 'g'))].map((m) => m[0]);
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || 'lesson';
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** zod's issues as one line each, naming the field and the value found. */
function zodProblems(input: unknown, error: z.ZodError): string[] {
  return error.issues.map((i) => {
    const at = pathOf(i.path);
    if (i.code === 'unrecognized_keys')
      return `${at}: unknown field ${i.keys.map((k) => `“${k}”`).join(', ')}`;
    if (i.code === 'invalid_union') {
      const m = valueAt(input, [...i.path, 'measure']);
      return `${at}.measure: expected one of the measures in lesson.schema.json, got ${describeValue(m)}`;
    }
    const given = valueAt(input, i.path);
    const msg = i.message.replace(/^Invalid (input|option): /, '').replace(/, received \w+$/, '');
    return given === undefined ? `${at}: missing (${msg})` : `${at}: ${msg}, got ${describeValue(given)}`;
  });
}

function mergeOverrides(base: Record<string, unknown>, o: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(o)) {
    const b = base[k];
    merged[k] =
      v !== null && typeof v === 'object' && !Array.isArray(v) && b !== null && typeof b === 'object'
        ? { ...b, ...v }
        : v;
  }
  return merged;
}

const DEFAULT_CONCEAL: readonly Concealable[] = ['create', 'readouts', 'preset'];

function textsOf(step: LessonStepData): [string, string][] {
  const out: [string, string][] = [
    ['title', step.title],
    ['text', step.text],
  ];
  if (step.question) {
    out.push(['question.prompt', step.question.prompt]);
    step.question.choices.forEach((c, i) => out.push([`question.choices.${i}`, c]));
    out.push(['question.answer.why', step.question.answer.why]);
  }
  if (step.reveal) out.push(['reveal.evidence', step.reveal.evidence]);
  if (step.verdict) {
    out.push(['verdict.checked', step.verdict.checked]);
    out.push(['verdict.on', step.verdict.on]);
    if (step.verdict.note !== undefined) out.push(['verdict.note', step.verdict.note]);
  }
  return out;
}

/**
 * Reads a lesson from parsed JSON. Checks the shape, the scenarios, that every placeholder names a
 * quantity and that no byte figure is typed. Quantities are computed later, when shown (see
 * `checkLessonFully` for a check that computes them all).
 */
export function parseLesson(input: unknown, source: string): LessonResult {
  const r = lessonSchema.safeParse(input);
  if (!r.success) return { ok: false, problems: zodProblems(input, r.error) };
  const data = r.data;
  const problems: string[] = [];
  const names = new Set(Object.keys(data.quantities));
  const steps: LessonStep[] = [];
  const mention = (at: string, t: string) => {
    for (const m of t.matchAll(PLACEHOLDER)) {
      const n = m[1] ?? '';
      if (!names.has(n))
        problems.push(
          `${at}: {${n}} names no quantity (the lesson defines ${[...names].join(', ') || 'none'})`,
        );
    }
    for (const f of typedByteFigures(t))
      problems.push(`${at}: “${f}” is typed; put it in a quantity so the models compute it`);
  };
  mention('title', data.title);
  mention('summary', data.summary);
  for (const [name, q] of Object.entries(data.quantities)) {
    if ('of' in q)
      for (const o of q.of)
        if (!names.has(o)) problems.push(`quantities.${name}.of: no quantity called “${o}”`);
  }
  data.steps.forEach((step, i) => {
    const at = `steps.${i}`;
    if ((step.preset === undefined) === (step.scenario === undefined)) {
      problems.push(`${at}: give either “preset” or “scenario”`);
      return;
    }
    const base = step.preset !== undefined ? presets[step.preset].scenario : (step.scenario ?? {});
    const input = mergeOverrides(base as Record<string, unknown>, step.overrides ?? {});
    const parsed = parseScenario(input);
    if (!parsed.ok) {
      const where = step.overrides !== undefined ? `${at}.overrides` : `${at}.scenario`;
      for (const e of parsed.errors) problems.push(`${where}: ${e}`);
      return;
    }
    const scenario = parsed.scenario;
    if (step.strategy >= scenario.strategies.length)
      problems.push(
        `${at}.strategy: the scenario has ${scenario.strategies.length} strategies, got ${step.strategy}`,
      );
    const end = scenario.durationSeconds * 1000;
    if (step.timeMs > end) problems.push(`${at}.timeMs: the scenario lasts ${end} ms, got ${step.timeMs}`);
    if (step.reveal?.timeMs !== undefined && step.reveal.timeMs > end)
      problems.push(`${at}.reveal.timeMs: the scenario lasts ${end} ms, got ${step.reveal.timeMs}`);
    for (const [field, t] of textsOf(step)) mention(`${at}.${field}`, t);
    const q = step.question;
    if (q) {
      if (!names.has(q.answer.quantity))
        problems.push(`${at}.question.answer.quantity: no quantity called “${q.answer.quantity}”`);
      for (const [k, m] of (q.answer.map ?? []).entries())
        if (m.choice >= q.choices.length)
          problems.push(
            `${at}.question.answer.map.${k}.choice: there are ${q.choices.length} choices, got ${m.choice}`,
          );
    }
    const unchanged = step.preset !== undefined && step.overrides === undefined;
    steps.push({
      data: step,
      scenario,
      preset: unchanged ? (step.preset ?? null) : null,
      conceal: step.conceal ?? (q ? DEFAULT_CONCEAL : []),
    });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, lesson: { id: data.id, data, steps, source } };
}

/** Reads a lesson file's text (JSON). */
export function parseLessonText(text: string, source: string): LessonResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [`not JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  return parseLesson(json, source);
}

const cache = new WeakMap<Lesson, Map<string, Value>>();

/** A quantity of the lesson as seen from step `stepIndex` (0-based). */
export function quantityValue(lesson: Lesson, name: string, stepIndex = 0): Value {
  let values = cache.get(lesson);
  if (values === undefined) {
    values = new Map();
    cache.set(lesson, values);
  }
  const key = `${name}@${stepIndex}`;
  const known = values.get(key);
  if (known !== undefined) return known;
  const q = lesson.data.quantities[name];
  if (q === undefined) throw new QuantityError(`there is no quantity called “${name}”`);
  const ctx: QuantityContext = {
    quantities: lesson.data.quantities,
    step: stepIndex + 1,
    scenarioOf: (n) => {
      const s = lesson.steps[n - 1];
      if (s === undefined) throw new QuantityError(`there is no step ${n}`);
      return s.scenario;
    },
    timeOf: (n) => {
      const s = lesson.steps[n - 1];
      if (s === undefined) throw new QuantityError(`there is no step ${n}`);
      return { open: s.data.timeMs, reveal: s.data.reveal?.timeMs ?? s.data.timeMs };
    },
  };
  const v = evaluate(q, ctx);
  values.set(key, v);
  return v;
}

/** A text with its placeholders filled in, as shown on step `stepIndex`. */
export function fill(lesson: Lesson, text: string, stepIndex = 0): string {
  return text.replace(PLACEHOLDER, (_m, name: string, style?: string) => {
    const v = quantityValue(lesson, name, stepIndex);
    return style === 'raw' && v.kind === 'number' ? String(v.value) : formatValue(v, style === 'n');
  });
}

export interface Answer {
  /** the revealed value, as the right choice shows it */
  readonly value: string;
  /** index of the right choice */
  readonly choice: number;
  readonly why: string;
  readonly evidence: string | null;
}

function matches(v: Value, when: string): boolean {
  if (when === '*') return true;
  const rest = when.slice(1);
  if (when.startsWith('=')) return v.kind === 'text' ? v.value === rest : v.value === Number(rest);
  if (v.kind !== 'number') return false;
  return when.startsWith('>') ? v.value > Number(rest) : v.value < Number(rest);
}

/** The answer of step `stepIndex`, computed now; throws a QuantityError when it cannot be. */
export function answerOf(lesson: Lesson, stepIndex: number): Answer | null {
  const step = lesson.steps[stepIndex]?.data;
  const q = step?.question;
  if (step === undefined || q === undefined) return null;
  const v = quantityValue(lesson, q.answer.quantity, stepIndex);
  const choices = q.choices.map((c) => fill(lesson, c, stepIndex));
  let choice: number;
  if (q.answer.map !== undefined) {
    choice = q.answer.map.find((m) => matches(v, m.when))?.choice ?? -1;
    if (choice < 0) throw new QuantityError(`the answer map has no entry for ${formatValue(v)}`);
  } else {
    const shown = formatValue(v);
    const at = choices.flatMap((c, i) => (c === shown ? [i] : []));
    if (at.length !== 1)
      throw new QuantityError(
        at.length === 0
          ? `the answer, ${shown}, is none of the choices (${choices.join(' | ')})`
          : `the answer, ${shown}, is more than one choice`,
      );
    choice = at[0] ?? 0;
  }
  return {
    value: choices[choice] ?? '',
    choice,
    why: fill(lesson, q.answer.why, stepIndex),
    evidence: step.reveal === undefined ? null : fill(lesson, step.reveal.evidence, stepIndex),
  };
}

/**
 * Everything `parseLesson` checks, plus computing every text and answer: what `npm run lesson:check`
 * and the tests run. Problems name the field.
 */
export function checkLessonFully(input: unknown, source: string): LessonResult {
  const r = parseLesson(input, source);
  if (!r.ok) return r;
  const lesson = r.lesson;
  const problems: string[] = [];
  const attempt = (at: string, f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (e instanceof QuantityError) problems.push(`${at}: ${e.message}`);
      else throw e;
    }
  };
  attempt('title', () => fill(lesson, lesson.data.title));
  attempt('summary', () => fill(lesson, lesson.data.summary));
  lesson.steps.forEach((s, i) => {
    for (const [field, t] of textsOf(s.data)) attempt(`steps.${i}.${field}`, () => fill(lesson, t, i));
    if (s.data.question) attempt(`steps.${i}.question.answer`, () => answerOf(lesson, i));
  });
  return problems.length > 0 ? { ok: false, problems } : r;
}

function builtIn(json: unknown): Lesson {
  const r = parseLesson(json, 'built-in');
  if (!r.ok) throw new Error(`built-in lesson: ${r.problems.join('; ')}`);
  return r.lesson;
}

/** The workshop's own lessons, in teaching order. */
export const builtInLessons: readonly Lesson[] = [
  block,
  secondBlock,
  strategies,
  spawn,
  retained,
  perService,
  hyper,
  myths,
].map(builtIn);
