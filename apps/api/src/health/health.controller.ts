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
    const p = this.runtime.projector;
    const failure = p.failure;
    const catchingUp = p.catchingUp;
    return {
      // Liveness: the process answers. 'degraded' when the projections have stopped at an event.
      status: p.halted ? 'degraded' : 'ok',
      store: this.runtime.store.name,
      logPosition: head,
      projectionPosition: projected,
      projectionLag: head - projected,
      projection: {
        state: p.halted ? 'stopped' : failure ? 'retrying' : catchingUp ? 'catching-up' : 'following',
        ...(failure ? { failure } : {}),
        ...(catchingUp ? { catchUpTarget: catchingUp.target } : {}),
      },
      ...(relay ? { relay: { ...relay, lag: head - relay.position } } : {}),
    };
  }
}
