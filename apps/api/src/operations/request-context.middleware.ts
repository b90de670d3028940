import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Metrics } from './metrics';

const CORRELATION_RE = /^[A-Za-z0-9._:-]{1,100}$/;

const ROUTE = Symbol('ndp:route');
type LabelledRequest = IncomingMessage & { [ROUTE]?: string; originalUrl?: string };

/**
 * The matched route pattern (e.g. `/v1/platforms/:id`) is put on the bare request once Fastify
 * has routed it; a request answered before routing (a viewer file, a body-parser error) or by
 * no route stays 'unmatched', as on Express.
 */
export function labelRoutes(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const url = request.routeOptions.url;
    if (url !== undefined) (request.raw as LabelledRequest)[ROUTE] = url;
    done();
  });
}

/**
 * Gives every request a correlation id (the client's X-Correlation-Id when well-formed),
 * echoes it back, and on completion logs one JSON line and observes the latency metric. The
 * same id is recorded on the events a command writes.
 */
export function requestContext(metrics: Metrics | null, logger: Logger | null) {
  return (req: LabelledRequest, res: ServerResponse, next: () => void) => {
    const raw = req.headers['x-correlation-id'];
    const given = Array.isArray(raw) ? raw[0] : raw;
    const correlationId = given && CORRELATION_RE.test(given) ? given : randomUUID();
    req.headers['x-correlation-id'] = correlationId;
    res.setHeader('X-Correlation-Id', correlationId);
    const started = performance.now();
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      // The matched route pattern (not the raw URL) keeps label cardinality bounded.
      const route = req[ROUTE] ?? 'unmatched';
      metrics?.httpSeconds.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      logger?.info(
        { correlationId, method: req.method, url: (req.originalUrl ?? req.url ?? '').slice(0, 300), status: res.statusCode, ms: Math.round(seconds * 1000) },
        'request',
      );
    });
    next();
  };
}
