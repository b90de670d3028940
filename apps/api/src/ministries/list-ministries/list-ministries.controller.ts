import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { parseAsOf, parseEnum, parseKnownAtParam } from '../../http/time-params';
import { ListMinistriesQuery } from './list-ministries.query';
import { CachedRead } from '../../http/cached-read.interceptor';

@ApiTags('ministries')
@Controller('v1/ministries')
export class ListMinistriesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly runtime: CatalogueRuntime,
  ) {}

  @Get()
  @CachedRead()
  @ApiOperation({ summary: 'Ministries in force on a date, with their names as of that date' })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'knownAt', required: false })
  @ApiQuery({ name: 'includeEnded', required: false, enum: ['true', 'false'] })
  async list(@Query('asOf') asOf: unknown, @Query('knownAt') knownAt: unknown, @Query('includeEnded') includeEnded: unknown) {
    const point = this.runtime.catalogue.point(parseAsOf(asOf, this.runtime.config.now()), parseKnownAtParam(knownAt));
    const ministries = await this.queries.execute(new ListMinistriesQuery(point, parseEnum(includeEnded, ['true', 'false'], 'includeEnded') === 'true'));
    return { asOf: point.asOf, knownAt: point.knownAt, ministries };
  }
}
