import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { GetPlatformQuery, GetPlatformResult } from './get-platform.query';

@QueryHandler(GetPlatformQuery)
export class GetPlatformHandler implements IQueryHandler<GetPlatformQuery, GetPlatformResult> {
  constructor(private readonly runtime: CatalogueRuntime) {}

  async execute({ idOrCode, point }: GetPlatformQuery): Promise<GetPlatformResult> {
    const found = this.runtime.catalogue.platform(idOrCode, point);
    if (found) return found;
    const byCode = this.runtime.catalogue.platformIdByCode(idOrCode);
    return byCode ? this.runtime.catalogue.platform(byCode, point) : null;
  }
}
