import { format, parse } from 'content-type';
import etag from 'etag';
import fresh from 'fresh';
import type { FastifyInstance } from 'fastify';

const STATIC_DEFAULT = 'public, max-age=0';

/**
 * What Express's res.send did and Fastify does not, kept so that moving off Express changes
 * nothing a client sees: `charset=utf-8` on the media type of a text body; a weak ETag from the
 * body's hash on every answer that has a body and no tag of its own (problems too); and 304 to
 * a GET or HEAD whose If-None-Match (or If-Modified-Since) it satisfies; and, for static files,
 * the Cache-Control already set. The same packages (content-type, etag, fresh) compute them. Answers with a position-based tag
 * (cached-read.interceptor.ts) carry theirs, so nothing is hashed for them.
 */
export function sendLikeExpress(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    // Express's static files kept the Cache-Control set before them (no-store, security.ts);
    // @fastify/static, which serves Swagger UI's files, puts its default over it.
    const kept = reply.raw.getHeader('cache-control');
    if (kept !== undefined && reply.getHeader('cache-control') === STATIC_DEFAULT) reply.header('Cache-Control', kept);
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    if (typeof payload === 'string') {
      const type = reply.getHeader('content-type');
      // (the JSON type Fastify and our reads set is already what Express made of it)
      if (typeof type === 'string' && type !== 'application/json; charset=utf-8') {
        const parsed = parse(type);
        parsed.parameters.charset = 'utf-8';
        reply.header('Content-Type', format(parsed));
      }
    }
    if (!reply.hasHeader('etag')) reply.header('ETag', etag(payload, { weak: true }));
    const status = reply.statusCode;
    const method = request.method;
    if (
      (method === 'GET' || method === 'HEAD') &&
      ((status >= 200 && status < 300) || status === 304) &&
      fresh(request.headers, { etag: reply.getHeader('etag') as string | undefined, 'last-modified': reply.getHeader('last-modified') as string | undefined })
    ) {
      // As Express: 304, without the body and the headers that describe it.
      reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      reply.removeHeader('transfer-encoding');
      return done(null, null);
    }
    done(null, payload);
  });
}
