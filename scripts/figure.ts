/**
 * npm run figure -- (--preset NAME | --scenario FILE.json) --view heap|metric|readouts|… --t SECONDS
 *                   [--width 700|1400] [--theme light|dark] [--log] [--title TEXT | --no-title]
 *                   [--caption TEXT] --out FILE.svg|FILE.png
 *
 * Writes the same figure as the app's Export dialog, so a post's figures can be rebuilt by a script:
 * it opens the production build's embed page for the scenario and time in headless Chromium and
 * calls the page's own figure renderer. `dist/` is rebuilt first when it is missing or older than
 * `src/`. Bad arguments: one line on stderr, exit status 2.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { isPresetName, presets, PRESET_NAMES } from '../src/engine/presets.ts';
import { parseScenario, type Scenario } from '../src/engine/scenario/index.ts';
import { readJsonFile } from '../src/cli/read-json.ts';
import { DEFAULT_EMBED, encodeLabUrl, EMBED_VIEWS, type EmbedView } from '../src/ui/url-state.ts';
import { launch } from '../test/e2e/browser.ts';
import { buildDist, serveDist } from './serve.ts';

const USAGE =
  'usage: npm run figure -- (--preset NAME | --scenario FILE.json) --view VIEW --t SECONDS [--width 700|1400] [--theme light|dark] [--log] [--title TEXT | --no-title] [--caption TEXT] --out FILE.svg|FILE.png';
/** Views that make a figure (the retained-messages list does not). */
const VIEWS = EMBED_VIEWS.filter((v) => v !== 'retained');

function fail(message: string): never {
  process.stderr.write(`figure: ${message}\n`);
  process.exit(2);
}

interface Options {
  scenario: Scenario;
  title: string | null;
  view: EmbedView;
  timeMs: number;
  width: 700 | 1400;
  theme: 'light' | 'dark';
  log: boolean;
  caption: string;
  out: string;
  format: 'svg' | 'png';
}

function options(argv: string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv.filter((a) => a !== '--'),
      strict: true,
      options: {
        preset: { type: 'string' },
        scenario: { type: 'string' },
        view: { type: 'string' },
        t: { type: 'string' },
        width: { type: 'string', default: '700' },
        theme: { type: 'string', default: 'light' },
        log: { type: 'boolean', default: false },
        title: { type: 'string' },
        'no-title': { type: 'boolean', default: false },
        caption: { type: 'string', default: '' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    fail(`${e instanceof Error ? e.message.split('\n')[0] : String(e)} (${USAGE})`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if ((values.preset === undefined) === (values.scenario === undefined)) {
    fail('give either --preset NAME or --scenario FILE.json');
  }
  let scenario: Scenario;
  let title: string | null;
  if (values.preset !== undefined) {
    if (!isPresetName(values.preset)) {
      fail(`unknown preset ${JSON.stringify(values.preset)} (presets: ${PRESET_NAMES.join(', ')})`);
    }
    scenario = presets[values.preset].scenario;
    title = presets[values.preset].title;
  } else {
    const file = readJsonFile(values.scenario as string);
    if (!file.ok) fail(file.message);
    const r = parseScenario(file.doc);
    if (!r.ok) fail(`${values.scenario}: ${r.errors.join('; ')}`);
    scenario = r.scenario;
    title = scenario.name;
  }
  if (values.title !== undefined) title = values.title;
  if (values['no-title']) title = null;
  const view = values.view;
  if (view === undefined || !(VIEWS as readonly string[]).includes(view)) {
    fail(`--view: expected one of ${VIEWS.join(', ')}, got ${JSON.stringify(view ?? null)}`);
  }
  const end = scenario.durationSeconds;
  const t = values.t === undefined ? NaN : Number(values.t);
  if (values.t === undefined || values.t.trim() === '' || !Number.isFinite(t) || t < 0 || t > end) {
    fail(`--t: expected simulated seconds from 0 to ${end}, got ${JSON.stringify(values.t ?? null)}`);
  }
  if (values.width !== '700' && values.width !== '1400') {
    fail(`--width: expected 700 or 1400, got ${JSON.stringify(values.width)}`);
  }
  if (values.theme !== 'light' && values.theme !== 'dark') {
    fail(`--theme: expected light or dark, got ${JSON.stringify(values.theme)}`);
  }
  const out = values.out;
  const ext = out === undefined ? '' : extname(out).toLowerCase();
  if (out === undefined || (ext !== '.svg' && ext !== '.png')) {
    fail(`--out: expected a file name ending in .svg or .png, got ${JSON.stringify(out ?? null)}`);
  }
  return {
    scenario,
    title,
    view: view as EmbedView,
    timeMs: Math.round(t * 1e6) / 1e3,
    width: values.width === '1400' ? 1400 : 700,
    theme: values.theme,
    log: values.log,
    caption: values.caption,
    out,
    format: ext === '.png' ? 'png' : 'svg',
  };
}

/** The newest modification time under a directory. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const o = options(process.argv.slice(2));
if (!existsSync('dist/index.html') || statSync('dist/index.html').mtimeMs < newest('src')) {
  process.stderr.write('figure: building the app (dist/ is missing or older than src/)\n');
  await buildDist();
}
const server = await serveDist();
const browser = await launch();
try {
  const page = await browser.newPage({ width: 1000, height: 800, colorScheme: o.theme });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const query = encodeLabUrl({
    scenario: o.scenario,
    timeMs: o.timeMs,
    embed: { ...DEFAULT_EMBED, view: o.view, theme: o.theme, log: o.log, controls: false },
  });
  await page.goto(`${server.url}?${query}`);
  await page.waitForFunction(() => '__channelLabFigure' in globalThis, null, { timeout: 30_000 });
  const kind = o.view as Exclude<EmbedView, 'retained'>;
  const fig = await page.evaluate(
    (req) =>
      (
        globalThis as unknown as {
          __channelLabFigure: (r: typeof req) => Promise<{ data: string; width: number; height: number }>;
        }
      ).__channelLabFigure(req),
    {
      kind,
      width: o.width,
      theme: o.theme,
      log: o.log,
      title: o.title,
      note: o.caption,
      caption: true,
      attribution: true,
      timeMs: o.timeMs,
      format: o.format,
    },
  );
  if (errors.length > 0) throw new Error(errors.join('; '));
  writeFileSync(o.out, o.format === 'png' ? Buffer.from(fig.data, 'base64') : fig.data);
  process.stdout.write(`figure: wrote ${o.out} (${fig.width} × ${fig.height} px)\n`);
} finally {
  await browser.close();
  await server.stop();
}
