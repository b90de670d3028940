import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import serveStatic from 'serve-static';

/**
 * Where the web viewer's files are: next to the compiled code when `nest build` copied them
 * (dist/apps/api/apps/api/public, see nest-cli.json `assets`), else apps/api/public in the
 * source tree (tests and development run from it). VIEWER_DIR overrides both.
 */
export function viewerDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.VIEWER_DIR) return existsSync(join(env.VIEWER_DIR, 'index.html')) ? resolve(env.VIEWER_DIR) : null;
  const beside = resolve(__dirname, '..', '..', 'public');
  if (existsSync(join(beside, 'index.html'))) return beside;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'api', 'public');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Serves the catalogue viewer (plain HTML, CSS and JS calling /v1; no build step) at `/`.
 * Only GET and HEAD of files that exist in the folder (index.html, viewer/*.js, viewer.css…)
 * are answered; every other request falls through to the routes, so /v1/*, /docs and /health
 * answer exactly as before.
 */
export function serveViewer(app: NestFastifyApplication, dir = viewerDir()): void {
  if (!dir) return;
  const files = serveStatic(dir, { index: 'index.html', dotfiles: 'ignore', fallthrough: true, redirect: false, etag: true, maxAge: 0 });
  // API, docs and probes never name a viewer file: skip the file-system look-up on those hot paths.
  // serve-static (what Express's static is) as middleware, so paths, caching headers, content types stay the same.
  app.use((req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => (API_PATH.test(pathOf(req.url)) ? next() : files(req, res, next)));
}

const pathOf = (url = '/') => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

const API_PATH = /^\/(v1|docs|health|ready|metrics)(\/|$|-)/;
