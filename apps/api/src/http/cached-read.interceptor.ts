import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { map, Observable, of } from 'rxjs';
import { vietnamDateOf } from '@ndp/catalogue';
import { DEFAULT_ANSWER_CACHE_MIB } from '../config/app-config';
import { CatalogueRuntime } from '../infrastructure/catalogue-runtime';
import { AnswerCache } from './answer-cache';
import type { AuthenticatedRequest } from './auth';
import { maySeePersons } from './personal-data';

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

export function answerTag(position: number, key: string, prefix = ''): string {
  const digest = createHash('sha256').update(`${ANSWER_FORMAT}\u0000${position}\u0000${key}`).digest('base64url').slice(0, 22);
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
@Injectable()
export class CachedReadInterceptor implements NestInterceptor {
  readonly cache: AnswerCache;

  constructor(
    private readonly reflector: Reflector,
    private readonly runtime: CatalogueRuntime,
  ) {
    this.cache = new AnswerCache((runtime.config.answerCacheMiB ?? DEFAULT_ANSWER_CACHE_MIB) * 2 ** 20);
  }

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
    const key = answerKey(route, req.params ?? {}, (req.query ?? {}) as Record<string, unknown>, vietnamDateOf(this.runtime.config.now()), maySeePersons(req));
    const ifNoneMatch = req.headers['if-none-match'];
    const kept = this.cache.get(position, key);
    if (kept) return of(send(res, ifNoneMatch, kept.etag, kept.body));
    return next.handle().pipe(
      map((answer: unknown) => {
        // Files (a string with their own headers) and anything else but a JSON object pass through.
        if (!isPlainObject(answer)) return answer;
        // The projections moved while the answer was read: it may hold part of a later position.
        if (projector.checkpoint !== position) return answer;
        const etag = answerTag(position, key, options.tagPrefix ? `${options.tagPrefix(answer)}.` : '');
        const body = JSON.stringify(answer);
        this.cache.set(position, key, { body, etag });
        return send(res, ifNoneMatch, etag, body);
      }),
    );
  }
}
