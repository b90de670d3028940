import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, Reflector } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from './config/app-config';
import { AuthGuard } from './http/auth';
import { MinPositionInterceptor } from './http/min-position.interceptor';
import { CachedReadInterceptor } from './http/cached-read.interceptor';
import { ProblemDetailsFilter } from './http/problem';
import { RateLimitGuard, rateLimitOptions } from './http/rate-limit';
import { createValidationPipe, JsonObjectBodyPipe } from './http/validation';
import { RuntimeModule } from './infrastructure/runtime.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { EditionsModule } from './editions/editions.module';
import { ImportExportModule } from './import-export/import-export.module';
import { MinistriesModule } from './ministries/ministries.module';
import { OperationsModule } from './operations/operations.module';
import { PlatformsModule } from './platforms/platforms.module';
import { SearchModule } from './search/search.module';

/**
 * The application: the shared runtime, the cross-cutting HTTP pieces, and one module per
 * feature (each registers its own controllers and handlers).
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        ThrottlerModule.forRoot(rateLimitOptions(config.rateLimits)),
        RuntimeModule.forRoot(config),
        OperationsModule,
        AuthModule.forRoot(config.jwt),
        CatalogueModule,
        ImportExportModule,
        SearchModule,
        PlatformsModule,
        MinistriesModule,
        EditionsModule,
        AuditModule,
      ],
      providers: [
        { provide: APP_INTERCEPTOR, useClass: MinPositionInterceptor },
        // After MinPositionInterceptor: the position it keys answers by is one the reader waited for.
        // Also a provider of its own: bootstrap.ts hooks its early answers into Fastify.
        CachedReadInterceptor,
        { provide: APP_INTERCEPTOR, useExisting: CachedReadInterceptor },
        { provide: APP_GUARD, useFactory: (reflector: Reflector) => new AuthGuard(reflector, config.jwt), inject: [Reflector] },
        // After the auth guard: rate limits are per token subject when there is a valid token.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useClass: JsonObjectBodyPipe },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
