import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiQuery } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { catalogueToCsv } from '../../import-export/catalogue-file';
import { badRequest } from '../../http/problem';
import { DiffAnswerQueries, diffToCsv, FILE_FORMATS, parseFileFormat, sendFile } from '../edition-files/edition-files';
import { MaySeePersons, withPublisherFor } from '../../http/personal-data';
import { pageOfDiff, querySignature, readPaging } from '../../http/paging';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemException } from '../../http/problem';
import { EditionDiffQuery, GetEditionQuery, ListEditionsQuery } from './edition.queries';
import { RateLimited } from '../../http/rate-limit';
import { CachedRead } from '../../http/cached-read.interceptor';

const unknownEdition = (id: string) => new ProblemException(404, 'unknown-edition', 'Not found', `No edition '${id.slice(0, 100)}' has been published`);

@ApiTags('editions')
@Controller('v1/editions')
export class ReadEditionsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly runtime: CatalogueRuntime,
  ) {}

  @Get()
  @CachedRead()
  @ApiOperation({ summary: 'Published editions, oldest first' })
  async list(@MaySeePersons() maySee: boolean) {
    const editions = await this.queries.execute(new ListEditionsQuery());
    return { editions: editions.map((e) => withPublisherFor(e, maySee)) };
  }

  @Get(':id')
  @CachedRead()
  @RateLimited()
  @ApiOperation({
    summary: 'One edition with its frozen content (by id or document number), and its hash-chain head',
    description:
      "`head` is the hash chain's head { position, hash } at the edition's log position, recorded in the edition's own event: keep it to check a copy of the log offline (README, \"Security model\"). `format=csv` downloads the entries as the catalogue export does (importable); `format=json` downloads this answer.",
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery({ name: 'format', required: false, enum: FILE_FORMATS })
  async get(@Param('id') id: string, @Query() query: Record<string, unknown>, @MaySeePersons() maySee: boolean, @Res({ passthrough: true }) res: FastifyReply) {
    const format = parseFileFormat(query.format);
    const edition = await this.queries.execute(new GetEditionQuery(id));
    if (!edition) throw unknownEdition(id);
    const shown = withPublisherFor(edition, maySee);
    if (!format) return shown;
    const name = `an-ban-${edition.documentNumber}`;
    if (format === 'json') return sendFile(res, 'json', name, JSON.stringify(shown, null, 2) + '\n');
    const names = new Map(this.runtime.catalogue.ministriesAt(this.runtime.editions.pointOf(edition)).map((m) => [m.code, m.name]));
    res.header('X-Total-Count', String(edition.total));
    return sendFile(
      res,
      'csv',
      name,
      catalogueToCsv({ asOf: edition.cutoffDate, knownAt: null, total: edition.total, byMinistry: edition.byMinistry, platforms: edition.platforms }, names),
    );
  }

  @Get(':a/diff/:b')
  @CachedRead()
  @RateLimited()
  @ApiOperation({ summary: 'What changed from edition a to edition b' })
  @DiffAnswerQueries()
  async diff(@Param('a') a: string, @Param('b') b: string, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: FastifyReply) {
    const format = parseFileFormat(query.format);
    const paging = readPaging(query, 'edition-diff', querySignature('edition-diff', query, [a, b]));
    if (format && paging)
      throw badRequest('format and limit/cursor do not go together: a file holds the whole diff', [{ field: 'format', message: 'not with limit or cursor' }]);
    const diff = await this.queries.execute(new EditionDiffQuery(a, b));
    if ('unknown' in diff) throw unknownEdition(diff.unknown);
    const name = `so-sanh-${diff.fromEdition}-${diff.toEdition}`;
    if (format === 'csv') return sendFile(res, 'csv', name, diffToCsv(diff));
    if (format === 'json') return sendFile(res, 'json', name, JSON.stringify(diff, null, 2) + '\n');
    return paging ? pageOfDiff(diff, paging) : diff;
  }
}
