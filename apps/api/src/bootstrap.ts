import { INestApplication, Logger, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { jsonGuard } from './http/json-guard';
import { applySecurity } from './http/security';
import { verifyJsonBody } from './http/text-input';
import { StrictQueryInterceptor } from './http/strict-query.interceptor';
import { sendProblem, toProblem } from './http/problem';
import { SeedService } from './seed/seed.service';
import { serveViewer } from './viewer/serve-viewer';
import { Metrics } from './operations/metrics';
import { requestContext } from './operations/request-context.middleware';
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
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, logger });
  app.disable('x-powered-by');
  // Early, so that every answer (also a 413 from the body parser) carries the security headers.
  applySecurity(app, config.security);
  app.use(requestContext(app.get(Metrics), requestLog));
  // Express's own JSON parser (Nest's useBodyParser does not pass `verify` on): invalid UTF-8
  // and duplicate keys are refused from the raw bytes (text-input.ts).
  app.use(json({ limit: config.bodyLimit, strict: true, verify: verifyJsonBody }));
  app.use(jsonGuard);
  // Body-parser failures happen before routing; answer them as problems too.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    sendProblem(res, req, toProblem(err), (e) => new Logger('http').error(e), err);
  });
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

export async function startApp(config: AppConfig, logger?: LoggerService | LogLevel[] | false, requestLog?: PinoLogger | null): Promise<StartedApp> {
  const app = await createApp(config, logger, requestLog ?? null);
  await app.init();
  const seeded = config.seed ? await app.get(SeedService).seedIfEmpty() : false;
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://${config.host}:${address.port}`, seeded };
}
