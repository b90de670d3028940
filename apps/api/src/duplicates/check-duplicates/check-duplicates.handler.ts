import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { similarPlatforms } from '@ndp/projections';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { CheckDuplicatesQuery, DuplicateCheckResult } from './check-duplicates.query';

/** Compares in memory with the entries in force at the point (one index search, no replay). */
@QueryHandler(CheckDuplicatesQuery)
export class CheckDuplicatesHandler implements IQueryHandler<CheckDuplicatesQuery, DuplicateCheckResult> {
  constructor(private readonly runtime: CatalogueRuntime) {}

  async execute({ point, proposal, options }: CheckDuplicatesQuery): Promise<DuplicateCheckResult> {
    const { platforms } = this.runtime.catalogue.catalogue(point);
    const all = similarPlatforms(platforms, proposal, { minScore: options.minScore, exclude: options.exclude });
    return { asOf: point.asOf, total: all.length, results: all.slice(0, options.limit) };
  }
}
