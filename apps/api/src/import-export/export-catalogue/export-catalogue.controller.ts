import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PLATFORM_KINDS } from '@ndp/catalogue';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { badRequest } from '../../http/problem';
import { parseAsOf, parseEnum, parseKnownAtParam } from '../../http/time-params';
import { MINISTRY_CODE } from '../../http/validation';
import { ExportCatalogueQuery } from './export-catalogue.query';

const FORMATS = ['csv', 'json'] as const;

@ApiTags('catalogue')
@Controller('v1/catalogue/export')
export class ExportCatalogueController {
  constructor(
    private readonly queries: QueryBus,
    private readonly runtime: CatalogueRuntime,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Download the catalogue as of a date as CSV or JSON (one row per entry; see docs/import-export.md)',
    description:
      'CSV: UTF-8 with a byte order mark (Excel opens it as is), a header row, `coMinistries` as codes separated by ";". JSON: the body of GET /v1/catalogue with `format` and `exportedAt`. Either file can be imported again (npm run cli -- import FILE, or POST /v1/catalogue/import).',
  })
  @ApiProduces('text/csv', 'application/json')
  @ApiQuery({ name: 'asOf', required: false, description: 'Valid date, YYYY-MM-DD; default today in Vietnam' })
  @ApiQuery({ name: 'knownAt', required: false })
  @ApiQuery({ name: 'format', required: false, enum: FORMATS, description: 'csv (default) or json' })
  @ApiQuery({ name: 'ministry', required: false })
  @ApiQuery({ name: 'kind', required: false, enum: PLATFORM_KINDS })
  async export(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: FastifyReply) {
    const format = parseEnum(query.format, FORMATS, 'format') ?? 'csv';
    const ministry = query.ministry;
    if (ministry !== undefined && (typeof ministry !== 'string' || !MINISTRY_CODE.test(ministry)))
      throw badRequest('ministry must be a ministry code such as BTC', [{ field: 'ministry', message: 'not a ministry code' }]);
    const point = this.runtime.catalogue.point(parseAsOf(query.asOf, this.runtime.config.now()), parseKnownAtParam(query.knownAt));
    const file = await this.queries.execute(
      new ExportCatalogueQuery(point, format, { ministry: ministry as string | undefined, kind: parseEnum(query.kind, PLATFORM_KINDS, 'kind') }),
    );
    res.header('Content-Type', file.contentType);
    res.header('Content-Disposition', `attachment; filename="${file.fileName}"`);
    res.header('X-Total-Count', String(file.total));
    return file.content;
  }
}
