import { Command } from '@nestjs/cqrs';
import { MergeMinistries, RegisterMinistry, RenameMinistry } from '@ndp/catalogue';
import { CommandMetadata, CommandResult } from '../infrastructure/command-metadata';

export class RegisterMinistryCommand extends Command<CommandResult> {
  constructor(
    readonly payload: RegisterMinistry,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

export class RenameMinistryCommand extends Command<CommandResult> {
  constructor(
    readonly payload: RenameMinistry,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

export class MergeMinistriesCommand extends Command<CommandResult> {
  constructor(
    readonly payload: MergeMinistries,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
