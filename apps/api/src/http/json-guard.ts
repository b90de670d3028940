import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from './problem';
import { normaliseStrings } from './text-input';

export const MAX_JSON_DEPTH = 32;
/** Keys that address an object's prototype machinery rather than data; class-transformer skips them silently. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Looks at a parsed body without recursion: no legitimate request nests 32 levels deep, and a
 * hostile one must be refused here rather than overflow the stack of a recursive library.
 */
export function inspectJsonBody(body: unknown): string | null {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: body, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return `the body nests deeper than ${MAX_JSON_DEPTH} levels`;
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `${path ? path + '.' : ''}${key} is not a known field`;
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, path: path ? `${path}.${key}` : key });
    }
  }
  return null;
}

/**
 * After the body parser: refuses bodies no route could want, and rewrites every string of the
 * body to NFC in place, so that everything after (validation, the idempotency hash, the
 * record) sees one spelling of each text.
 */
export function jsonGuard(req: IncomingMessage & { body?: unknown }, _res: ServerResponse, next: (error?: unknown) => void): void {
  const problem = inspectJsonBody(req.body);
  if (problem) return next(badRequest(`Invalid body: ${problem}`, [{ field: 'body', message: problem }]));
  if (req.body !== null && typeof req.body === 'object') normaliseStrings(req.body);
  next();
}
