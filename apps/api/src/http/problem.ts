import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@ndp/catalogue';
import { AuthenticationError } from '@ndp/auth';
import { IdempotencyKeyReusedError } from '@ndp/event-store';
import { isTransientStorageError, ProjectionLagError } from '@ndp/projections';
import { RevisionConflictError } from '../infrastructure/revision-conflict.error';
import { localizeProblem, preferredLanguage } from './problem-messages';

export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem raised deliberately by our own code. */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export const badRequest = (detail: string, errors: FieldError[] = []) =>
  new ProblemException(400, 'invalid-input', 'Invalid input', detail, errors.length ? { errors } : {});

const DOMAIN_STATUS = { rule: 422, forbidden: 403, 'not-found': 404, conflict: 409 } as const;
const DOMAIN_TITLE = {
  rule: 'Business rule broken',
  forbidden: 'Not allowed',
  'not-found': 'Not found',
  conflict: 'Conflict',
} as const;

/** body-parser's error types, which reach us before any controller runs. */
const PARSER_ERRORS: Record<string, [number, string, string]> = {
  'entity.parse.failed': [400, 'malformed-json', 'Malformed JSON body'],
  'entity.too.large': [413, 'body-too-large', 'Request body too large'],
  'encoding.unsupported': [415, 'unsupported-encoding', 'Unsupported content encoding'],
  'charset.unsupported': [415, 'unsupported-charset', 'Unsupported charset'],
  'request.aborted': [400, 'request-aborted', 'Request aborted'],
};

function isHttpError(e: unknown): boolean {
  const x = e as { statusCode?: unknown; expose?: unknown } | null | undefined;
  return typeof x?.statusCode === 'number' && typeof x.expose === 'boolean';
}

interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  extra?: Record<string, unknown>;
  /**
   * How a 5xx is logged: 'stack' (default: unexpected), 'none' (the projector already said why,
   * once), 'throttled' (a full disk: one line per 10 s, not one per request).
   */
  log?: 'stack' | 'none' | 'throttled';
}

export function toProblem(error: unknown): Problem {
  // Fastify's Nest adapter wraps the http-errors of body-parser (which runs as middleware) in an
  // HttpException; the original says which problem it is.
  if (error instanceof HttpException && isHttpError(error.cause)) error = error.cause;
  if (error instanceof ProblemException) return { status: error.status, code: error.code, title: error.title, detail: error.detail, extra: error.extra };
  if (error instanceof DomainError && error.code === 'revision-conflict')
    return {
      status: 409,
      code: 'revision-conflict',
      title: 'Revision conflict',
      detail: `${error.message}; read the entry again and resend with If-Match: "${String(error.details.currentRevision)}"`,
      extra: { ...error.details },
    };
  if (error instanceof DomainError)
    return {
      status: DOMAIN_STATUS[error.kind],
      code: error.code,
      title: DOMAIN_TITLE[error.kind],
      detail: error.message,
      extra: { ...error.details, ...(error.field ? { errors: [{ field: error.field, message: error.message }] } : {}) },
    };
  if (error instanceof RevisionConflictError)
    return {
      status: 409,
      code: 'revision-conflict',
      title: 'Revision conflict',
      detail: `${error.message}; read the entry again and resend with If-Match: "${error.currentRevision}"`,
      extra: { currentRevision: error.currentRevision },
    };
  if (error instanceof IdempotencyKeyReusedError)
    return { status: 409, code: 'idempotency-key-reused', title: 'Idempotency-Key reused', detail: error.message };
  if (error instanceof ProjectionLagError)
    return {
      status: 503,
      code: 'recorded-not-yet-readable',
      title: 'Recorded, not yet readable',
      detail: `The change was recorded at log position ${error.position}, but the read models do not show it yet: ${error.reason}. Do not send it again; it will be readable once the read models catch up (a repeat with the same Idempotency-Key returns the same answer).`,
      extra: { recorded: true, position: error.position, projectedTo: error.projectedTo, reason: error.reason },
      log: 'none',
    };
  // The store could not write (full disk, I/O error): nothing of this request was recorded.
  if (isTransientStorageError(error)) {
    const full = /FULL/.test(String((error as { code?: string }).code)) || (error as { code?: string }).code === 'ENOSPC';
    return full
      ? {
          status: 507,
          code: 'storage-full',
          title: 'Insufficient storage',
          detail: 'The store is full: nothing was recorded. Reads still work; retry once space has been freed.',
          extra: { recorded: false },
          log: 'throttled',
        }
      : {
          status: 503,
          code: 'storage-unavailable',
          title: 'Storage unavailable',
          detail: 'The store could not be written: nothing was recorded. Retry shortly.',
          extra: { recorded: false },
          log: 'throttled',
        };
  }
  if (error instanceof AuthenticationError) return { status: 401, code: 'unauthenticated', title: 'Unauthenticated', detail: error.message };
  const parser = error as { type?: string; status?: number; expose?: boolean; message?: string } | null;
  if (parser?.type && PARSER_ERRORS[parser.type]) {
    const [status, code, title] = PARSER_ERRORS[parser.type];
    return { status, code, title, detail: title };
  }
  // Other client errors raised by body-parser (e.g. a body that is not the gzip it claims to be).
  if (parser?.expose && typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500 && !(error instanceof HttpException))
    return { status: parser.status, code: 'unreadable-body', title: 'Unreadable request body', detail: parser.message ?? 'The request body could not be read' };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const detail = typeof body === 'string' ? body : ((body as { message?: string | string[] }).message ?? error.message);
    return {
      status,
      code: status === 404 ? 'not-found' : `http-${status}`,
      title: HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase() ?? 'Error',
      detail: Array.isArray(detail) ? detail.join('; ') : String(detail),
    };
  }
  return { status: 500, code: 'internal', title: 'Internal server error', detail: 'An unexpected error occurred; it has been logged.' };
}

/** Every error leaves as application/problem+json; nothing internal (stack, SQL) leaks. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const req = ctx.getRequest<FastifyRequest>();
    sendProblem(reply, req, toProblem(error), (e) => this.logger.error(e), error);
  }
}

let storageLogged = { at: 0, suppressed: 0 };

interface ProblemAnswer {
  status: number;
  language: string;
  body: string;
}

/** Appends to a Vary header as Express's res.vary did (no duplicates, `*` wins). */
export function varyWith(current: unknown, field: string): string {
  const value = Array.isArray(current) ? current.join(', ') : typeof current === 'string' ? current : '';
  if (value.trim() === '') return field;
  const fields = value.split(',').map((f) => f.trim());
  if (fields.includes('*') || fields.some((f) => f.toLowerCase() === field.toLowerCase())) return value;
  return `${value}, ${field}`;
}

function problemAnswer(req: FastifyRequest, url: string, problem: Problem, log: (e: unknown) => void, original: unknown): ProblemAnswer {
  if (problem.status >= 500 && problem.log === 'throttled') {
    const now = Date.now();
    if (now - storageLogged.at >= 10000) {
      const e = original as { code?: string; message?: string };
      log(
        `${problem.code}: ${e?.code ?? ''} ${e?.message ?? ''} (answered ${problem.status}${storageLogged.suppressed ? `; ${storageLogged.suppressed} more since the last line` : ''})`,
      );
      storageLogged = { at: now, suppressed: 0 };
    } else storageLogged.suppressed++;
  } else if (problem.status >= 500 && problem.log !== 'none') log(original);
  // title and detail follow Accept-Language (English when absent); the type code never changes.
  const language = preferredLanguage(req.headers?.['accept-language']);
  const p = localizeProblem(problem, language);
  const body = JSON.stringify({
    type: `urn:ndp-catalogue:problem:${p.code}`,
    title: p.title,
    status: p.status,
    detail: p.detail,
    instance: url,
    ...(p.extra ?? {}),
  });
  return { status: p.status, language, body };
}

const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** Answers a problem through Fastify's reply (so that hooks such as CORS still add their headers). */
export function sendProblem(reply: FastifyReply, req: FastifyRequest, problem: Problem, log: (e: unknown) => void, original: unknown): void {
  const a = problemAnswer(req, req.originalUrl ?? req.url, problem, log, original);
  if (reply.sent || reply.raw.headersSent) return;
  reply
    .status(a.status)
    .header('Content-Language', a.language)
    .header('Vary', varyWith(reply.getHeader('vary'), 'Accept-Language'))
    .header('Content-Type', PROBLEM_TYPE)
    .send(a.body);
}
