import { Command } from '@nestjs/cqrs';
import { CommandMetadata, CommandResult } from '../../infrastructure/command-metadata';

export class PublishEditionCommand extends Command<CommandResult> {
  constructor(
    readonly payload: { documentNumber: string; title: string | null; issuedOn: string; signer: string; cutoffDate: string },
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
