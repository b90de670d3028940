import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { searchPlatforms } from '@ndp/projections';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { SearchCatalogueQuery, SearchResult } from './search-catalogue.query';

/**
 * Ranks in memory over the catalogue at the point: one index search (no replay of the log),
 * then tokenising a few hundred entries, which takes well under a millisecond per entry.
 * Being a read of the catalogue at (asOf, knownAt), it is as-of aware by construction.
 */
@QueryHandler(SearchCatalogueQuery)
export class SearchCatalogueHandler implements IQueryHandler<SearchCatalogueQuery, SearchResult> {
  constructor(private readonly runtime: CatalogueRuntime) {}

  async execute({ point, q, filter, options }: SearchCatalogueQuery): Promise<SearchResult> {
    const { platforms } = this.runtime.catalogue.catalogue(point, filter);
    const { total, results } = searchPlatforms(platforms, q, options);
    return { asOf: point.asOf, knownAt: point.knownAt, q, total, results };
  }
}
