import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlatformIdPipe } from '../../http/platform-id.pipe';
import { ProblemException } from '../../http/problem';
import { PlatformHistoryQuery } from './platform-history.query';
import { RateLimited } from '../../http/rate-limit';

@ApiTags('platforms')
@Controller('v1/platforms')
export class PlatformHistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/history')
  @RateLimited()
  @ApiOperation({
    summary: 'Every version of an entry in the order recorded',
    description: 'Event type, effective date, recorded time, actor, ministry, legal basis, reason and the fields changed (before → after).',
  })
  async history(@Param('id', PlatformIdPipe) id: string) {
    const history = await this.queries.execute(new PlatformHistoryQuery(id));
    if (!history) throw new ProblemException(404, 'unknown-platform', 'Not found', `No entry '${id}' is in the catalogue`);
    return history;
  }
}
