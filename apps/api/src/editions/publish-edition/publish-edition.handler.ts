import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decidePublishEdition, rule, slugify, streamIdOf } from '@ndp/catalogue';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { CommandExecutor } from '../../infrastructure/command-executor';
import { CommandResult } from '../../infrastructure/command-metadata';
import { PublishEditionCommand } from './publish-edition.command';

@CommandHandler(PublishEditionCommand)
export class PublishEditionHandler implements ICommandHandler<PublishEditionCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly runtime: CatalogueRuntime,
  ) {}

  execute({ payload, meta }: PublishEditionCommand): Promise<CommandResult> {
    // The id is readable and derived from the document number, so a number is published once.
    const editionId = slugify(payload.documentNumber);
    if (!editionId) throw rule('invalid-document-number', 'documentNumber must contain letters or digits', 'documentNumber');
    const streamId = streamIdOf.edition(editionId);
    return this.executor.execute('publish-edition', meta, async (load) => {
      const existing = await load.stream(streamId);
      // Frozen: the edition shows exactly what had been recorded when MIC published it.
      const logPosition = await this.runtime.store.headPosition();
      return { events: decidePublishEdition({ ...payload, editionId, logPosition }, meta.actor, existing), id: editionId, streamId };
    });
  }
}
