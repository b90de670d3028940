import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HIGH_SIMILARITY, MEDIUM_SIMILARITY, MIN_SIMILARITY } from '@ndp/projections';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { parseAsOf } from '../../http/time-params';
import { CheckDuplicatesDto } from './check-duplicates.dto';
import { CheckDuplicatesQuery } from './check-duplicates.query';

@ApiTags('duplicates')
@Controller('v1/duplicates')
export class CheckDuplicatesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly runtime: CatalogueRuntime,
  ) {}

  /** A read that takes a body: it records nothing and needs no token. */
  @Post('check')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Before building a system: which national entries in force already cover it?',
    description:
      'Compares a proposed name and description with every entry known on `asOf` (TF-IDF cosine over words and word pairs, case ignored; accents kept when the proposal has them; generic words such as "hệ thống", "thông tin", "của", "và" count little; a name holding the other, or held by it, scores at least 0.6). Answers the most similar entries, those in force first, then withdrawn ones with `withdrawnOn`, with a score (0–1), a level (high ≥ 0.6, medium ≥ 0.35, low), the words they share and `nameOverlap`; `platform` carries the operator and contact. Records nothing.',
  })
  async check(@Body() dto: CheckDuplicatesDto) {
    const point = this.runtime.catalogue.point(parseAsOf(dto.asOf, this.runtime.config.now()), null);
    const result = await this.queries.execute(
      new CheckDuplicatesQuery(point, { name: dto.name.trim(), description: dto.description ?? null }, { limit: dto.limit ?? 5 }),
    );
    return { ...result, levels: { high: HIGH_SIMILARITY, medium: MEDIUM_SIMILARITY, reported: MIN_SIMILARITY } };
  }
}
