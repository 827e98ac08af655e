/**
 * A second web server for the browser tests, on its own port (so its pages are another origin than
 * the app's): serves fixed pages (a blog-like host page) and, optionally, the production build under
 * a sub-path, as GitHub Pages would. Plain files, no special headers.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};

export interface StaticServer {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  stop(): Promise<void>;
}

export async function serveStatic(opts: {
  /** exact paths to fixed HTML pages */
  pages?: Record<string, string>;
  /** a directory served under `prefix` (e.g. dist/ under /deep/sub/path/) */
  dir?: { root: string; prefix: string };
}): Promise<StaticServer> {
  const server: HttpServer = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (path === '/favicon.ico') {
        res.writeHead(204);
        res.end();
        return;
      }
      const page = opts.pages?.[path];
      if (page !== undefined) {
        res.writeHead(200, { 'content-type': TYPES['.html'] ?? 'text/html' });
        res.end(page);
        return;
      }
      const d = opts.dir;
      if (d !== undefined && path.startsWith(d.prefix)) {
        let rel = path.slice(d.prefix.length);
        if (rel === '' || rel.endsWith('/')) rel += 'index.html';
        const file = normalize(join(d.root, rel));
        if (file.startsWith(normalize(d.root))) {
          try {
            const body = await readFile(file);
            res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
            res.end(body);
            return;
          } catch {
            // fall through to 404
          }
        }
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
