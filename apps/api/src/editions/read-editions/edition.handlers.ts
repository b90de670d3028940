import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { EditionDiffQuery, GetEditionQuery, ListEditionsQuery } from './edition.queries';

@QueryHandler(ListEditionsQuery)
export class ListEditionsHandler implements IQueryHandler<ListEditionsQuery> {
  constructor(private readonly runtime: CatalogueRuntime) {}
  async execute() {
    return this.runtime.editions.list();
  }
}

@QueryHandler(GetEditionQuery)
export class GetEditionHandler implements IQueryHandler<GetEditionQuery> {
  constructor(private readonly runtime: CatalogueRuntime) {}
  async execute({ id }: GetEditionQuery) {
    const edition = this.runtime.editions.find(id);
    return edition ? this.runtime.editions.content(edition) : null;
  }
}

@QueryHandler(EditionDiffQuery)
export class EditionDiffHandler implements IQueryHandler<EditionDiffQuery> {
  constructor(private readonly runtime: CatalogueRuntime) {}
  async execute({ a, b }: EditionDiffQuery) {
    const from = this.runtime.editions.find(a);
    const to = this.runtime.editions.find(b);
    if (!from || !to) return { unknown: !from ? a : b };
    return this.runtime.editions.diff(from, to);
  }
}
