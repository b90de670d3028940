import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, Reflector } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfig } from './config/app-config';
import { CatalogueRuntime } from './infrastructure/catalogue-runtime';
import { CommandExecutor } from './infrastructure/command-executor';
import { AuthGuard } from './http/auth';
import { authConfigController } from './auth/auth-config.controller';
import { ProblemDetailsFilter } from './http/problem';
import { createValidationPipe, JsonObjectBodyPipe } from './http/validation';
import { HealthController } from './health/health.controller';
import { Metrics } from './operations/metrics';
import { OperationsController } from './operations/operations.controller';
import { MinPositionInterceptor } from './http/min-position.interceptor';
import { SeedService } from './seed/seed.service';
import { RegisterPlatformController } from './platforms/register-platform/register-platform.controller';
import { RegisterPlatformHandler } from './platforms/register-platform/register-platform.handler';
import { AmendPlatformController } from './platforms/amend-platform/amend-platform.controller';
import { AmendPlatformHandler } from './platforms/amend-platform/amend-platform.handler';
import { CorrectPlatformController } from './platforms/correct-platform/correct-platform.controller';
import { CorrectPlatformHandler } from './platforms/correct-platform/correct-platform.handler';
import { WithdrawPlatformController } from './platforms/withdraw-platform/withdraw-platform.controller';
import { WithdrawPlatformHandler } from './platforms/withdraw-platform/withdraw-platform.handler';
import { ReinstatePlatformController } from './platforms/reinstate-platform/reinstate-platform.controller';
import { ReinstatePlatformHandler } from './platforms/reinstate-platform/reinstate-platform.handler';
import { TransferPlatformController } from './platforms/transfer-platform/transfer-platform.controller';
import { TransferPlatformHandler } from './platforms/transfer-platform/transfer-platform.handler';
import { GetPlatformController } from './platforms/get-platform/get-platform.controller';
import { GetPlatformHandler } from './platforms/get-platform/get-platform.handler';
import { PlatformHistoryController } from './platforms/platform-history/platform-history.controller';
import { PlatformHistoryHandler } from './platforms/platform-history/platform-history.handler';
import { GetCatalogueController } from './catalogue/get-catalogue/get-catalogue.controller';
import { GetCatalogueHandler } from './catalogue/get-catalogue/get-catalogue.handler';
import { CatalogueDiffController } from './catalogue/catalogue-diff/catalogue-diff.controller';
import { CatalogueDiffHandler } from './catalogue/catalogue-diff/catalogue-diff.handler';
import { MinistryCommandsController } from './ministries/ministry-commands.controller';
import { RegisterMinistryHandler } from './ministries/register-ministry/register-ministry.handler';
import { RenameMinistryHandler } from './ministries/rename-ministry/rename-ministry.handler';
import { MergeMinistriesHandler } from './ministries/merge-ministries/merge-ministries.handler';
import { ListMinistriesController } from './ministries/list-ministries/list-ministries.controller';
import { ListMinistriesHandler } from './ministries/list-ministries/list-ministries.handler';
import { PublishEditionController } from './editions/publish-edition/publish-edition.controller';
import { PublishEditionHandler } from './editions/publish-edition/publish-edition.handler';
import { ReadEditionsController } from './editions/read-editions/read-editions.controller';
import { EditionDiffHandler, GetEditionHandler, ListEditionsHandler } from './editions/read-editions/edition.handlers';
import { ListAuditController } from './audit/list-audit/list-audit.controller';
import { ListAuditHandler } from './audit/list-audit/list-audit.handler';
import { SearchCatalogueController } from './search/search-catalogue/search-catalogue.controller';
import { SearchCatalogueHandler } from './search/search-catalogue/search-catalogue.handler';
import { CheckDuplicatesController } from './duplicates/check-duplicates/check-duplicates.controller';
import { CheckDuplicatesHandler } from './duplicates/check-duplicates/check-duplicates.handler';
import { ExportCatalogueController } from './import-export/export-catalogue/export-catalogue.controller';
import { ExportCatalogueHandler } from './import-export/export-catalogue/export-catalogue.handler';
import { ImportCatalogueController } from './import-export/import-catalogue/import-catalogue.controller';
import { ImportCatalogueHandler } from './import-export/import-catalogue/import-catalogue.handler';
import { ThrottlerModule } from '@nestjs/throttler';
import { HeadSigner } from '@ndp/event-store';
import { RateLimitGuard, rateLimitOptions } from './http/rate-limit';
import { AuditIntegrityController } from './audit/integrity/integrity.controller';
import { SignedHeadHandler, VerifyLogHandler } from './audit/integrity/integrity.handlers';

class RuntimeShutdown implements OnApplicationShutdown {
  constructor(private readonly runtime: CatalogueRuntime) {}
  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), ThrottlerModule.forRoot(rateLimitOptions(config.rateLimits))],
      controllers: [
        HealthController,
        OperationsController,
        // Static paths before parameterised ones: /v1/catalogue/diff must not be read as an id.
        CatalogueDiffController,
        ExportCatalogueController,
        ImportCatalogueController,
        SearchCatalogueController,
        CheckDuplicatesController,
        GetCatalogueController,
        RegisterPlatformController,
        AmendPlatformController,
        CorrectPlatformController,
        WithdrawPlatformController,
        ReinstatePlatformController,
        TransferPlatformController,
        PlatformHistoryController,
        GetPlatformController,
        MinistryCommandsController,
        ListMinistriesController,
        PublishEditionController,
        ReadEditionsController,
        ListAuditController,
        AuditIntegrityController,
        authConfigController(config.jwt),
      ],
      providers: [
        {
          provide: CatalogueRuntime,
          useFactory: () => {
            const runtime = new CatalogueRuntime(config);
            runtime.start();
            return runtime;
          },
        },
        { provide: RuntimeShutdown, useFactory: (r: CatalogueRuntime) => new RuntimeShutdown(r), inject: [CatalogueRuntime] },
        { provide: Metrics, useFactory: (r: CatalogueRuntime) => new Metrics(r), inject: [CatalogueRuntime] },
        { provide: CommandExecutor, useFactory: (r: CatalogueRuntime, m: Metrics) => new CommandExecutor(r, m), inject: [CatalogueRuntime, Metrics] },
        { provide: APP_INTERCEPTOR, useClass: MinPositionInterceptor },
        { provide: APP_GUARD, useFactory: (reflector: Reflector) => new AuthGuard(reflector, config.jwt), inject: [Reflector] },
        // After the auth guard: rate limits are per token subject when there is a valid token.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: HeadSigner, useFactory: () => new HeadSigner(config.headSigningKey) },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useClass: JsonObjectBodyPipe },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        SeedService,
        RegisterPlatformHandler,
        AmendPlatformHandler,
        CorrectPlatformHandler,
        WithdrawPlatformHandler,
        ReinstatePlatformHandler,
        TransferPlatformHandler,
        GetPlatformHandler,
        PlatformHistoryHandler,
        GetCatalogueHandler,
        CatalogueDiffHandler,
        RegisterMinistryHandler,
        RenameMinistryHandler,
        MergeMinistriesHandler,
        ListMinistriesHandler,
        PublishEditionHandler,
        ListEditionsHandler,
        GetEditionHandler,
        EditionDiffHandler,
        ListAuditHandler,
        SearchCatalogueHandler,
        CheckDuplicatesHandler,
        ExportCatalogueHandler,
        ImportCatalogueHandler,
        VerifyLogHandler,
        SignedHeadHandler,
      ],
    };
  }
}
