import { DynamicModule, Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { HeadSigner } from '@ndp/event-store';
import { AppConfig } from '../config/app-config';
import { CommandGateway } from '../http/command-gateway';
import { Metrics } from '../operations/metrics';
import { SeedService } from '../seed/seed.service';
import { CatalogueRuntime } from './catalogue-runtime';
import { CommandExecutor } from './command-executor';

class RuntimeShutdown implements OnApplicationShutdown {
  constructor(private readonly runtime: CatalogueRuntime) {}
  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }
}

/** The process's store, read models, write path and request plumbing, shared by every feature module. */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RuntimeModule,
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
        { provide: HeadSigner, useFactory: () => new HeadSigner(config.headSigningKey) },
        CommandGateway,
        SeedService,
      ],
      exports: [CatalogueRuntime, Metrics, CommandExecutor, HeadSigner, CommandGateway, SeedService],
    };
  }
}
