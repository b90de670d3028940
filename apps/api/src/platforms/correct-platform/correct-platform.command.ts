import { Command } from '@nestjs/cqrs';
import { CorrectPlatform } from '@ndp/catalogue';
import { CommandMetadata, CommandResult } from '../../infrastructure/command-metadata';

export class CorrectPlatformCommand extends Command<CommandResult> {
  constructor(
    readonly payload: CorrectPlatform,
    /** Optional for corrections: a correction does not depend on the latest values. */
    readonly ifMatch: number | null,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
