import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { static as serveStatic } from 'express';
import type { NextFunction, Request, Response } from 'express';

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
export function serveViewer(app: NestExpressApplication, dir = viewerDir()): void {
  if (!dir) return;
  const files = serveStatic(dir, { index: 'index.html', dotfiles: 'ignore', fallthrough: true, redirect: false, etag: true, maxAge: 0 });
  // API, docs and probes never name a viewer file: skip the file-system look-up on those hot paths.
  app.use((req: Request, res: Response, next: NextFunction) => (API_PATH.test(req.path) ? next() : files(req, res, next)));
}

const API_PATH = /^\/(v1|docs|health|ready|metrics)(\/|$|-)/;
