// Every parameter and the current time in the URL: a link decodes to exactly the view it was made
// from, and a hostile link gets a notice per bad value and safe defaults.
import { describe, expect, it } from 'vitest';
import { presets } from '../../src/engine/presets.ts';
import { scenarioSchema } from '../../src/engine/scenario/schema.ts';
import {
  DEFAULT_EMBED,
  MAX_CAPTION,
  decodeLabUrl,
  encodeLabUrl,
  labLink,
  presetOf,
} from '../../src/ui/url-state.ts';

describe('URL state', () => {
  it('round-trips a changed preset, the time and the view state', () => {
    const scenario = scenarioSchema.parse({
      ...presets['agentgateway-services'].scenario,
      channels: { count: 12_000, active: 3, extras: [{ site: 'read buffer', bytes: 8192 }] },
      seed: 42,
    });
    const query = encodeLabUrl({
      scenario,
      timeMs: 734.5,
      view: { focus: 1, metric: 'p99LatencyMs', speed: 0.25, present: true },
    });
    expect(query).toContain('t=734.5');
    expect(query).toContain('channels.count=12000');
    const back = decodeLabUrl(`?${query}`);
    expect(back.notices).toEqual([]);
    expect(back.scenario).toEqual(scenario);
    expect(back.timeMs).toBe(734.5);
    expect(back.view).toEqual({ focus: 1, metric: 'p99LatencyMs', speed: 0.25, present: true, lesson: null });
    expect(back.embed).toBeNull();
    expect(back.preset).toBeNull();
  });

  it('an unchanged preset is recognised, so the preset picker shows it', () => {
    const query = encodeLabUrl({ scenario: presets['hyper-connection'].scenario, timeMs: 0 });
    const back = decodeLabUrl(query);
    expect(back.preset).toBe('hyper-connection');
    expect(back.scenario).toEqual(presets['hyper-connection'].scenario);
    expect(presetOf(presets['game-server'].scenario)).toBe('game-server');
  });

  it('says whether the link names a scenario at all', () => {
    expect(decodeLabUrl('').hasScenario).toBe(false);
    expect(decodeLabUrl('?present=1&t=5').hasScenario).toBe(false);
    expect(decodeLabUrl('?preset=ping-pong').hasScenario).toBe(true);
    expect(decodeLabUrl('?seed=3').hasScenario).toBe(true);
  });

  it('a typo in a link keeps the default preset instead of a blank custom scenario', () => {
    // `presenter` is not a key (presenter mode is `present=1`): the page says so and runs its default
    const typo = decodeLabUrl('?presenter=1');
    expect(typo.hasScenario).toBe(false);
    expect(typo.notices.map((n) => n.message)).toEqual(['presenter: unknown parameter, ignored']);
    const badPreset = decodeLabUrl('?preset=nope&colour=red');
    expect(badPreset.hasScenario).toBe(false);
    expect(badPreset.notices.map((n) => n.message)).toContain(
      'preset: expected the name of a preset, got "nope"; using the default preset',
    );
    // one real scenario key among them: the link does describe a scenario
    expect(decodeLabUrl('?presenter=1&seed=3').hasScenario).toBe(true);
  });

  it('a malformed escape or an empty pair is a bad value with a notice, never a crash', () => {
    const r = decodeLabUrl('?producers.count=%E0%A4%A&&seed=%zz&t=5');
    expect(r.scenario.producers.count).toBe(1000);
    expect(r.scenario.seed).toBe(1);
    expect(r.timeMs).toBe(5);
    expect(r.notices.map((n) => n.field)).toEqual(['producers.count', 'seed']);
  });

  it('preset=NAME starts from the preset; other keys change it', () => {
    expect(decodeLabUrl('preset=big-message').scenario).toEqual(presets['big-message'].scenario);
    const changed = decodeLabUrl('preset=big-message&producers.count=5');
    expect(changed.scenario.producers.count).toBe(5);
    expect(changed.scenario.message).toEqual(presets['big-message'].scenario.message);
    expect(changed.preset).toBeNull();
  });

  it('embed options: view, autoplay and controls, only with embed=1', () => {
    const q = encodeLabUrl({
      scenario: presets['game-server'].scenario,
      timeMs: 5000,
      embed: { ...DEFAULT_EMBED, view: 'anatomy', theme: 'dark', autoplay: true, controls: false },
    });
    expect(q).toMatch(/embed=1&view=anatomy&theme=dark&autoplay=1&controls=0$/);
    expect(decodeLabUrl(q).embed).toEqual({
      ...DEFAULT_EMBED,
      view: 'anatomy',
      theme: 'dark',
      autoplay: true,
      controls: false,
    });
    expect(decodeLabUrl('embed=1').embed).toEqual({
      view: 'heap',
      theme: 'auto',
      autoplay: false,
      controls: true,
      title: true,
      caption: '',
      log: false,
      strategies: null,
    });
    expect(decodeLabUrl('embed=1&theme=neon').notices.map((n) => n.message)).toEqual([
      'theme: expected one of auto, light, dark, got "neon"; using auto',
    ]);
    const stray = decodeLabUrl('view=anatomy');
    expect(stray.embed).toBeNull();
    expect(stray.notices.map((n) => n.message)).toEqual(['view: only used with embed=1, ignored']);
  });

  it('the theme is always named in an embed link: a snippet must not follow the reader by accident', () => {
    const q = encodeLabUrl({ scenario: presets['ping-pong'].scenario, timeMs: 0, embed: DEFAULT_EMBED });
    expect(q).toMatch(/embed=1&view=heap&theme=auto$/);
  });

  it('caption, title=0, log=1 and a strategy choice round-trip; a caption stays the text it was', () => {
    const caption = '<b>8 MiB</b> & "more" at 60 s';
    const embed = {
      ...DEFAULT_EMBED,
      view: 'readouts' as const,
      title: false,
      log: true,
      strategies: [0, 2],
      caption,
    };
    const q = encodeLabUrl({ scenario: presets['game-server'].scenario, timeMs: 60_000, embed });
    expect(q).toContain('title=0&log=1&strategies=0%2C2&caption=');
    const back = decodeLabUrl(q);
    expect(back.embed).toEqual(embed);
    expect(back.notices).toEqual([]);
  });

  it('bad embed options: a notice each and a safe default', () => {
    const r = decodeLabUrl(
      `embed=1&preset=game-server&view=sweeep&strategies=0,7&log=maybe&caption=${'x'.repeat(400)}`,
    );
    expect(r.embed).toMatchObject({ view: 'heap', strategies: null, log: false });
    expect(r.embed?.caption).toHaveLength(MAX_CAPTION);
    expect(r.notices.map((n) => n.field).sort()).toEqual(['caption', 'log', 'strategies', 'view']);
    // every strategy chosen is the same as none chosen: the link stays short
    expect(decodeLabUrl('embed=1&preset=game-server&strategies=2,1,0,1').embed?.strategies).toBeNull();
    expect(decodeLabUrl('embed=1&preset=game-server&strategies=2,0').embed?.strategies).toEqual([0, 2]);
  });

  it('a lesson step travels in the link', () => {
    const q = encodeLabUrl({
      scenario: presets['ping-pong'].scenario,
      timeMs: 0,
      view: { lesson: { id: 'second-block', step: 2 } },
    });
    expect(decodeLabUrl(q).view.lesson).toEqual({ id: 'second-block', step: 2 });
  });

  it('hostile values: one notice naming each parameter and the value used instead', () => {
    const r = decodeLabUrl(
      '?t=abc&focus=9&metric=%3Cimg%20src%3Dx%3E&speed=1e9&embed=1&view=%3Cscript%3Ealert(1)%3C%2Fscript%3E' +
        '&autoplay=yes&preset=nope&producers.count=1e9&lesson=%3Cb%3E',
    );
    const byField = Object.fromEntries(r.notices.map((n) => [n.field, n.message]));
    expect(byField.t).toBe(
      't: expected a simulated time in milliseconds from 0 to 60000, got "abc"; using 0',
    );
    expect(byField.focus).toBe('focus: expected a strategy number from 0 to 2, got "9"; using 0');
    expect(byField.metric).toMatch(/^metric: expected one of depth, .*, got "<img src=x>"; using depth$/);
    expect(byField.speed).toBe('speed: expected a speed from 0.001 to 10000, got "1e9"; using 1');
    expect(byField.view).toMatch(/^view: expected one of heap, .*; using heap$/);
    expect(byField.autoplay).toBe('autoplay: expected 1 or 0, got "yes"; using 0');
    expect(byField.preset).toBe(
      'preset: expected the name of a preset, got "nope"; using the default scenario',
    );
    expect(byField['producers.count']).toMatch(/^producers\.count: expected an integer from 0 to 1000000/);
    expect(byField.lesson).toBe('lesson: expected the id of a lesson, got "<b>"; using no lesson');
    // the values used are the defaults
    expect(r.timeMs).toBe(0);
    expect(r.view.focus).toBe(0);
    expect(r.view.metric).toBe('depth');
    expect(r.embed?.view).toBe('heap');
    expect(r.scenario.producers.count).toBe(1000);
  });

  it('a time past the end of the run is clamped to the end, with a notice', () => {
    const r = decodeLabUrl('durationSeconds=2&t=9000');
    expect(r.timeMs).toBe(2000);
    expect(r.notices).toEqual([
      {
        field: 't',
        message: 't: expected a simulated time in milliseconds from 0 to 2000, got "9000"; using 2000',
      },
    ]);
  });

  it('a link keeps the page path, so it works from a sub-path', () => {
    const link = labLink(
      { origin: 'https://example.org', pathname: '/tools/channel-lab/' },
      { scenario: presets['game-server'].scenario, timeMs: 1500 },
    );
    expect(link).toMatch(/^https:\/\/example\.org\/tools\/channel-lab\/\?name=game-server&.*&t=1500$/);
  });
});
