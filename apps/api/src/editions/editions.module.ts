import { Module } from '@nestjs/common';
import { PublishEditionController } from './publish-edition/publish-edition.controller';
import { PublishEditionHandler } from './publish-edition/publish-edition.handler';
import { ReadEditionsController } from './read-editions/read-editions.controller';
import { EditionDiffHandler, GetEditionHandler, ListEditionsHandler } from './read-editions/edition.handlers';

@Module({
  controllers: [PublishEditionController, ReadEditionsController],
  providers: [PublishEditionHandler, ListEditionsHandler, GetEditionHandler, EditionDiffHandler],
})
export class EditionsModule {}
