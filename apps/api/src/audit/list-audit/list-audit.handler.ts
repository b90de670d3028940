import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { ListAuditQuery } from './list-audit.query';

@QueryHandler(ListAuditQuery)
export class ListAuditHandler implements IQueryHandler<ListAuditQuery> {
  constructor(private readonly runtime: CatalogueRuntime) {}
  async execute({ filter }: ListAuditQuery) {
    return this.runtime.audit.list(filter);
  }
}
