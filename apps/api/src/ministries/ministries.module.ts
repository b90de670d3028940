import { Module } from '@nestjs/common';
import { MinistryCommandHandler } from '../commands/ministry-command.handler';
import { MinistryCommandsController } from './ministry-commands.controller';
import { ListMinistriesController } from './list-ministries/list-ministries.controller';
import { ListMinistriesHandler } from './list-ministries/list-ministries.handler';
import { GetMinistryController } from './get-ministry/get-ministry.controller';

@Module({
  controllers: [MinistryCommandsController, ListMinistriesController, GetMinistryController],
  providers: [MinistryCommandHandler, ListMinistriesHandler],
})
export class MinistriesModule {}
