import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { MinistryTimelineQueries } from '@ndp/projections';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { MinistryCodePipe } from '../../http/ministry-code.pipe';
import { ProblemException } from '../../http/problem';
import { RateLimited } from '../../http/rate-limit';
import { parseAsOf, parseKnownAtParam } from '../../http/time-params';
import { CachedRead } from '../../http/cached-read.interceptor';

@ApiTags('ministries')
@Controller('v1/ministries')
export class GetMinistryController {
  private timelines: MinistryTimelineQueries | null = null;

  constructor(private readonly runtime: CatalogueRuntime) {}

  @Get(':code')
  @CachedRead()
  @RateLimited()
  @ApiOperation({
    summary: "One ministry: its name as of a date, its reorganisation timeline and its entries' counts",
    description:
      '`timeline`: registered, renamed, merged into another, absorbed another, dissolved (with its successors and how many entries each was assigned), succeeded a dissolved one — each with effective date, recorded time and legal basis (no actor: officials are not named publicly). `entries`: as of `asOf`, in force, withdrawn, and co-ministry of.',
  })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'knownAt', required: false })
  detail(@Param('code', MinistryCodePipe) code: string, @Query('asOf') asOf: unknown, @Query('knownAt') knownAt: unknown) {
    const q = this.runtime.catalogue;
    const point = q.point(parseAsOf(asOf, this.runtime.config.now()), parseKnownAtParam(knownAt));
    this.timelines ??= new MinistryTimelineQueries(this.runtime.readDb, q);
    const detail = this.timelines.detail(code, point);
    if (!detail) throw new ProblemException(404, 'unknown-ministry', 'Not found', `No ministry has the code '${code}'`);
    return detail;
  }
}
