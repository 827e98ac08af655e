/**
 * Web servers for the browser tests, perf:ui and figures, all Vite's own preview server (its JS API,
 * in this process) on 127.0.0.1 and a free port, so what the tests load is served as `vite preview`
 * serves the production build:
 * - `serveDist`: the build in dist/ at the root;
 * - `serveStatic`: a second origin, for pages that must be on another origin than the app's: fixed
 *   HTML pages (a blog-like host page), or dist/ under a sub-path as GitHub Pages would serve it.
 * `buildDist` builds dist/ in a child process: Vite's docs advise against `build` and a server in one
 * process (both read NODE_ENV from the mode).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { preview, type Plugin } from 'vite';

export interface Server {
  /** http://127.0.0.1:PORT/ (with the sub-path, if any) */
  readonly url: string;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  stop(): Promise<void>;
}

/**
 * `dir` served under `base` on a free port. No config file: the preview server serves files, it needs
 * none of the app's plugins, and the same options serve dist/ and a folder of fixed pages alike.
 */
async function previewDir(dir: string, base = '/', plugins: Plugin[] = []): Promise<Server> {
  const server = await preview({
    configFile: false,
    plugins,
    root: process.cwd(),
    base,
    build: { outDir: dir },
    preview: { host: '127.0.0.1', port: 0, strictPort: true },
    logLevel: 'warn',
  });
  const addr = server.httpServer.address();
  if (addr === null || typeof addr !== 'object') throw new Error('vite preview is not listening');
  const origin = `http://127.0.0.1:${addr.port}`;
  return { url: `${origin}${base}`, origin, stop: () => server.close() };
}

/**
 * The browser asks a page's origin for /favicon.ico; a fixed page has none, and the 404 would be a
 * console error, which the tests count: answer 204, no content.
 */
const NO_FAVICON: Plugin = {
  name: 'no-favicon',
  configurePreviewServer(server) {
    server.middlewares.use('/favicon.ico', (_req, res) => {
      res.statusCode = 204;
      res.end();
    });
  },
};

/** The production build (dist/, made by `buildDist`, or another build folder) at the root of a fresh origin. */
export function serveDist(dir = 'dist'): Promise<Server> {
  return previewDir(dir);
}

/** Another origin than the app's: fixed pages by path (`/post.html`), or dist/ under a sub-path. */
export async function serveStatic(
  opts: { readonly pages: Record<string, string> } | { readonly subPath: string },
): Promise<Server> {
  if ('subPath' in opts) return previewDir('dist', opts.subPath);
  const dir = await mkdtemp(join(tmpdir(), 'channel-lab-pages-'));
  for (const [path, html] of Object.entries(opts.pages)) {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, html);
  }
  const server = await previewDir(dir, '/', [NO_FAVICON]);
  return {
    ...server,
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `vite build --mode e2e` into dist/ (the type check runs separately in `npm test`): a production
 * build plus the debug handle the browser tests drive (src/ui/debug-handle.ts).
 */
export async function buildDist(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--mode', 'e2e', '--logLevel', 'warn'],
      { stdio: 'inherit' },
    );
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${code})`))));
  });
}
