import { Command } from '@nestjs/cqrs';
import { RegisterPlatform } from '@ndp/catalogue';
import { CommandMetadata, CommandResult } from '../../infrastructure/command-metadata';

export class RegisterPlatformCommand extends Command<CommandResult> {
  constructor(
    readonly payload: Omit<RegisterPlatform, 'platformId'>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
