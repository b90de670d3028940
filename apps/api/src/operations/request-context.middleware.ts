import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Metrics } from './metrics';

const CORRELATION_RE = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Gives every request a correlation id (the client's X-Correlation-Id when well-formed),
 * echoes it back, and on completion logs one JSON line and observes the latency metric. The
 * same id is recorded on the events a command writes.
 */
export function requestContext(metrics: Metrics | null, logger: Logger | null) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.header('x-correlation-id');
    const correlationId = given && CORRELATION_RE.test(given) ? given : randomUUID();
    req.headers['x-correlation-id'] = correlationId;
    res.setHeader('X-Correlation-Id', correlationId);
    const started = performance.now();
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      // The matched route pattern (not the raw URL) keeps label cardinality bounded.
      const route = (req.route?.path as string | undefined) ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      metrics?.httpSeconds.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      logger?.info(
        { correlationId, method: req.method, url: req.originalUrl.slice(0, 300), status: res.statusCode, ms: Math.round(seconds * 1000) },
        'request',
      );
    });
    next();
  };
}
