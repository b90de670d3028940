import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { PlatformHistory, PlatformHistoryQuery } from './platform-history.query';

@QueryHandler(PlatformHistoryQuery)
export class PlatformHistoryHandler implements IQueryHandler<PlatformHistoryQuery, PlatformHistory> {
  constructor(private readonly runtime: CatalogueRuntime) {}

  async execute({ idOrCode }: PlatformHistoryQuery): Promise<PlatformHistory> {
    const q = this.runtime.catalogue;
    const id = q.history(idOrCode) ? idOrCode : q.platformIdByCode(idOrCode);
    const versions = id ? q.history(id) : null;
    return id && versions ? { id, versions } : null;
  }
}
