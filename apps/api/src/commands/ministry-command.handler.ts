import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { MinistryCommand, PlatformStreamOf, streamIdOf } from '@ndp/catalogue';
import { CatalogueRuntime } from '../infrastructure/catalogue-runtime';
import { CommandExecutor } from '../infrastructure/command-executor';
import { CommandMetadata, CommandResult } from '../infrastructure/command-metadata';

export class MinistryCommandMessage<C = unknown> extends Command<CommandResult> {
  constructor(
    readonly command: MinistryCommand<C>,
    readonly payload: C,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/**
 * The one handler of ministry commands. A reorganisation also loads every entry that names the
 * ministry (found through the read model, brought up to the log's head first) and appends to
 * each with the revision read, so a concurrent change to any of them makes it decide again.
 */
@CommandHandler(MinistryCommandMessage)
export class MinistryCommandHandler implements ICommandHandler<MinistryCommandMessage, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly runtime: CatalogueRuntime,
  ) {}

  execute({ command, payload, meta }: MinistryCommandMessage): Promise<CommandResult> {
    const code = command.code(payload);
    const streamId = streamIdOf.ministry(code);
    return this.executor.execute(command.name, meta, async (load) => {
      const stream = await load.stream(streamId);
      const candidates: PlatformStreamOf[] = [];
      const named = command.ministries(payload);
      if (command.reorganises) {
        await this.runtime.projector.waitFor(await this.runtime.store.headPosition());
        named.push(...this.runtime.catalogue.ministryCodes());
        for (const platformId of this.runtime.catalogue.platformsNaming(code)) candidates.push({ platformId, stream: await load.platform(platformId) });
      }
      const ministries = await load.ministries(named);
      return { events: command.decide(payload, { actor: meta.actor, stream, ministries, candidates }), id: code, streamId };
    });
  }
}
