import { Module } from '@nestjs/common';
import { SearchCatalogueController } from './search-catalogue/search-catalogue.controller';
import { SearchCatalogueHandler } from './search-catalogue/search-catalogue.handler';
import { CheckDuplicatesController } from '../duplicates/check-duplicates/check-duplicates.controller';
import { CheckDuplicatesHandler } from '../duplicates/check-duplicates/check-duplicates.handler';

@Module({ controllers: [SearchCatalogueController, CheckDuplicatesController], providers: [SearchCatalogueHandler, CheckDuplicatesHandler] })
export class SearchModule {}
