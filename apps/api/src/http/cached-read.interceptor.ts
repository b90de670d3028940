import { hash } from 'node:crypto';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable, of } from 'rxjs';
import { vietnamDateOf } from '@ndp/catalogue';
import { DEFAULT_ANSWER_CACHE_MIB } from '../config/app-config';
import { CatalogueRuntime } from '../infrastructure/catalogue-runtime';
import { AnswerCache } from './answer-cache';
import type { AuthenticatedRequest } from './auth';
import { maySeePersons } from './personal-data';
import { rateLimitCost } from './rate-limit';

const CACHED_READ = 'ndp:cached-read';

/**
 * Bumped whenever the shape of any cached answer changes, so that a client holding a tag from an
 * older build of the service does not get a 304 for a body the new build would write differently.
 */
const ANSWER_FORMAT = '1';

export interface CachedReadOptions {
  /**
   * A prefix of the tag taken from the answer, ending in a dot: the entry read puts its revision
   * there, so that the ETag a client reads still names the revision it sends back as If-Match
   * (`"3.…"`; see parseIfMatch).
   */
  tagPrefix?: (answer: Record<string, unknown>) => string;
}

/**
 * Marks a GET route whose JSON answer is a function of the route, its query, the log position the
 * read models are at, today's date in Vietnam and whether the caller may see persons — and of
 * nothing else. Such answers get a strong ETag, a 304 on a matching If-None-Match and are served
 * from the answer cache while the position stays. Not for answers that depend on the token beyond
 * that (auth/me), on the clock beyond the date (integrity), or that are files (those pass through).
 */
export const CachedRead = (options: CachedReadOptions = {}) => SetMetadata(CACHED_READ, options);

/**
 * If-None-Match against our tag, with the weak comparison RFC 9110 §13.1.2 asks for on GET:
 * `W/` is ignored on both sides, any listed tag may match, `*` matches any current answer.
 */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  for (const raw of header.split(',')) {
    const tag = raw.trim();
    if ((tag.startsWith('W/') ? tag.slice(2) : tag) === etag) return true;
  }
  return false;
}

/** The answer's identity apart from the position: route, path parameters, query (sorted), date, class. */
export function answerKey(route: string, params: Record<string, unknown>, query: Record<string, unknown>, today: string, persons: boolean): string {
  // minPosition only says how long to wait before reading; the answer does not depend on it.
  const q = Object.keys(query)
    .filter((k) => k !== 'minPosition')
    .sort()
    .map((k) => [k, query[k]]);
  const p = Object.keys(params)
    .sort()
    .map((k) => [k, params[k]]);
  return JSON.stringify([route, p, q, today, persons ? 'persons' : 'public']);
}

/**
 * A second key for a kept answer: the request line as sent, on a date. Only requests that nothing
 * but their line and the position decide are kept under it (see CachedReadInterceptor.early).
 */
export function requestLineKey(url: string, today: string): string {
  return `\u0000line\u0000${today}\u0000${url}`;
}

export function answerTag(position: number, key: string, prefix = ''): string {
  // One-shot hash: the same digest as createHash().update().digest() without a Hash object per answer.
  const digest = hash('sha256', `${ANSWER_FORMAT}\u0000${position}\u0000${key}`, 'base64url').slice(0, 22);
  return `"${prefix}${digest}"`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * What a cached read sends: 304 with the tag and no body when If-None-Match names it (RFC 9110
 * §13.1.2), else the JSON with its tag. The 304 is a plain answer, not an exception: Nest sends
 * it with the status set here, through the same hooks as a 200 (security headers, CORS, request
 * id), without the exception filter's detour on what is the hottest path of a polling client.
 */
function send(res: FastifyReply, ifNoneMatch: string | undefined, etag: string, body: string): string | undefined {
  res.header('ETag', etag);
  if (noneMatchHits(ifNoneMatch, etag)) {
    res.status(304);
    return undefined;
  }
  res.header('Content-Type', 'application/json; charset=utf-8');
  return body;
}

/**
 * The ETag/304 and answer cache of the routes marked @CachedRead (see there). Runs after
 * MinPositionInterceptor, so the position it reads is one the read models have reached.
 * Public and persons-visible answers never share a key, a cache entry or a tag.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Handler = Function;
const lineDecided = new WeakMap<Handler, boolean>();

/**
 * Whether a route's answer to a request without a token is decided by the request line alone
 * (with the position and the date), so that it may be answered before Nest's pipeline: not when
 * the route is rate-limited (every request must be counted), nor when it writes to the reply
 * itself (@Res: headers of its own the kept answer would not carry).
 */
function decidedByLine(controller: Handler, handler: Handler): boolean {
  let decided = lineDecided.get(handler);
  if (decided === undefined) {
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler.name) ?? {}) as Record<string, unknown>;
    const touchesReply = Object.keys(args).some((k) => {
      const type = Number(k.split(':')[0]);
      return type === RouteParamtypes.RESPONSE || type === RouteParamtypes.NEXT;
    });
    decided = !touchesReply && rateLimitCost(controller, handler) === undefined;
    lineDecided.set(handler, decided);
  }
  return decided;
}

@Injectable()
export class CachedReadInterceptor implements NestInterceptor {
  readonly cache: AnswerCache;

  constructor(
    private readonly reflector: Reflector,
    private readonly runtime: CatalogueRuntime,
  ) {
    this.cache = new AnswerCache((runtime.config.answerCacheMiB ?? DEFAULT_ANSWER_CACHE_MIB) * 2 ** 20);
  }

  /**
   * Fastify preHandler hook (bootstrap.ts): a GET or HEAD without a token whose request line,
   * at this position and date, was answered before is answered again from the cache — 304 or
   * the kept JSON — without Nest's guards, interceptors, pipes and controller. What those would
   * do is already known: the same line passed the same query checks and reached the same
   * answer (routes where more than the line decides are never kept under it, see decidedByLine;
   * a token, another position or another date miss; a line with ?minPosition=N was kept only
   * once the position had reached N). Everything before the handler —
   * security headers, CORS, the request id, the log line and metrics — still runs.
   */
  readonly early = (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    if (
      this.cache.size > 0 &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      request.headers.authorization === undefined &&
      !this.runtime.readOnly
    ) {
      const kept = this.cache.get(this.runtime.projector.checkpoint, requestLineKey(request.url, vietnamDateOf(this.runtime.config.now())));
      if (kept) {
        void reply.send(send(reply, request.headers['if-none-match'], kept.etag, kept.body));
        return;
      }
    }
    done();
  };

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<CachedReadOptions | undefined>(CACHED_READ, context.getHandler());
    // A reader beside another process's writer projects nothing itself: its position says nothing.
    if (!options || this.runtime.readOnly) return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next.handle();
    const res = http.getResponse<FastifyReply>();
    const projector = this.runtime.projector;
    const position = projector.checkpoint;
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    const query = (req.query ?? {}) as Record<string, unknown>;
    const today = vietnamDateOf(this.runtime.config.now());
    const key = answerKey(route, req.params ?? {}, query, today, maySeePersons(req));
    // Kept under its request line too when that line alone decides it (see early).
    const line = req.headers.authorization === undefined && decidedByLine(context.getClass(), context.getHandler()) ? requestLineKey(req.url, today) : null;
    const ifNoneMatch = req.headers['if-none-match'];
    const kept = this.cache.get(position, key);
    if (kept) {
      if (line) this.cache.alias(position, line, key);
      return of(send(res, ifNoneMatch, kept.etag, kept.body));
    }
    return next.handle().pipe(
      map((answer: unknown) => {
        // Files (a string with their own headers) and anything else but a JSON object pass through.
        if (!isPlainObject(answer)) return answer;
        // The projections moved while the answer was read: it may hold part of a later position.
        if (projector.checkpoint !== position) return answer;
        const etag = answerTag(position, key, options.tagPrefix ? `${options.tagPrefix(answer)}.` : '');
        const body = JSON.stringify(answer);
        this.cache.set(position, key, { body, etag });
        if (line) this.cache.alias(position, line, key);
        return send(res, ifNoneMatch, etag, body);
      }),
    );
  }
}
