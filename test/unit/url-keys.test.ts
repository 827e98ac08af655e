// Each of the app's own URL keys, given a bad value: one notice naming the key, what it accepts, what
// it got and what is used instead, and the page gets that safe value. The expected messages are written
// out here from the rules the keys follow (ranges, lists), not copied from the decoder.
import { describe, expect, it } from 'vitest';
import { decodeLabUrl } from '../../src/ui/url-state.ts';

/** game-server: 3 strategies, a 60 s run. */
const base = 'preset=game-server';

const one = (query: string) => {
  const r = decodeLabUrl(`${base}&${query}`);
  expect(r.notices).toHaveLength(1);
  return { r, message: r.notices[0]?.message, field: r.notices[0]?.field };
};

describe('bad values of the URL keys the app owns', () => {
  it.each([
    ['t=abc', 't: expected a simulated time in milliseconds from 0 to 60000, got "abc"; using 0'],
    ['t=-5', 't: expected a simulated time in milliseconds from 0 to 60000, got "-5"; using 0'],
    ['t=', 't: expected a simulated time in milliseconds from 0 to 60000, got ""; using 0'],
    ['t=1e400', 't: expected a simulated time in milliseconds from 0 to 60000, got "1e400"; using 0'],
  ])('%s: the start of the run', (query, message) => {
    const { r, ...n } = one(query);
    expect(n).toEqual({ field: 't', message });
    expect(r.timeMs).toBe(0);
  });

  it.each([['focus=1.5'], ['focus=-1'], ['focus=3'], ['focus='], ['focus=one']])(
    '%s: the first strategy (strategies are numbered 0 to 2)',
    (query) => {
      const { r, ...n } = one(query);
      const got = query.slice('focus='.length);
      expect(n).toEqual({
        field: 'focus',
        message: `focus: expected a strategy number from 0 to 2, got "${got}"; using 0`,
      });
      expect(r.view.focus).toBe(0);
    },
  );

  it.each([['speed=0'], ['speed=10001'], ['speed=Infinity'], ['speed='], ['speed=fast']])(
    '%s: real time',
    (query) => {
      const { r, ...n } = one(query);
      const got = query.slice('speed='.length);
      expect(n).toEqual({
        field: 'speed',
        message: `speed: expected a speed from 0.001 to 10000, got "${got}"; using 1`,
      });
      expect(r.view.speed).toBe(1);
    },
  );

  it('metric: a name not on the list (case counts) gives the queue depth', () => {
    const { r, ...n } = one('metric=Depth');
    expect(n).toEqual({
      field: 'metric',
      message:
        'metric: expected one of depth, waitingSenders, rejected, timedOut, p99LatencyMs, got "Depth"; using depth',
    });
    expect(r.view.metric).toBe('depth');
  });

  it.each([
    ['present=yes', 'present', 'using 0'],
    ['present=TRUE', 'present', 'using 0'],
    ['embed=2', 'embed', 'using 0'],
  ])('%s: a flag is 1/true or 0/false', (query, field, used) => {
    const { r, ...n } = one(query);
    expect(n).toEqual({
      field,
      message: `${field}: expected 1 or 0, got "${query.split('=')[1]}"; ${used}`,
    });
    expect(r.view.present).toBe(false);
    expect(r.embed).toBeNull();
  });

  it.each([
    ['autoplay=on', 'autoplay', 'using 0', { autoplay: false }],
    ['controls=off', 'controls', 'using 1', { controls: true }],
    ['title=no', 'title', 'using 1', { title: true }],
    ['log=maybe', 'log', 'using 0', { log: false }],
  ])('embed=1&%s: the embed default', (query, field, used, expected) => {
    const { r, ...n } = one(`embed=1&${query}`);
    expect(n).toEqual({
      field,
      message: `${field}: expected 1 or 0, got "${query.split('=')[1]}"; ${used}`,
    });
    expect(r.embed).toMatchObject(expected);
  });

  it('view and theme: names not on their lists give the heap chart and the reader’s theme', () => {
    const view = one('embed=1&view=pie');
    expect(view.message).toBe(
      'view: expected one of heap, metric, anatomy, backpressure, retained, readouts, calculator, sweep, got "pie"; using heap',
    );
    expect(view.r.embed?.view).toBe('heap');
    const theme = one('embed=1&theme=Dark');
    expect(theme.message).toBe('theme: expected one of auto, light, dark, got "Dark"; using auto');
    expect(theme.r.embed?.theme).toBe('auto');
  });

  it.each([['strategies=0,x'], ['strategies=3'], ['strategies='], ['strategies=0,,1'], ['strategies=-1']])(
    'embed=1&%s: every strategy',
    (query) => {
      const { r, ...n } = one(`embed=1&${query}`);
      expect(n).toEqual({
        field: 'strategies',
        message: `strategies: expected strategy numbers from 0 to 2, separated by commas, got "${query.slice(11)}"; using all of them`,
      });
      expect(r.embed?.strategies).toBeNull();
    },
  );

  it('caption: control characters become spaces, and it stays text', () => {
    const r = decodeLabUrl(`${base}&embed=1&caption=${encodeURIComponent('a\u0000b\n<b>c</b>')}`);
    expect(r.notices).toEqual([]);
    expect(r.embed?.caption).toBe('a b <b>c</b>');
  });

  it('lesson and step: a bad id means no lesson; a bad step means the first', () => {
    const id = one('lesson=Second%20Block');
    expect(id.message).toBe('lesson: expected the id of a lesson, got "Second Block"; using no lesson');
    expect(id.r.view.lesson).toBeNull();
    for (const step of ['0', '101', '2.5', 'two']) {
      const s = one(`lesson=second-block&step=${step}`);
      expect(s.message).toBe(`step: expected a step number from 1, got "${step}"; using 1`);
      expect(s.r.view.lesson).toEqual({ id: 'second-block', step: 1 });
    }
    expect(one('step=2').message).toBe('step: only means something with lesson=…, ignored');
  });

  it.each([
    ['https://evil.example/lesson.json'],
    ['//evil.example/lesson.json'],
    ['javascript:alert(1)//.json'],
    ['lesson.txt'],
  ])('lessonFile=%s: no lesson file (only a .json path on this site)', (path) => {
    const { r, ...n } = one(`lesson=x&lessonFile=${encodeURIComponent(path)}`);
    expect(n.field).toBe('lessonFile');
    expect(n.message).toMatch(/^lessonFile: expected the path of a \.json lesson file on this site, got "/);
    expect(n.message).toMatch(/; using no lesson file$/);
    expect(r.lessonSource).toBeNull();
    // the good one for contrast
    expect(decodeLabUrl(`${base}&lessonFile=lessons/intro.json`).lessonSource).toEqual({
      kind: 'file',
      path: 'lessons/intro.json',
    });
  });

  it('handout: an id that is not one shows the workshop page itself', () => {
    expect(decodeLabUrl('workshop=1&handout=%3Cscript%3E').workshop).toEqual({ handout: null });
    expect(decodeLabUrl('workshop=1&handout=second-block').workshop).toEqual({ handout: 'second-block' });
  });
});

describe('bad values of the sweep and calculator keys', () => {
  it.each([
    ['sweep=strategies.*.capacity:0:64:4:log', 'a log range starts above 0'],
    ['sweep=strategies.*.capacity:16:64:4:lin', 'log or nothing after the steps'],
    ['sweep=strategies.*.capacity:16:64', 'no steps'],
    ['sweep=strategies.*.capacity:16::4', 'an empty end'],
    ['sweep=strategies.*.capacity:16:64:65', 'at most 64 steps'],
    ['sweep=strategies.*.capacity:16:64:2.5', 'whole steps'],
    ['sweep=strategies.*.capacity:16:Infinity:4', 'a finite end'],
  ])('%s (%s): the default range, with a notice', (query) => {
    const { r, ...n } = one(query);
    expect(n.field).toBe('sweep');
    expect(n.message).toMatch(
      /^sweep: expected PARAM:FROM:TO:STEPS\[:log\] with 1 to 64 steps, got ".*"; using 16:4096:9:log$/,
    );
    expect(r.sweep).toMatchObject({
      param: 'strategies.*.capacity',
      from: 16,
      to: 4096,
      steps: 9,
      log: true,
    });
    // the same range written well is used as given
    expect(decodeLabUrl(`${base}&sweep=strategies.*.capacity:16:64:4`).sweep).toMatchObject({
      from: 16,
      to: 64,
      steps: 4,
      log: false,
    });
  });

  it('smetric: a name not on the list gives the peak heap', () => {
    const { r, message } = one('sweep=strategies.*.capacity:16:64:4&smetric=peak');
    expect(message).toBe(
      'smetric: expected one of peak_heap_bytes, retained_after_drain_bytes, final_heap_bytes, p99_latency_ms, rejected, timeouts, got "peak"; using peak_heap_bytes',
    );
    expect(r.sweep?.metric).toBe('peak_heap_bytes');
  });

  it('calcSize, calcLengths, calcPins: the defaults, each with its notice', () => {
    const size = one('calc=bytes&calcSize=-1');
    expect(size.message).toBe('calcSize: expected a whole number from 0 to 16777216, got "-1"; using 96');
    expect(size.r.calculator?.size).toBe(96);
    // at most 16 lengths (the scenario's message.lengths takes as many)
    const lengths = one(`calc=rust&calcType=Vec%3Cu8%3E&calcLengths=${Array(17).fill(1).join(',')}`);
    expect(lengths.field).toBe('calcLengths');
    expect(lengths.r.calculator?.lengths).toEqual([]);
    const pins = one('calc=u64&calcPins=tokio-bounded,Tokio-Bounded');
    expect(pins.message).toMatch(/^calcPins: .*got "tokio-bounded,Tokio-Bounded"; using every crate$/);
    expect(pins.r.calculator?.pins).toEqual([]);
    // a crate pinned twice is pinned once
    expect(decodeLabUrl('calc=u64&calcPins=flume-bounded,flume-bounded').calculator?.pins).toEqual([
      'flume-bounded',
    ]);
  });
});
