import { Command } from '@nestjs/cqrs';
import { AmendPlatform } from '@ndp/catalogue';
import { CommandMetadata, CommandResult } from '../../infrastructure/command-metadata';

export class AmendPlatformCommand extends Command<CommandResult> {
  constructor(
    readonly payload: AmendPlatform,
    readonly ifMatch: number,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
