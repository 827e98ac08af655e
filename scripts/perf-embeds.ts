/**
 * perf:ui --embeds: what embeds cost the page of a blog post, in headless Chromium.
 * - one_heap_embed_cores: CPU of one playing heap embed (game-server at 1×, 700 px), as cores: the CPU
 *   time all of Chromium's processes used while it played (renderer with its worker, GPU process,
 *   browser), divided by the wall time, less the same browser idling on a blank page for as long;
 * - three_embeds_p95_frame_ms / three_embeds_max_long_frame_ms: a post on another origin with three
 *   playing embeds (heap chart, anatomy, readouts table) scrolled up and down by the reader: the 95th
 *   percentile of the post's requestAnimationFrame intervals and its longest animation frame;
 * - three_embeds_cores: the CPU of that page, the same way.
 * The load average is printed with the figures: on a busy machine every figure is worse.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { Browser } from '../test/e2e/browser.ts';
import { serveStatic } from './serve.ts';
import { longestLoaf, p95, startFrameRecorder, stopFrameRecorder } from './frame-recorder.ts';

export interface EmbedFigures {
  readonly one_heap_embed_cores: number;
  readonly three_embeds_cores: number;
  readonly three_embeds_p95_frame_ms: number;
  readonly three_embeds_max_long_frame_ms: number;
  readonly load_average: number;
}

interface ProcessInfo {
  readonly processInfo: readonly { type: string; id: number; cpuTime: number }[];
}

/** CPU seconds used by every Chromium process so far. */
async function cpuSeconds(browser: Browser): Promise<number> {
  const b = browser.context.browser();
  if (b === null) throw new Error('no browser-level CDP session');
  const cdp = await b.newBrowserCDPSession();
  const info = (await cdp.send('SystemInfo.getProcessInfo' as never)) as unknown as ProcessInfo;
  await cdp.detach();
  return info.processInfo.reduce((sum, p) => sum + p.cpuTime, 0);
}

/** Cores used while `during` runs: CPU seconds over wall seconds. */
async function cores(browser: Browser, during: () => Promise<void>): Promise<number> {
  const cpu0 = await cpuSeconds(browser);
  const t0 = performance.now();
  await during();
  const wall = (performance.now() - t0) / 1000;
  return ((await cpuSeconds(browser)) - cpu0) / wall;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

export async function measureEmbeds(
  browser: Browser,
  appUrl: string,
  seconds: number,
  log: (s: string) => void,
): Promise<EmbedFigures> {
  const ms = seconds * 1000;
  const embed = (view: string) =>
    `${appUrl}?embed=1&view=${view}&preset=game-server&theme=light&autoplay=1`.replace(/&/g, '&amp;');

  // the baseline: the same browser with a blank page, for as long
  const blank = await browser.newPage({ width: 700, height: 700 });
  await blank.goto('about:blank');
  const idle = await cores(browser, () => blank.waitForTimeout(ms));
  await blank.close();

  // one heap embed, playing, as a reader sees it in a 700 px column
  const one = await browser.newPage({ width: 700, height: 700 });
  await one.goto(`${appUrl}?embed=1&view=heap&preset=game-server&theme=light&autoplay=1`);
  await one.locator('.embed[data-embed-state="playing"]').waitFor({ timeout: 20_000 });
  await one.waitForTimeout(1000);
  const oneCores = (await cores(browser, () => one.waitForTimeout(ms))) - idle;
  await one.close();

  // a post with three playing embeds, scrolled by its reader
  const figure = (view: string, h: number) =>
    `<iframe src="${embed(view)}" title="${view}" style="width:100%;height:${h}px;border:0"></iframe>`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>A post</title>
<style>body{font:16px/1.5 sans-serif;margin:0}main{width:700px;margin:0 auto}p{margin:1em 0}</style></head>
<body><main><h1>Why is my channel so big?</h1>${figure('heap', 560)}<p>Some text between the figures.</p>
${figure('anatomy', 700)}<p>More text.</p>${figure('readouts', 620)}<p style="height:600px">The end.</p></main></body></html>`;
  const host = await serveStatic({ pages: { '/post.html': html } });
  try {
    const page = await browser.newPage({ width: 1000, height: 900 });
    await page.goto(`${host.origin}/post.html`);
    // bring each figure into view once, so each starts its worker and plays
    for (const f of await page.locator('iframe').all()) {
      await f.scrollIntoViewIfNeeded();
      await page.waitForTimeout(1500);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(1000);
    await startFrameRecorder(page);
    const threeCores =
      (await cores(browser, async () => {
        // the reader scrolls down and up through the post, a wheel notch every 100 ms
        const end = performance.now() + ms;
        let down = true;
        while (performance.now() < end) {
          await page.mouse.wheel(0, down ? 120 : -120);
          await page.waitForTimeout(100);
          const y = await page.evaluate(() => ({
            y: window.scrollY,
            max: document.documentElement.scrollHeight - window.innerHeight,
          }));
          if (down && y.y >= y.max) down = false;
          else if (!down && y.y <= 0) down = true;
        }
      })) - idle;
    const record = await stopFrameRecorder(page);
    const frames = { p95: p95(record.frames), maxLoaf: longestLoaf(record), count: record.frames.length };
    const playing = await Promise.all(
      page
        .frames()
        .filter((f) => f !== page.mainFrame())
        .map((f) => f.locator('.embed').getAttribute('data-embed-state')),
    );
    log(
      `perf:ui --embeds: idle browser ${idle.toFixed(2)} cores; one heap embed ${oneCores.toFixed(2)} cores; ` +
        `three embeds ${threeCores.toFixed(2)} cores, ${frames.count} frames, p95 ${frames.p95.toFixed(1)} ms, ` +
        `longest animation frame ${frames.maxLoaf.toFixed(0)} ms; embeds ${playing.join(', ')}; load average ` +
        `${loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')} on ${availableParallelism()} cores`,
    );
    await page.close();
    return {
      one_heap_embed_cores: round(Math.max(0, oneCores), 2),
      three_embeds_cores: round(Math.max(0, threeCores), 2),
      three_embeds_p95_frame_ms: round(frames.p95, 1),
      three_embeds_max_long_frame_ms: round(frames.maxLoaf, 0),
      load_average: round(loadavg()[0] ?? 0, 1),
    };
  } finally {
    await host.stop();
  }
}
