import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MinistryView } from '@ndp/projections';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { ListMinistriesQuery } from './list-ministries.query';

@QueryHandler(ListMinistriesQuery)
export class ListMinistriesHandler implements IQueryHandler<ListMinistriesQuery, MinistryView[]> {
  constructor(private readonly runtime: CatalogueRuntime) {}

  async execute({ point, includeEnded }: ListMinistriesQuery): Promise<MinistryView[]> {
    return this.runtime.catalogue.ministriesAt(point).filter((m) => includeEnded || m.status === 'in-force');
  }
}
