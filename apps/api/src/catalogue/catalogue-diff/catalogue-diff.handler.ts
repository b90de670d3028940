import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DiffView } from '@ndp/projections';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { CatalogueDiffQuery } from './catalogue-diff.query';

@QueryHandler(CatalogueDiffQuery)
export class CatalogueDiffHandler implements IQueryHandler<CatalogueDiffQuery, DiffView> {
  constructor(private readonly runtime: CatalogueRuntime) {}

  async execute({ from, to }: CatalogueDiffQuery): Promise<DiffView> {
    return this.runtime.catalogue.diff(from, to);
  }
}
