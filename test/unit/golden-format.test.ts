// A golden file that cannot be replayed is refused with one message naming where and what (the zod
// schema in engine/golden.ts); a good one keeps exactly the fields the replay uses.
import { describe, expect, it } from 'vitest';
import { GoldenFormatError, parseGolden } from '../../src/engine/golden.ts';

const file = (over: Record<string, unknown>) => ({
  format: 'golden/1',
  impl: 'tokio-bounded',
  message: { type: 'string', len: 5 },
  cases: [{ name: 'T1', params: { capacity: 2 }, ops: [{ op: 'create' }, { op: 'send', sender: 0, n: 3 }] }],
  ...over,
});

describe('golden file format', () => {
  it('reads a good file, message as a layout and unknown extra fields left out', () => {
    const g = parseGolden({ ...file({}), measured_with: 'rustc 1.x' });
    expect(g).toEqual({
      format: 'golden/1',
      impl: 'tokio-bounded',
      message: { kind: 'string', len: 5 },
      cases: [
        { name: 'T1', params: { capacity: 2 }, ops: [{ op: 'create' }, { op: 'send', sender: 0, n: 3 }] },
      ],
    });
    expect(parseGolden(file({ cases: [{ name: 'T0', ops: [] }] })).cases[0]?.params).toEqual({});
  });

  it.each([
    ['not an object', [1], 'top level: expected an object'],
    [
      'an unknown format',
      file({ format: 'golden/9' }),
      'format: expected "golden/1" or "golden/2", got "golden/9"',
    ],
    ['an unknown crate', file({ impl: 'kanal' }), 'impl: unknown implementation "kanal"'],
    [
      'an unknown message type',
      file({ message: { type: 'f32' } }),
      'message.type: expected "bytes", "u64" or "string", got "f32"',
    ],
    [
      'a negative size',
      file({ message: { type: 'bytes', size: -1 } }),
      'message.size: expected an integer ≥ 0, got -1',
    ],
    [
      'a fractional count, named by case',
      file({ cases: [{ name: 'T2', ops: [{ op: 'recv', n: 1.5 }] }] }),
      'cases[0] (T2) ops[0].n: expected an integer ≥ 0, got 1.5',
    ],
    [
      'a golden/2 op in a golden/1 file',
      file({ cases: [{ name: 'T3', ops: [{ op: 'send_wait', from: 0, fut: 0 }] }] }),
      'cases[0] (T3) ops[0].op: unknown op "send_wait"',
    ],
  ])('refuses %s', (_what, doc, message) => {
    expect(() => parseGolden(doc)).toThrow(new GoldenFormatError(message));
  });

  it('accepts the waiting ops in a golden/2 file', () => {
    const g = parseGolden(
      file({
        format: 'golden/2',
        cases: [
          {
            name: 'T11',
            ops: [
              { op: 'send_wait', from: 0, fut: 1 },
              { op: 'cancel', fut: 1 },
            ],
          },
        ],
      }),
    );
    expect(g.cases[0]?.ops).toEqual([
      { op: 'send_wait', from: 0, fut: 1 },
      { op: 'cancel', fut: 1 },
    ]);
  });
});
