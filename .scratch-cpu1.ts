import { launch } from '/work/wt/views/test/e2e/browser.ts';
const b = await launch();
const bs = await b.context.browser()!.newBrowserCDPSession();
const proc = async () => ((await bs.send('SystemInfo.getProcessInfo' as never)) as any).processInfo.reduce((s: number, p: any) => s + p.cpuTime, 0);
for (const view of ['heap', 'anatomy', 'heap', 'anatomy']) {
const page = await b.newPage({ width: 700, height: 700 });
await page.goto(`http://127.0.0.1:4917/?embed=1&view=${view}&preset=game-server&theme=light&autoplay=1`);
await page.locator('.embed[data-embed-state="playing"]').waitFor({ timeout: 20000 });
await page.evaluate(() => { (globalThis as any).__n = 0; (globalThis as any).__channelLab.frames.subscribe(() => (globalThis as any).__n++); });
await page.waitForTimeout(1000);
const c0 = await proc();
await page.waitForTimeout(10000);
const c1 = await proc();
console.log(view, 'cores', ((c1 - c0) / 10).toFixed(2), 'frames/s', ((await page.evaluate(() => (globalThis as any).__n)) / 11).toFixed(1));
await page.close();
}
await b.close();
