import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { catalogueToCsv, catalogueToJson, exportFileName } from '../catalogue-file';
import { ExportCatalogueQuery, ExportedFile } from './export-catalogue.query';

/** The catalogue at a point as a file: the same read as GET /v1/catalogue, written as CSV or JSON. */
@QueryHandler(ExportCatalogueQuery)
export class ExportCatalogueHandler implements IQueryHandler<ExportCatalogueQuery, ExportedFile> {
  constructor(private readonly runtime: CatalogueRuntime) {}

  async execute({ point, format, filter }: ExportCatalogueQuery): Promise<ExportedFile> {
    const q = this.runtime.catalogue;
    const view = q.catalogue(point, filter);
    const fileName = exportFileName(point.asOf, format);
    if (format === 'json')
      return { fileName, contentType: 'application/json; charset=utf-8', content: catalogueToJson(view, this.runtime.config.now()), total: view.total };
    const names = new Map(q.ministriesAt(point).map((m) => [m.code, m.name]));
    return { fileName, contentType: 'text/csv; charset=utf-8', content: catalogueToCsv(view, names), total: view.total };
  }
}
