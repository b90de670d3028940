import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideMergeMinistries, streamIdOf } from '@ndp/catalogue';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { CommandExecutor } from '../../infrastructure/command-executor';
import { CommandResult } from '../../infrastructure/command-metadata';
import { MergeMinistriesCommand } from '../ministry-commands';

/**
 * One atomic append: the merger on the merged ministry's stream and a transfer on the stream of
 * every entry it owns on that date. Every stream read is appended with its revision, so a
 * concurrent change to any of those entries makes the whole merger retry.
 */
@CommandHandler(MergeMinistriesCommand)
export class MergeMinistriesHandler implements ICommandHandler<MergeMinistriesCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly runtime: CatalogueRuntime,
  ) {}

  execute({ payload, meta }: MergeMinistriesCommand): Promise<CommandResult> {
    const streamId = streamIdOf.ministry(payload.code);
    return this.executor.execute('merge-ministries', meta, async (load) => {
      const merged = await load.stream(streamId);
      const survivor = await load.stream(streamIdOf.ministry(payload.into));
      // Candidates come from the read model; the decider re-checks each against its own stream.
      const candidates = [];
      for (const platformId of this.runtime.catalogue.platformsEverOwnedBy(payload.code))
        candidates.push({ platformId, stream: await load.platform(platformId) });
      return { events: decideMergeMinistries(payload, meta.actor, merged, survivor, candidates), id: payload.code, streamId };
    });
  }
}
