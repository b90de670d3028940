import { Command } from '@nestjs/cqrs';
import { ReinstatePlatform } from '@ndp/catalogue';
import { CommandMetadata, CommandResult } from '../../infrastructure/command-metadata';

export class ReinstatePlatformCommand extends Command<CommandResult> {
  constructor(
    readonly payload: ReinstatePlatform,
    readonly ifMatch: number,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
