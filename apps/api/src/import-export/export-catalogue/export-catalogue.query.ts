import { Query } from '@nestjs/cqrs';
import { CatalogueFilter, TimePoint } from '@ndp/projections';
import { ExportFormat } from '../catalogue-file';

export interface ExportedFile {
  fileName: string;
  contentType: string;
  content: string;
  total: number;
}

export class ExportCatalogueQuery extends Query<ExportedFile> {
  constructor(
    readonly point: TimePoint,
    readonly format: ExportFormat,
    readonly filter: Pick<CatalogueFilter, 'ministry' | 'kind'> = {},
  ) {
    super();
  }
}
