import { Query } from '@nestjs/cqrs';
import { CatalogueFilter, SearchHit, TimePoint } from '@ndp/projections';

export interface SearchResult {
  asOf: string;
  knownAt: string | null;
  q: string;
  total: number;
  results: SearchHit[];
}

export class SearchCatalogueQuery extends Query<SearchResult> {
  constructor(
    readonly point: TimePoint,
    readonly q: string,
    readonly filter: Pick<CatalogueFilter, 'ministry' | 'kind' | 'status' | 'deploymentStatus' | 'ndxpStatus'>,
    readonly options: { match: 'all' | 'best'; limit: number },
  ) {
    super();
  }
}
