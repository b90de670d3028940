import { Module } from '@nestjs/common';
import { PlatformCommandHandler } from '../commands/platform-command.handler';
import { PlatformCommandsController } from './platform-commands.controller';
import { PlatformHistoryController } from './platform-history/platform-history.controller';
import { PlatformHistoryHandler } from './platform-history/platform-history.handler';
import { GetPlatformController } from './get-platform/get-platform.controller';
import { GetPlatformHandler } from './get-platform/get-platform.handler';

@Module({
  controllers: [PlatformCommandsController, PlatformHistoryController, GetPlatformController],
  providers: [PlatformCommandHandler, GetPlatformHandler, PlatformHistoryHandler],
})
export class PlatformsModule {}
