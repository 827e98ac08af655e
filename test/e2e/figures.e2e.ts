// Figures for a blog post, in real Chromium against the production build: the Embed dialog gives a
// snippet per view and width whose iframe height was measured for that width, so a host page on another
// origin that strips the snippet's script still shows every view whole, without sideways scrolling, at
// 700 px and 360 px; a caption with markup shows as text; an embed below the fold starts no worker
// until scrolled to.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { baseUrl, browserForTests, watchErrors } from './browser.ts';
import { serveStatic, type Server } from '../../scripts/serve.ts';
import { drawnLines } from './chart-drawing.ts';

const e2e = browserForTests();
const SHOTS = e2e.shots;

const VIEWS = ['heap', 'metric', 'anatomy', 'backpressure', 'retained', 'readouts', 'calculator'] as const;
const WIDTHS = [700, 360] as const;

const hosts: Server[] = [];

after(async () => {
  for (const h of hosts) await h.stop();
});

async function host(pages: Record<string, string>): Promise<string> {
  const h = await serveStatic({ pages });
  hosts.push(h);
  assert.notEqual(h.origin, new URL(baseUrl()).origin, 'the host page is on another origin');
  return h.origin;
}

/** A post's column of `width` px holding the given HTML, as a platform that strips scripts leaves it. */
function post(width: number, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>A post</title><style>body{font:16px/1.5 sans-serif;margin:0}main{width:${width}px;margin:0 auto}
.fold{height:1400px}</style></head><body><main>${body}</main></body></html>`;
}

const stripScripts = (html: string) => html.replace(/<script>[\s\S]*?<\/script>/g, '');

/** The snippet the dialog gives for a view at a width, once the preview's height has settled. */
async function snippetFor(page: Page, view: string, width: number): Promise<string> {
  await page.getByRole('combobox', { name: 'Figure' }).selectOption(view);
  await page.getByRole('combobox', { name: 'Width in the post' }).selectOption(String(width));
  const code = page.getByRole('textbox', { name: 'HTML to paste into your page' });
  const status = page.locator('.embed-preview p').first();
  let last = '';
  let same = 0;
  for (let i = 0; i < 60 && same < 4; i++) {
    await page.waitForTimeout(250);
    const now = `${await status.textContent()}|${await code.inputValue()}`;
    same = now === last && now.includes('px tall') ? same + 1 : 0;
    last = now;
  }
  assert.ok(same >= 4, `the preview of ${view} at ${width} px settled: ${last}`);
  return code.inputValue();
}

/** Waits until an embed frame has drawn its figure. */
async function drawn(frame: Frame, view: string): Promise<void> {
  await frame.locator('.embed:not(.embed-waiting)').waitFor({ timeout: 20_000 });
  const ready: Record<string, string> = {
    heap: drawnLines('heap-chart'),
    metric: drawnLines('second-chart'),
    anatomy: 'canvas',
    backpressure: 'canvas',
    retained: '[data-testid="retained-0"]',
    readouts: '[data-testid="readout-heap-0"]',
    calculator: '.calc-table',
    sweep: '[data-testid="sweep-table"] tbody tr',
  };
  await frame
    .locator(ready[view] ?? '.embed-figure')
    .first()
    .waitFor({ timeout: 20_000 });
  await frame.waitForTimeout(300);
}

/** A PNG's size in pixels, from its IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Clicks `button` and saves the download under test-results/. */
async function saveFrom(page: Page | Frame, click: () => Promise<void>, file: string) {
  const p = 'page' in page ? page.page() : page;
  const download = p.waitForEvent('download');
  await click();
  const d = await download;
  const path = `${SHOTS}/${file}`;
  await d.saveAs(path);
  return { path, suggested: d.suggestedFilename(), bytes: readFileSync(path) };
}

const TITLE = 'Game server: players outpace the game loop';

describe('figures for a blog post', () => {
  it('every view fits 700 px and 360 px with the snippet height alone, no sideways scrolling', async () => {
    const app = await e2e.browser.newPage({ width: 1366, height: 900 });
    const errors = watchErrors(app);
    await app.goto(`${baseUrl()}?preset=game-server&t=20000`);
    await app.getByRole('button', { name: 'Embed' }).click();
    const snippets: Record<number, string[]> = { 700: [], 360: [] };
    for (const width of WIDTHS) {
      for (const view of VIEWS) snippets[width]?.push(await snippetFor(app, view, width));
    }
    await app.screenshot({ path: `${SHOTS}/40-embed-dialog.png` });
    const copy = await app.getByRole('button', { name: 'Copy snippet' }).boundingBox();
    assert.ok(copy !== null && copy.y + copy.height <= 900, 'the Copy button is in sight');
    await app.close();

    for (const width of WIDTHS) {
      const html = (snippets[width] ?? []).map(stripScripts).join('\n<p>Text between figures.</p>\n');
      assert.ok(!html.includes('<script'), 'scripts stripped');
      const origin = await host({ '/post.html': post(width, html) });
      const page = await e2e.browser.newPage({ width: width === 360 ? 360 : 1000, height: 800 });
      const pageErrors = watchErrors(page);
      await page.goto(`${origin}/post.html`);
      const frames = page.locator('iframe');
      assert.equal(await frames.count(), VIEWS.length);
      for (let i = 0; i < VIEWS.length; i++) {
        const view = VIEWS[i] as string;
        const el = frames.nth(i);
        await el.scrollIntoViewIfNeeded();
        const frame = (await (await el.elementHandle())?.contentFrame()) ?? null;
        assert.ok(frame !== null);
        await drawn(frame, view);
        const box = await el.boundingBox();
        const inner = await frame.evaluate(() => ({
          content: Math.ceil(document.querySelector('.embed')?.getBoundingClientRect().height ?? 0),
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
          wide: [...document.querySelectorAll('.embed *')]
            .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map((e) => e.tagName + '.' + e.className)
            .slice(0, 3),
        }));
        assert.ok(box !== null);
        assert.ok(
          inner.content <= Math.ceil(box.height) + 1,
          `${view} at ${width} px: content ${inner.content} px, iframe ${box.height} px (clipped)`,
        );
        assert.ok(
          inner.scrollWidth <= inner.clientWidth && inner.wide.length === 0,
          `${view} at ${width} px scrolls sideways: ${inner.scrollWidth} > ${inner.clientWidth} ${inner.wide.join(' ')}`,
        );
        await el.screenshot({ path: `${SHOTS}/41-embed-${view}-${width}.png` });
      }
      const outer = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(outer <= (width === 360 ? 360 : 1000), 'the post itself does not scroll sideways');
      assert.deepEqual(pageErrors, []);
      await page.close();
    }
    assert.deepEqual(errors, []);
  });

  it('a caption is text, title=0 hides the title, an unknown view says so, below the fold waits', async () => {
    const caption = '<b>Not bold</b> & <img src=x onerror=alert(1)> "quoted"';
    const base = `${baseUrl()}?embed=1&preset=game-server&t=5000&theme=light`;
    const src = (q: string) => `${base}&${q}`.replace(/&/g, '&amp;');
    const body = `<iframe id="top" src="${src(`view=nope&title=0&caption=${encodeURIComponent(caption)}`)}" style="width:100%;height:520px;border:0"></iframe>
<div class="fold">Long text.</div>
<iframe id="below" src="${src('view=calculator')}" style="width:100%;height:900px;border:0"></iframe>`;
    const origin = await host({ '/post.html': post(700, body) });
    const page = await e2e.browser.newPage({ width: 1000, height: 800 });
    const errors = watchErrors(page);
    await page.goto(`${origin}/post.html`);
    const top = page.frameLocator('#top');
    await top.locator('.embed-caption').waitFor({ timeout: 20_000 });
    assert.equal(await top.locator('.embed-caption').textContent(), caption);
    assert.equal(await top.locator('.embed-caption b, .embed-caption img').count(), 0);
    assert.equal(await top.locator('h1.embed-title').count(), 0, 'title=0 hides the title');
    // an unknown view: a notice naming it, and the heap chart as the safe default
    await top.getByText(/view: expected one of heap, .*, got "nope"; using heap/).waitFor();
    await top.getByTestId('heap-chart').waitFor({ timeout: 20_000 });

    // below the fold: loaded (no loading="lazy"), but no worker until it comes into view
    const below = page.frameLocator('#below');
    await below.locator('.embed').waitFor();
    await page.waitForTimeout(1500);
    const started = () =>
      below.locator('html').evaluate((h) => ({
        worker: h.dataset.worker ?? null,
        lab: '__channelLab' in globalThis,
      }));
    assert.deepEqual(await started(), { worker: null, lab: false });
    await page.locator('#below').scrollIntoViewIfNeeded();
    await below.locator('.calc-table').waitFor({ timeout: 20_000 });
    assert.deepEqual(await started(), { worker: 'started', lab: true });
    // view=calculator is the calculator, not the heap chart
    assert.equal(await below.getByTestId('heap-chart').count(), 0);
    await page.screenshot({ path: `${SHOTS}/42-embed-calculator.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("exports: the Figure dialog, an embed's Save figure and `npm run figure` write the chosen figure", async () => {
    const page = await e2e.browser.newPage({ width: 1366, height: 900 });
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}?preset=game-server&t=20000`);
    await page.getByTestId('status-state').filter({ hasText: 'paused' }).waitFor({ timeout: 20_000 });
    await page.getByRole('group', { name: 'Export' }).getByRole('button', { name: 'Figure…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export a figure' });
    await dialog.getByRole('combobox', { name: 'Figure' }).selectOption('anatomy');
    await dialog.getByRole('img', { name: /Preview of the Channel anatomy/ }).waitFor();
    await page.screenshot({ path: `${SHOTS}/43-figure-dialog.png` });
    const save = (name: string, file: string) =>
      saveFrom(page, () => dialog.getByRole('button', { name, exact: true }).click(), file);
    const png = await save('PNG', 'figure-anatomy.png');
    assert.equal(png.suggested, 'channel-lab-game-server-anatomy.png');
    assert.equal(pngSize(png.bytes).width, 1400, '700 CSS px at 2×');
    await dialog.getByRole('combobox', { name: 'Width' }).selectOption('1400');
    await dialog.getByRole('combobox', { name: 'Figure' }).selectOption('heap');
    assert.equal(pngSize((await save('PNG', 'figure-heap-1400.png')).bytes).width, 2800);
    await dialog
      .getByRole('textbox', { name: 'Caption (plain text, optional)' })
      .fill('Heap <after> 20 s & more');
    const svg = (await save('SVG', 'figure-heap.svg')).bytes.toString('utf8');
    assert.match(svg, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* width="1400"/);
    assert.ok(svg.includes(TITLE), 'the title is in the SVG');
    assert.ok(svg.includes('Heap &#60;after&#62; 20 s &#38; more'), 'the caption, escaped');
    assert.match(svg, /game-server at 20 s of 60 s: 1,000 producers/);
    assert.match(svg, /Channel Lab, tokio 1\.53\.1/);
    await dialog.getByRole('combobox', { name: 'Figure' }).selectOption('readouts');
    const md = (await save('Markdown', 'figure-readouts.md')).bytes.toString('utf8');
    assert.match(md, /^\| Figure \| tokio unbounded \| tokio bounded\(128\) \|/);
    // the exported PNG, looked at
    await page.goto(`file://${process.cwd()}/${png.path}`);
    await page.screenshot({ path: `${SHOTS}/44-exported-anatomy-viewed.png` });
    assert.deepEqual(errors, []);

    // an embed saves the figure it shows
    await page.goto(
      `${baseUrl()}?embed=1&view=readouts&preset=game-server&t=20000&theme=dark&caption=Seen%20here`,
    );
    await page.getByTestId('readout-heap-0').waitFor({ timeout: 20_000 });
    await page.getByText('Save figure').click();
    const fromEmbed = await saveFrom(
      page,
      () => page.getByRole('button', { name: 'PNG' }).click(),
      'embed-readouts.png',
    );
    assert.equal(pngSize(fromEmbed.bytes).width, 1400);
    const embedSvg = await saveFrom(
      page,
      () => page.getByRole('button', { name: 'SVG' }).click(),
      'embed-readouts.svg',
    );
    assert.ok(embedSvg.bytes.toString('utf8').includes('Seen here'));
    await page.close();

    // the command line writes the same kind of file, without a window
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/figure.ts', ...args], { encoding: 'utf8' });
    const bad = run('--preset', 'game-server', '--view', 'heap', '--t', 'soon', '--out', 'x.png');
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    const cli = run(
      '--preset',
      'game-server',
      '--view',
      'heap',
      '--t',
      '20',
      '--log',
      '--out',
      `${SHOTS}/cli-heap.png`,
    );
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(pngSize(readFileSync(`${SHOTS}/cli-heap.png`)).width, 1400);
  });
});
