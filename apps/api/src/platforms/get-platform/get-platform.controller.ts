import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { PlatformIdPipe } from '../../http/platform-id.pipe';
import { ProblemException } from '../../http/problem';
import { parseAsOf, parseKnownAtParam } from '../../http/time-params';
import { GetPlatformQuery } from './get-platform.query';
import { CachedRead } from '../../http/cached-read.interceptor';

@ApiTags('platforms')
@Controller('v1/platforms')
export class GetPlatformController {
  constructor(
    private readonly queries: QueryBus,
    private readonly runtime: CatalogueRuntime,
  ) {}

  @Get(':id')
  // The ETag starts with the revision, which a client sends back as If-Match to change the entry.
  @CachedRead({ tagPrefix: (answer) => String(answer.revision) })
  @ApiOperation({ summary: 'One entry as of a date (and as known at an instant); by id or code' })
  @ApiQuery({ name: 'asOf', required: false, description: 'Valid date, YYYY-MM-DD; default today in Vietnam' })
  @ApiQuery({ name: 'knownAt', required: false, description: 'Instant with offset, or a date = end of that day in Vietnam' })
  async get(@Param('id', PlatformIdPipe) id: string, @Query('asOf') asOf: unknown, @Query('knownAt') knownAt: unknown) {
    const point = this.runtime.catalogue.point(parseAsOf(asOf, this.runtime.config.now()), parseKnownAtParam(knownAt));
    const found = await this.queries.execute(new GetPlatformQuery(id, point));
    if (!found)
      throw new ProblemException(
        404,
        'unknown-platform',
        'Not found',
        `No entry '${id}' is in the catalogue${point.knownAt ? ` as known at ${point.knownAt}` : ''}`,
      );
    if ('notYet' in found)
      throw new ProblemException(
        404,
        'not-in-force',
        'Not in force',
        `Entry '${id}' was not yet in the catalogue on ${point.asOf}; it is registered from ${found.notYet}`,
        {
          registeredOn: found.notYet,
        },
      );
    return { ...found.view, revision: found.revision, asOf: point.asOf, knownAt: point.knownAt };
  }
}
