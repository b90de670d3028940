import { Command } from '@nestjs/cqrs';
import { WithdrawPlatform } from '@ndp/catalogue';
import { CommandMetadata, CommandResult } from '../../infrastructure/command-metadata';

export class WithdrawPlatformCommand extends Command<CommandResult> {
  constructor(
    readonly payload: WithdrawPlatform,
    readonly ifMatch: number,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
