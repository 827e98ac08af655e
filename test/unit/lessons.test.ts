// Lessons as data: every built-in lesson is a valid lesson file, its answers are what the crate rules
// give (worked out here by hand from channel-memory-spec.md), no figure is typed, a malformed file is
// refused with messages naming the field, and the committed JSON Schema is the generated one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lessonJsonSchema } from '../../src/content/format.ts';
import {
  answerOf,
  builtInLessons,
  checkLessonFully,
  fill,
  parseLesson,
  parseLessonText,
  typedByteFigures,
} from '../../src/content/lessons.ts';

const byId = (id: string) => {
  const l = builtInLessons.find((x) => x.id === id);
  if (l === undefined) throw new Error(id);
  return l;
};
const answer = (id: string, step: number) => answerOf(byId(id), step)?.value;

/** Every text of a lesson, as written in its file (placeholders unresolved). */
function texts(id: string): string[] {
  const d = byId(id).data;
  return [
    d.title,
    d.summary,
    ...d.steps.flatMap((s) => [
      s.title,
      s.text,
      ...(s.question ? [s.question.prompt, ...s.question.choices, s.question.answer.why] : []),
      ...(s.reveal ? [s.reveal.evidence] : []),
      ...(s.verdict ? [s.verdict.checked, s.verdict.on, s.verdict.note ?? ''] : []),
    ]),
  ];
}

describe('built-in lessons', () => {
  it('cover the topics a workshop needs, in order', () => {
    expect(builtInLessons.map((l) => l.id)).toEqual([
      'block',
      'second-block',
      'strategies',
      'spawn',
      'retained',
      'per-service',
      'hyper',
      'myths',
    ]);
  });

  it.each(builtInLessons.map((l) => [l.id, l] as const))(
    '%s: passes the full check (every figure computes, every answer is exactly one choice)',
    (_id, l) => {
      const r = checkLessonFully(l.data, 'built-in');
      expect(r.ok ? [] : r.problems).toEqual([]);
    },
  );

  it('type no byte figure and no other number: every figure is a placeholder', () => {
    for (const l of builtInLessons) {
      for (const t of texts(l.id)) {
        expect(typedByteFigures(t), `${l.id}: ${t}`).toEqual([]);
        // what may keep digits: identifiers (u64), issue numbers (#4031), versions (1.85), HTTP/1, years
        const rest = t
          .replace(/\{[a-zA-Z]\w*(:\w+)?\}/g, '')
          .replace(/[A-Za-z_]\w*\d\w*/g, '')
          .replace(/#\d+/g, '')
          .replace(/\b\d+\.\d+(\.\d+)?\b/g, '')
          .replace(/\bHTTP\/\d\b|\b20\d\d\b/g, '');
        expect(rest, `${l.id}: ${t}`).not.toMatch(/\d/);
      }
    }
  });

  it('reveal the numbers the crate rules give', () => {
    // tokio: Arc<Chan> 512 B + a block of 32 slots (32 B of headers + 32 × T)
    expect(answer('block', 0)).toBe(`${(512 + 32 + 32 * 1024).toLocaleString('en-US')} B`);
    expect(answer('block', 1)).toBe('33,312 B');
    // ping-pong: the channel's Arc and first block, then one more block at message 33, reused after
    expect(answer('second-block', 0)).toBe('3');
    // after a drain tokio keeps the current block and at most three spares
    expect(answer('second-block', 1)).toBe('4');
    expect(answer('per-service', 0)).toBe(`${(512 + 32 + 32 * 40).toLocaleString('en-US')} B`);
    // futures-channel unbounded: 72 B inner + a 56 B stub node, × 5,000 services
    expect(answer('per-service', 1)).toBe(`${((72 + 56) * 5000).toLocaleString('en-US')} B`);
    expect(answer('hyper', 0)).toBe(`${(512 + 32 + 32 * 250).toLocaleString('en-US')} B`);
    expect(answer('myths', 0)).toBe('0');
    expect(answer('myths', 1)).toBe('it panics');
    expect(answer('strategies', 0)).toBe('tokio unbounded');
    expect(answer('strategies', 1)).toBe("in the parked senders' tasks");
    expect(answer('retained', 0)).toBe('kept until the loop receives them');
    // a task per send: bounded(128) keeps every excess send as a 384 B task cell and its 96 B token
    expect(answer('spawn', 0)).toBe('tokio bounded(128)');
    // one long-lived task per producer: at most the 100 producers wait, each in its own send().await
    expect(answer('spawn', 1)).toBe('at most one per producer');
  });

  it('fill titles with the models’ figures', () => {
    expect(fill(byId('block'), byId('block').data.title)).toBe('The 32-slot block');
    expect(fill(byId('per-service'), byId('per-service').data.title)).toBe('5,000 per-service channels');
  });

  it('the Rust 1.85 claim: its trigger, the version checked, unsupported (not false), the real leak sourced', () => {
    const lessonStep = byId('myths').steps[2]!;
    const step = lessonStep.data;
    const v = step.verdict!;
    expect(v.verdict).toBe('unsupported');
    expect(v.on).toMatch(/Rust 1\.95/);
    expect(v.on).toMatch(/no Rust 1\.85 measurement/);
    expect(`${step.text} ${v.claim}`).toMatch(/receiver/);
    expect(step.text).toMatch(/sync_channel/);
    expect(lessonStep.scenario.strategies[0]?.impl).toBe('std-sync');
    expect(lessonStep.scenario.strategies[0]?.capacity).toBe(0);
    const note = fill(byId('myths'), v.note ?? '', 2);
    // the real leak: one 8 + 31 × 16 = 504 B list block, once per channel, fixed in 1.78
    expect(note).toContain(`${8 + 31 * 16} B`);
    expect(note).toMatch(/1\.78/);
    expect(v.sources?.map((s) => s.url)).toEqual(
      expect.arrayContaining([
        'https://github.com/rust-lang/rust/issues/121582',
        'https://github.com/rust-lang/rust/pull/121646',
      ]),
    );
    expect(answer('myths', 2)).toBe('nothing: send fails and hands the message back');
  });

  it('each step sets the stage it talks about', () => {
    const [s1, s2] = byId('strategies').steps;
    expect(s2?.scenario.producers.count).toBe(2000);
    expect(s2?.data.strategy).toBe(1);
    expect(s2?.scenario.strategies[1]?.kind).toBe('bounded');
    expect(s2?.data.view).toBe('backpressure');
    expect(s2?.data.reveal?.play).toBe(true);
    expect(s1?.data.reveal?.timeMs).toBe(10_000);
    // a changed preset is not shown as the preset (its text would describe other parameters)
    expect(s2?.preset).toBeNull();
    expect(s1?.preset).toBe('game-server');
    const m = byId('myths').steps[0]!;
    expect(m.scenario.strategies[m.data.strategy]?.capacity).toBe(100);
  });
});

describe('lesson files', () => {
  it('a file written from the schema alone loads and its answer computes', () => {
    const text = readFileSync('public/lessons/example.json', 'utf8');
    const r = parseLessonText(text, 'teacher-lesson.json');
    expect(r.ok ? [] : r.problems).toEqual([]);
    if (!r.ok) return;
    expect(checkLessonFully(r.lesson.data, 'x').ok).toBe(true);
    const a = answerOf(r.lesson, 0);
    expect(a?.value).toBe(`${(512 + 32 + 32 * 8).toLocaleString('en-US')} B`);
  });

  it('a malformed file gets one message per problem, naming the field', () => {
    const bad = {
      format: 'channel-lab/lesson@1',
      id: 'Bad Id',
      title: 'A lesson',
      summary: 'x',
      minutes: 5,
      quantities: { q: { measure: 'create', impl: 'tokio-nope', message: { type: 'u64' } } },
      steps: [{ title: 't', text: 'costs 1,024 B', view: 'heap', preset: 'game-server', colour: 1 }],
    };
    const r = parseLesson(bad, 'bad.json');
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems;
    expect(problems.some((p) => p.startsWith('id:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('quantities.q'))).toBe(true);
    expect(problems.some((p) => p.startsWith('steps.0') && p.includes('colour'))).toBe(true);
  });

  it('semantic problems name the field too: unknown placeholders, typed figures, bad answers', () => {
    const lesson = {
      format: 'channel-lab/lesson@1',
      id: 'semantic',
      title: 'A lesson',
      summary: 'x',
      minutes: 5,
      quantities: { c: { measure: 'create', impl: 'tokio-unbounded', message: { type: 'u64' } } },
      steps: [
        {
          title: 'Costs {nope}',
          text: 'It costs 1,024 B.',
          view: 'create',
          preset: 'ping-pong',
          strategy: 5,
          question: { prompt: 'p', choices: ['a', 'b'], answer: { quantity: 'c', why: 'w' } },
        },
      ],
    };
    const r = parseLesson(lesson, 'x');
    const problems = r.ok ? [] : r.problems;
    expect(problems).toContain('steps.0.title: {nope} names no quantity (the lesson defines c)');
    expect(problems).toContain(
      'steps.0.text: “1,024 B” is typed; put it in a quantity so the models compute it',
    );
    expect(problems).toContain('steps.0.strategy: the scenario has 3 strategies, got 5');
    // shape right, but the answer is none of the choices: found when computed
    const ok = { ...lesson, steps: [{ ...lesson.steps[0], title: 't', text: 't', strategy: 0 }] };
    const full = checkLessonFully(ok, 'x');
    expect(full.ok ? [] : full.problems).toEqual([
      'steps.0.question.answer: the answer, 800 B, is none of the choices (a | b)',
    ]);
  });

  it('not JSON at all: says so', () => {
    const r = parseLessonText('{"format": ', 'x');
    expect(r.ok ? '' : r.problems[0]).toMatch(/^not JSON: /);
  });

  it('public/lesson.schema.json is the schema generated from the zod format (npm run lesson:schema)', () => {
    const committed = JSON.parse(readFileSync('public/lesson.schema.json', 'utf8')) as unknown;
    expect(committed).toEqual(lessonJsonSchema());
  });
});
