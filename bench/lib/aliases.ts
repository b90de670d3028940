/**
 * Resolves the @ndp/* path aliases for the plain `tsc` build of the benchmarks (dist/bench).
 * `nest build` rewrites these imports itself; tsc does not, so every bench process is started
 * with `node -r dist/bench/bench/lib/aliases.js …`, which maps '@ndp/x' to the compiled
 * libs/x/src/index.js next to it.
 */
import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS Module object itself: its resolver is what this file patches.
import Module = require('node:module');

const LIBS = join(__dirname, '..', '..', 'libs');
const ALIAS = /^@ndp\/([a-z-]+)$/;

type Resolve = (request: string, ...rest: unknown[]) => string;
const mod = Module as unknown as { _resolveFilename: Resolve };
const original = mod._resolveFilename;
mod._resolveFilename = function (request: string, ...rest: unknown[]): string {
  const m = ALIAS.exec(request);
  return original.call(this, m ? join(LIBS, m[1], 'src', 'index.js') : request, ...rest);
};
