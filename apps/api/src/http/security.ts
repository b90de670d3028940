import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import cors from 'cors';
import type { CorsOptions } from 'cors';
import helmet from 'helmet';

export interface CorsSettings {
  /** Origins allowed to read cross-origin (exact `scheme://host[:port]`, or '*'); empty = no CORS at all. */
  origins: string[];
  /** Whether those origins may also send writes (POST, PATCH); closed unless explicitly opened. */
  allowWrites: boolean;
}

export interface SecuritySettings {
  cors: CorsSettings;
  /** `trustProxy` (same values as Express's `trust proxy`): set behind a reverse proxy so that rate limits see the client's address. Given to Fastify's constructor (bootstrap.ts). */
  trustProxy: string | number | boolean;
  /** Other origins the viewer may call (the OpenID provider's token endpoint); none by default. */
  connectSources?: string[];
}

const READ_METHODS = ['GET', 'HEAD'];
const WRITE_METHODS = ['POST', 'PATCH'];

/**
 * Response headers for a JSON API that also serves its Swagger UI (/docs): helmet's defaults
 * (HSTS, nosniff, frame denial, no referrer, CORP/COOP…) with a CSP that allows only this
 * origin's scripts. Swagger UI loads its bundle and init script as files (`script-src 'self'`)
 * and uses inline styles (`style-src 'unsafe-inline'`), nothing else. Also: CORS (closed unless
 * configured; writes closed unless opened) and slow-client timeouts.
 */
export type RawMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** Installs the security headers, CORS and timeouts; returns the header middleware (for answers given before routing). */
export function applySecurity(app: NestFastifyApplication, settings: SecuritySettings): RawMiddleware[] {
  // helmet itself (as middleware on the bare request and response), so the headers stay exactly those it sets.
  const headers: RawMiddleware[] = [
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'", 'data:'],
          'connect-src': ["'self'", ...(settings.connectSources ?? [])],
          'object-src': ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
        },
      },
      // Public catalogue data may be fetched from other origins where CORS allows it.
      crossOriginResourcePolicy: { policy: settings.cors.origins.length > 0 ? 'cross-origin' : 'same-origin' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
    (_req, res, next) => {
      // Answers depend on the caller's token and change with every write: never cache them in shared caches.
      res.setHeader('Cache-Control', 'no-store');
      next();
    },
  ];
  // The same cors middleware Nest's enableCors() installed on Express (not @fastify/cors, whose
  // answers differ: Vary on every response, other preflight handling).
  if (settings.cors.origins.length > 0) headers.push(cors(corsDelegate(settings.cors)) as RawMiddleware);
  for (const middleware of headers) app.use(middleware);
  const server = app.getHttpServer() as import('node:http').Server;
  // Slow clients: headers within 20 s, the whole request within 60 s (Node: 60 s and 300 s).
  // Idle keep-alive stays Node's 5 s (Fastify's default is 72 s): longer would hold a SIGTERM'd process open that long.
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.maxHeadersCount = 100;
  // Instead of Fastify's own handler (which answers JSON, not problem+json).
  server.removeAllListeners('clientError');
  server.on('clientError', answerClientError);
  return headers;
}

/**
 * Requests that Node's HTTP parser refuses (malformed request line or headers, headers over
 * 16 KB, a client too slow to send them) never reach Fastify: answer them as problem+json too,
 * with nothing from the parser's internals, and close the connection.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
  // As Node's default: nothing can be said on a socket that is gone or already sending a response.
  const inFlight = (socket as unknown as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || error.code === 'ECONNRESET' || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, code, title] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers-too-large', 'Request header fields too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request-timeout', 'Request timeout']
        : [400, 'malformed-request', 'Malformed HTTP request'];
  const body = JSON.stringify({ type: `urn:ndp-catalogue:problem:${code}`, title, status, detail: title });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function corsDelegate(cors: CorsSettings) {
  const any = cors.origins.includes('*');
  const methods = cors.allowWrites ? [...READ_METHODS, ...WRITE_METHODS] : READ_METHODS;
  return (req: IncomingMessage, callback: (error: Error | null, options: CorsOptions) => void) => {
    const origin = req.headers.origin;
    const allowedOrigin = origin !== undefined && (any || cors.origins.includes(origin));
    // A write from a foreign origin gets no CORS grant at all unless writes were opened.
    const isWrite = !READ_METHODS.includes(req.method ?? '') && req.method !== 'OPTIONS';
    const options: CorsOptions = {
      origin: allowedOrigin && (!isWrite || cors.allowWrites) ? (any ? '*' : origin) : false,
      methods,
      allowedHeaders: cors.allowWrites
        ? ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Correlation-Id']
        : ['Authorization', 'X-Correlation-Id'],
      exposedHeaders: ['ETag', 'Location', 'Idempotent-Replayed', 'Retry-After'],
      credentials: false,
      maxAge: 600,
    };
    callback(null, options);
  };
}

export function parseCorsOrigins(value: string | undefined): string[] {
  if (!value || value.trim() === '') return [];
  const origins = value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const o of origins)
    if (o !== '*' && !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(o)) throw new Error(`CORS_ORIGINS: '${o}' is not an origin such as https://example.gov.vn`);
  return origins;
}

export function parseTrustProxy(value: string | undefined): string | number | boolean {
  if (value === undefined || value === '' || /^(false|0|no)$/i.test(value)) return false;
  if (/^(true|yes)$/i.test(value)) return true;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  return value; // e.g. 'loopback', '10.0.0.0/8'
}
