import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideReinstatePlatform, platformAsOf, streamIdOf } from '@ndp/catalogue';
import { checkIfMatch, CommandExecutor } from '../../infrastructure/command-executor';
import { CommandResult } from '../../infrastructure/command-metadata';
import { ReinstatePlatformCommand } from './reinstate-platform.command';

@CommandHandler(ReinstatePlatformCommand)
export class ReinstatePlatformHandler implements ICommandHandler<ReinstatePlatformCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ payload, ifMatch, meta }: ReinstatePlatformCommand): Promise<CommandResult> {
    const streamId = streamIdOf.platform(payload.platformId);
    return this.executor.execute(
      'reinstate-platform',
      meta,
      async (load) => {
        const stream = await load.platform(payload.platformId);
        checkIfMatch(streamId, stream, ifMatch);
        const owner = platformAsOf(stream.events, payload.effectiveDate)?.ownerMinistry;
        const ministries = await load.ministries(owner ? [owner] : []);
        return { events: decideReinstatePlatform(payload, meta.actor, stream, ministries), id: payload.platformId, streamId };
      },
      { retryOnConflict: false },
    );
  }
}
