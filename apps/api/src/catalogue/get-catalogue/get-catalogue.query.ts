import { Query } from '@nestjs/cqrs';
import { CatalogueFilter, CataloguePage, CatalogueView, TimePoint } from '@ndp/projections';

export class GetCatalogueQuery extends Query<CatalogueView> {
  constructor(
    readonly point: TimePoint,
    readonly filter: CatalogueFilter,
    /** Only this part of the list of entries (the counts still cover all of it). */
    readonly page?: CataloguePage,
  ) {
    super();
  }
}
