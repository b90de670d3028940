import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decidePublishEdition, rule, slugify, streamIdOf } from '@ndp/catalogue';
import { chainHeadOf } from '@ndp/event-store';
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
      // …and the hash chain's head there, so that the edition itself is a published head: it is
      // chained with the rest of the log, and anyone holding it can check an export against it.
      const head = await chainHeadOf(this.runtime.store, logPosition);
      return {
        events: decidePublishEdition({ ...payload, editionId, logPosition, head: head && { position: head.position, hash: head.hash } }, meta.actor, existing),
        id: editionId,
        streamId,
      };
    });
  }
}
