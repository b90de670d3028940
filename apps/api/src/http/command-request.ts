import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Actor, LegalBasis } from '@ndp/catalogue';
import { CommandMetadata } from '../infrastructure/command-metadata';
import { badRequest, ProblemException } from './problem';

const KEY_RE = /^[\x21-\x7e]{1,200}$/;
const CORRELATION_RE = /^[A-Za-z0-9._:-]{1,100}$/;

/** Canonical JSON (sorted keys) so that the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

export interface RequestCommandContext {
  idempotency: CommandMetadata['idempotency'];
  correlationId: string;
  commandId: string;
  /** The raw If-Match revision when the header is present. */
  ifMatch: number | null;
}

/** The command-relevant parts of a request: Idempotency-Key, correlation id, If-Match. */
export const CommandRequest = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestCommandContext =>
  readCommandRequest(ctx.switchToHttp().getRequest<FastifyRequest>()),
);

/** A request header as Express's req.header() gave it (Node joins repeated ones, except set-cookie). */
function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * What the idempotency hash covers: the method, the path as sent (not decoded, no query: what
 * Express's `req.baseUrl + req.path` was, so Idempotency-Keys recorded before still match) and
 * the canonical body.
 */
function requestHashInput(method: string, url: string, body: unknown): string {
  const q = url.indexOf('?');
  return `${method} ${q < 0 ? url : url.slice(0, q)}\n${canonical(body ?? null)}`;
}

export function readCommandRequest(req: FastifyRequest): RequestCommandContext {
  const key = header(req, 'idempotency-key');
  if (key !== undefined && !KEY_RE.test(key))
    throw badRequest('Idempotency-Key must be 1–200 visible ASCII characters', [{ field: 'Idempotency-Key', message: 'invalid' }]);
  const correlation = header(req, 'x-correlation-id');
  const requestHash = createHash('sha256')
    .update(requestHashInput(req.method, req.url, req.body))
    .digest('hex');
  return {
    idempotency: key ? { key, requestHash } : null,
    correlationId: correlation && CORRELATION_RE.test(correlation) ? correlation : randomUUID(),
    commandId: randomUUID(),
    ifMatch: parseIfMatch(header(req, 'if-match')),
  };
}

/** A revision no stream ever has: what a weak tag is compared as. */
export const NEVER_MATCHES = -2;

/**
 * Accepts `"3"` or `3`, and the ETag of GET /v1/platforms/{id} as read (`"3.<digest>"`: the
 * revision, then what tells answers at other log positions apart; only the revision is the
 * entry's version, so only it is compared). If-Match compares strongly (RFC 9110 §13.1.1): a
 * weak tag such as `W/"3"` never matches, so the change meets a revision conflict (after
 * authorization).
 */
export function parseIfMatch(header: string | undefined): number | null {
  if (header === undefined) return null;
  if (/^\s*W\/"?\d{1,9}"?\s*$/.test(header) || /^\s*W\/"\d{1,9}\.[A-Za-z0-9_-]{22}"\s*$/.test(header)) return NEVER_MATCHES;
  const m = /^\s*"?(\d{1,9})"?\s*$/.exec(header) ?? /^\s*"(\d{1,9})\.[A-Za-z0-9_-]{22}"\s*$/.exec(header);
  if (!m) throw badRequest('If-Match must be an entry revision such as "3"', [{ field: 'If-Match', message: 'not a revision' }]);
  return Number(m[1]);
}

export function requireIfMatch(ctx: RequestCommandContext): number {
  if (ctx.ifMatch === null)
    throw new ProblemException(
      412,
      'if-match-required',
      'Precondition required',
      'This change needs an If-Match header with the revision you read (see the ETag of GET /v1/platforms/{id})',
    );
  return ctx.ifMatch;
}

export function commandMetadata(actor: Actor, ctx: RequestCommandContext, body: { legalBasis?: LegalBasis | null; reason?: string | null }): CommandMetadata {
  return {
    actor,
    legalBasis: body.legalBasis ? { ...body.legalBasis } : null,
    reason: body.reason ?? null,
    idempotency: ctx.idempotency,
    correlationId: ctx.correlationId,
    commandId: ctx.commandId,
  };
}
