import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CatalogueView } from '@ndp/projections';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { GetCatalogueQuery } from './get-catalogue.query';

@QueryHandler(GetCatalogueQuery)
export class GetCatalogueHandler implements IQueryHandler<GetCatalogueQuery, CatalogueView> {
  constructor(private readonly runtime: CatalogueRuntime) {}

  async execute({ point, filter, page }: GetCatalogueQuery): Promise<CatalogueView> {
    return this.runtime.catalogue.catalogue(point, filter, page);
  }
}
