import { BadRequestException, INestApplication, Logger, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'body-parser';
import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { sendLikeExpress } from './http/send-like-express';
import { jsonGuard } from './http/json-guard';
import { applySecurity } from './http/security';
import type { RawMiddleware } from './http/security';
import { sendProblem, toProblem } from './http/problem';
import { verifyJsonBody } from './http/text-input';
import { StrictQueryInterceptor } from './http/strict-query.interceptor';
import { CachedReadInterceptor } from './http/cached-read.interceptor';
import { SeedService } from './seed/seed.service';
import { serveViewer } from './viewer/serve-viewer';
import { Metrics } from './operations/metrics';
import { labelRoutes, requestContext } from './operations/request-context.middleware';
import type { Logger as PinoLogger } from 'pino';

export interface StartedApp {
  app: INestApplication;
  url: string;
  seeded: boolean;
}

/** Builds the HTTP application; shared by `main.ts` and the end-to-end tests. */
export async function createApp(
  config: AppConfig,
  logger: LoggerService | LogLevel[] | false = ['error', 'warn', 'log'],
  requestLog: PinoLogger | null = null,
): Promise<NestFastifyApplication> {
  let early: RawMiddleware[] = [];
  const adapter = new FastifyAdapter({
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => answerFrameworkError(early, error, request, reply),
    // As Express's `trust proxy` (same values; proxy-addr in both): rate limits see the client's address.
    // (a hop count too: Fastify's runtime takes a number, its types leave it out)
    trustProxy: config.security.trustProxy as string | boolean,
    // Requests that arrive while the service stops are answered, as on Express (whose server
    // only stops accepting connections), rather than refused with Fastify's 503.
    return503OnClosing: false,
    routerOptions: {
      // Express routed /v1/Platforms/ like /v1/platforms; keep that.
      caseSensitive: false,
      ignoreTrailingSlash: true,
      // Express has no limit of its own on a path parameter; Node's 16 KB header limit bounds it.
      maxParamLength: 16 * 1024,
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, { bodyParser: false, logger });
  const fastify = app.getHttpAdapter().getInstance();
  // Early, so that every answer (also a 413 from the body parser) carries the security headers.
  const context = requestContext(app.get(Metrics), requestLog);
  early = [...applySecurity(app, config.security), context];
  app.use(context);
  labelRoutes(fastify);
  sendLikeExpress(fastify);
  // Repeated reads answered from the answer cache before Nest's pipeline (after the middleware above).
  fastify.addHook('preHandler', app.get(CachedReadInterceptor).early);
  // body-parser's JSON parser, as on Express (Nest's own does not pass `verify` on): the same
  // limits, encodings (gzip…), charsets and errors; invalid UTF-8 and duplicate keys are
  // refused from the raw bytes (text-input.ts).
  app.use(json({ limit: config.bodyLimit, strict: true, verify: verifyJsonBody }));
  app.use(jsonGuard);
  // The body was read above (or, for another media type, left unread as Express left it):
  // Fastify hands it on instead of parsing it a second time or refusing the media type.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (req: { raw: IncomingMessage & { body?: unknown } }, _payload: unknown, done: (e: Error | null, body?: unknown) => void) =>
    done(null, req.raw.body),
  );
  // Unknown, bracketed, repeated query parameters → 400, on every route (after the guards).
  app.useGlobalInterceptors(new StrictQueryInterceptor());
  app.enableShutdownHooks();
  // The web viewer at / (static files; the API's paths are not touched).
  serveViewer(app);
  const openapi = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('NDP Catalogue API')
      .setDescription(
        "Vietnam's catalogue of national digital platforms (dispatch 2765/BTTTT-CĐSQG), event-sourced: every change is recorded with who, when, on what authority; reads can go back to any date (asOf) and to what was known at any time (knownAt).",
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, openapi, { jsonDocumentUrl: 'v1/openapi.json' });
  return app;
}

/**
 * Fastify refuses a path that is not valid percent-encoding before routing, so before any
 * middleware: answered as Express's router did (400, naming the segment), with the headers
 * every other answer has.
 */
function answerFrameworkError(early: RawMiddleware[], error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  for (const middleware of early) middleware(request.raw, reply.raw, () => undefined);
  const undecodable = request.url
    .split('?')[0]
    .split('/')
    .find((segment) => {
      try {
        decodeURIComponent(segment);
        return false;
      } catch {
        return true;
      }
    });
  const problem = error.code === 'FST_ERR_BAD_URL' ? new BadRequestException(`Failed to decode param '${undecodable ?? ''}'`) : error;
  sendProblem(reply, request, toProblem(problem), (e) => new Logger('http').error(e), error);
}

export async function startApp(config: AppConfig, logger?: LoggerService | LogLevel[] | false, requestLog?: PinoLogger | null): Promise<StartedApp> {
  const app = await createApp(config, logger, requestLog ?? null);
  await app.init();
  const seeded = config.seed ? await app.get(SeedService).seedIfEmpty() : false;
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://${config.host}:${address.port}`, seeded };
}
