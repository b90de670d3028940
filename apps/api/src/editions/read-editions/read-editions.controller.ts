import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { MaySeePersons, withPublisherFor } from '../../http/personal-data';
import { pageOfDiff, querySignature, readPaging } from '../../http/paging';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemException } from '../../http/problem';
import { EditionDiffQuery, GetEditionQuery, ListEditionsQuery } from './edition.queries';
import { RateLimited } from '../../http/rate-limit';

const unknownEdition = (id: string) => new ProblemException(404, 'unknown-edition', 'Not found', `No edition '${id.slice(0, 100)}' has been published`);

@ApiTags('editions')
@Controller('v1/editions')
export class ReadEditionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Published editions, oldest first' })
  async list(@MaySeePersons() maySee: boolean) {
    const editions = await this.queries.execute(new ListEditionsQuery());
    return { editions: editions.map((e) => withPublisherFor(e, maySee)) };
  }

  @Get(':id')
  @RateLimited()
  @ApiOperation({ summary: 'One edition with its frozen content (by id or document number)' })
  async get(@Param('id') id: string, @MaySeePersons() maySee: boolean) {
    const edition = await this.queries.execute(new GetEditionQuery(id));
    if (!edition) throw unknownEdition(id);
    return withPublisherFor(edition, maySee);
  }

  @Get(':a/diff/:b')
  @RateLimited()
  @ApiOperation({ summary: 'What changed from edition a to edition b' })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000: one page of the four lists read in turn, with `totals` and `nextCursor`' })
  @ApiQuery({ name: 'cursor', required: false })
  async diff(@Param('a') a: string, @Param('b') b: string, @Query() query: Record<string, unknown>) {
    const paging = readPaging(query, 'edition-diff', querySignature('edition-diff', query, [a, b]));
    const diff = await this.queries.execute(new EditionDiffQuery(a, b));
    if ('unknown' in diff) throw unknownEdition(diff.unknown);
    return paging ? pageOfDiff(diff, paging) : diff;
  }
}
