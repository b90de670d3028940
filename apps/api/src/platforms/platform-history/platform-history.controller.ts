import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { MaySeePersons, withActorsFor } from '../../http/personal-data';
import { pageOf, querySignature, readPaging } from '../../http/paging';
import { PlatformIdPipe } from '../../http/platform-id.pipe';
import { ProblemException } from '../../http/problem';
import { PlatformHistoryQuery } from './platform-history.query';
import { RateLimited } from '../../http/rate-limit';
import { CachedRead } from '../../http/cached-read.interceptor';

@ApiTags('platforms')
@Controller('v1/platforms')
export class PlatformHistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/history')
  @CachedRead()
  @RateLimited()
  @ApiOperation({
    summary: 'Every version of an entry in the order recorded',
    description:
      'Event type, effective date, recorded time, actor, ministry, legal basis, reason and the fields changed (before → after). The actor is shown as role and ministry; its name and subject id only to auditor and mic-admin tokens (personal data, Nghị định 13/2023/NĐ-CP).',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000: one page of `versions` (oldest first) with `total` and `nextCursor`' })
  @ApiQuery({ name: 'cursor', required: false })
  async history(@Param('id', PlatformIdPipe) id: string, @Query() query: Record<string, unknown>, @MaySeePersons() maySee: boolean) {
    const paging = readPaging(query, 'history', querySignature('history', query, id));
    const history = await this.queries.execute(new PlatformHistoryQuery(id));
    if (!history) throw new ProblemException(404, 'unknown-platform', 'Not found', `No entry '${id}' is in the catalogue`);
    const versions = withActorsFor(history.versions, maySee);
    if (!paging) return { id: history.id, versions };
    // Versions only ever follow one another at the end, so an offset names the same place later.
    const page = pageOf(versions, paging);
    return { id: history.id, versions: page.items, total: history.versions.length, limit: paging.limit, nextCursor: page.nextCursor };
  }
}
