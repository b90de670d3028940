import { Query } from '@nestjs/cqrs';
import { CatalogueFilter, CatalogueView, TimePoint } from '@ndp/projections';

export class GetCatalogueQuery extends Query<CatalogueView> {
  constructor(
    readonly point: TimePoint,
    readonly filter: CatalogueFilter,
  ) {
    super();
  }
}
