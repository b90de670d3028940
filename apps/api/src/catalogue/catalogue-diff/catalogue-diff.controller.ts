import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DiffAnswerQueries, diffToCsv, parseFileFormat, sendFile } from '../../editions/edition-files/edition-files';
import { DiffView } from '@ndp/projections';
import { pagedPoint, pageOfDiff, readPaging } from '../../http/paging';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { badRequest } from '../../http/problem';
import { parseAsOf, parseKnownAtParam } from '../../http/time-params';
import { CatalogueDiffQuery } from './catalogue-diff.query';
import { RateLimited } from '../../http/rate-limit';
import { CachedRead } from '../../http/cached-read.interceptor';

@ApiTags('catalogue')
@Controller('v1/catalogue/diff')
export class CatalogueDiffController {
  constructor(
    private readonly queries: QueryBus,
    private readonly runtime: CatalogueRuntime,
  ) {}

  @Get()
  @CachedRead()
  @RateLimited()
  @ApiOperation({ summary: 'What was added, changed (field by field), transferred and withdrawn between two dates' })
  @ApiQuery({ name: 'from', required: true, description: 'YYYY-MM-DD' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD; default today in Vietnam' })
  @ApiQuery({ name: 'knownAt', required: false })
  @DiffAnswerQueries()
  async diff(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: FastifyReply) {
    const { from: fromParam, to: toParam, knownAt: knownAtParam } = query;
    const format = parseFileFormat(query.format);
    const paging = readPaging(query, 'catalogue-diff');
    if (format && paging)
      throw badRequest('format and limit/cursor do not go together: a file holds the whole diff', [{ field: 'format', message: 'not with limit or cursor' }]);
    if (fromParam === undefined || fromParam === '') throw badRequest('from is required', [{ field: 'from', message: 'required' }]);
    const from = parseAsOf(fromParam, this.runtime.config.now(), 'from');
    const to = parseAsOf(toParam, this.runtime.config.now(), 'to');
    if (from > to) throw badRequest(`from (${from}) is after to (${to})`, [{ field: 'from', message: 'must not be after to' }]);
    const knownAt = parseKnownAtParam(knownAtParam);
    const q = this.runtime.catalogue;
    // Both ends read at one recorded point: pinned on the first page, carried by the cursor after.
    const pinned = pagedPoint({ ...q.point(to, knownAt) }, paging, (p) => q.pinned(p));
    const diff: DiffView = await this.queries.execute(new CatalogueDiffQuery({ ...q.point(from, knownAt), position: pinned.position }, pinned));
    if (format) return sendFile(res, format, `so-sanh-${from}-${to}`, format === 'csv' ? diffToCsv(diff) : JSON.stringify(diff, null, 2) + '\n');
    return paging ? pageOfDiff(diff, paging, { position: pinned.position }) : diff;
  }
}
