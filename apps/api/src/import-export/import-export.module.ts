import { Module } from '@nestjs/common';
import { WriteBudget } from '../http/rate-limit';
import { ExportCatalogueController } from './export-catalogue/export-catalogue.controller';
import { ExportCatalogueHandler } from './export-catalogue/export-catalogue.handler';
import { ImportCatalogueController } from './import-catalogue/import-catalogue.controller';
import { ImportCatalogueHandler } from './import-catalogue/import-catalogue.handler';

@Module({ controllers: [ExportCatalogueController, ImportCatalogueController], providers: [ExportCatalogueHandler, ImportCatalogueHandler, WriteBudget] })
export class ImportExportModule {}
