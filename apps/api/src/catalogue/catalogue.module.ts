import { Module } from '@nestjs/common';
import { CatalogueDiffController } from './catalogue-diff/catalogue-diff.controller';
import { CatalogueDiffHandler } from './catalogue-diff/catalogue-diff.handler';
import { GetCatalogueController } from './get-catalogue/get-catalogue.controller';
import { GetCatalogueHandler } from './get-catalogue/get-catalogue.handler';
import { EntryFieldsController } from './entry-fields/entry-fields.controller';

@Module({ controllers: [CatalogueDiffController, GetCatalogueController, EntryFieldsController], providers: [CatalogueDiffHandler, GetCatalogueHandler] })
export class CatalogueModule {}
