import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogueRuntime } from '../infrastructure/catalogue-runtime';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(private readonly runtime: CatalogueRuntime) {}

  @Get(['health', 'v1/health'])
  @ApiOperation({ summary: 'Liveness and how far the projections have read the log' })
  async health() {
    const head = await this.runtime.store.headPosition();
    const projected = this.runtime.projector.checkpoint;
    const relay = this.runtime.relay?.status();
    return {
      status: 'ok',
      store: this.runtime.store.name,
      logPosition: head,
      projectionPosition: projected,
      projectionLag: head - projected,
      ...(relay ? { relay: { ...relay, lag: head - relay.position } } : {}),
    };
  }
}
