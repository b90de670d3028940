import { Command } from '@nestjs/cqrs';
import { TransferPlatform } from '@ndp/catalogue';
import { CommandMetadata, CommandResult } from '../../infrastructure/command-metadata';

export class TransferPlatformCommand extends Command<CommandResult> {
  constructor(
    readonly payload: TransferPlatform,
    readonly ifMatch: number,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
