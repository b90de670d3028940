import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decidePlatformCommand, ministriesNamedBy, PlatformCommand, StreamHistory, streamIdOf, vietnamDateOf } from '@ndp/catalogue';
import { CatalogueRuntime } from '../infrastructure/catalogue-runtime';
import { CommandExecutor } from '../infrastructure/command-executor';
import { CommandMetadata, CommandResult } from '../infrastructure/command-metadata';

/** Any command on one catalogue entry: the domain's declaration, its payload, the If-Match read, the metadata. */
export class PlatformCommandMessage<C = unknown> extends Command<CommandResult> {
  constructor(
    readonly command: PlatformCommand<C>,
    readonly payload: C,
    readonly ifMatch: number | null,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/**
 * The one handler of entry commands: load the entry, the streams and the ministries the
 * command names (with the entry's own and the actor's), decide through the domain's single
 * decision path, append with every revision read. Without If-Match a concurrent write is
 * absorbed by deciding again; with it the client hears 409.
 */
@CommandHandler(PlatformCommandMessage)
export class PlatformCommandHandler implements ICommandHandler<PlatformCommandMessage, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly runtime: CatalogueRuntime,
  ) {}

  execute({ command, payload, ifMatch, meta }: PlatformCommandMessage): Promise<CommandResult> {
    const platformId = command.platformId(payload);
    const streamId = streamIdOf.platform(platformId);
    return this.executor.execute(
      command.name,
      meta,
      async (load) => {
        const stream = await load.platform(platformId);
        const related = new Map<string, StreamHistory>();
        for (const id of command.related?.(payload) ?? []) related.set(id, await load.stream(id));
        const named = [...command.ministries(payload), ...ministriesNamedBy(stream.events), ...(meta.actor.ministry ? [meta.actor.ministry] : [])];
        const events = decidePlatformCommand(command, payload, {
          actor: meta.actor,
          stream,
          related,
          ministries: await load.ministries(named),
          today: vietnamDateOf(this.runtime.config.now()),
          expectedRevision: ifMatch,
          hasLegalBasis: meta.legalBasis !== null,
        });
        return { events, id: platformId, streamId };
      },
      { retryOnConflict: ifMatch === null },
    );
  }
}
