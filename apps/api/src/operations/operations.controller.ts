import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CatalogueRuntime } from '../infrastructure/catalogue-runtime';
import { Metrics } from './metrics';

@ApiTags('operations')
@Controller()
export class OperationsController {
  constructor(
    private readonly runtime: CatalogueRuntime,
    private readonly metrics: Metrics,
  ) {}

  @Get('metrics')
  @ApiExcludeEndpoint()
  @Header('Cache-Control', 'no-store')
  async prometheus(@Res() res: FastifyReply) {
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }

  /**
   * Ready when the event store answers, the projections are close to the log, and (when
   * configured) the relay is connected to Kafka. 503 with the reasons otherwise.
   */
  @Get(['ready', 'v1/ready'])
  @ApiOperation({ summary: 'Readiness: event store reachable, projections caught up, Kafka connected when configured' })
  async ready(@Res() res: FastifyReply) {
    const problems: string[] = [];
    let head = -1;
    try {
      head = await Promise.race([
        this.runtime.store.headPosition(),
        new Promise<number>((_, reject) => setTimeout(() => reject(new Error('timed out')), 2000)),
      ]);
    } catch (e) {
      problems.push(`event store unreachable: ${(e as Error).message}`);
    }
    const projector = this.runtime.projector;
    const lag = head >= 0 ? head - projector.checkpoint : null;
    const failure = projector.failure;
    const catchingUp = projector.catchingUp;
    if (failure && !failure.transient)
      problems.push(
        `projection stopped at position ${failure.position}${failure.eventType ? ` (${failure.eventType})` : ''}: ${failure.message}; ` +
          'writes are recorded but not shown; stop the service and run npm run rebuild',
      );
    else if (failure) problems.push(`read models cannot be written (${failure.code ?? 'error'}: ${failure.message}); retrying`);
    if (!this.runtime.readOnly && !failure && !projector.caughtUp)
      problems.push(
        catchingUp ? `read models are being built from the log: position ${catchingUp.position} of ${catchingUp.target}` : 'read models are starting',
      );
    if (lag !== null && lag > 1000) problems.push(`projections are ${lag} events behind`);
    const relay = this.runtime.relay?.status();
    if (relay && !relay.connected) problems.push(`kafka relay not connected${relay.lastError ? `: ${relay.lastError}` : ''}`);
    res.status(problems.length ? 503 : 200).send({
      ready: problems.length === 0,
      store: this.runtime.store.name,
      projectionLag: lag,
      projectionPosition: projector.checkpoint,
      ...(relay ? { relay: { connected: relay.connected, lag: head >= 0 ? head - relay.position : null } } : {}),
      problems,
    });
  }
}
