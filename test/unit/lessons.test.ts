import { describe, expect, it } from 'vitest';
import { lessons, lessonStepScenario } from '../../src/engine/lessons.ts';

const steps = lessons.flatMap((l) => l.steps.map((s) => [l.id, s.title, s] as const));

describe('lessons', () => {
  it('cover the topics a workshop needs', () => {
    expect(lessons.map((l) => l.id)).toEqual([
      'block',
      'second-block',
      'strategies',
      'retained',
      'per-service',
      'hyper',
      'myths',
    ]);
  });
  it.each(steps)('%s / %s: loads a valid scenario and its answer is one of the choices', (_id, _t, step) => {
    expect(() => lessonStepScenario(step)).not.toThrow();
    if (step.question) {
      const a = step.question.answer();
      expect(step.question.choices).toContain(a.value);
      expect(a.why.length).toBeGreaterThan(10);
    }
  });
  it('reveals the numbers the crates give', () => {
    const answer = (title: string) => steps.find(([, t]) => t === title)?.[2].question?.answer().value;
    expect(answer('One block, whatever the capacity')).toBe('33,312 B');
    expect(answer('Capacity 1024 costs the same at first')).toBe('33,312 B');
    expect(answer('The bump at message 33')).toBe('3');
    expect(answer('What a burst leaves behind')).toBe('4');
    expect(answer('One idle channel per service')).toBe('1,824 B');
    expect(answer('Buffers and a dispatch channel')).toBe('8,544 B');
    expect(answer('"tokio wraps each message in an Arc"')).toBe('0');
    expect(answer('"tokio mpsc defaults to an unbounded buffer"')).toBe('it panics');
    expect(answer('"Rust 1.85 std mpsc leaked 128 bytes per message"')).toBe('1');
  });
  it('applies overrides on top of the preset', () => {
    const step = lessons.find((l) => l.id === 'retained')!.steps[0]!;
    const s = lessonStepScenario(step);
    expect(s.producers.disconnectCount).toBe(500);
    expect(s.producers.count).toBe(1000);
    expect(s.message.bytes).toBe(96);
  });
});
