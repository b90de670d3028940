import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideAmendPlatform, streamIdOf } from '@ndp/catalogue';
import { checkIfMatch, CommandExecutor } from '../../infrastructure/command-executor';
import { CommandResult } from '../../infrastructure/command-metadata';
import { AmendPlatformCommand } from './amend-platform.command';

@CommandHandler(AmendPlatformCommand)
export class AmendPlatformHandler implements ICommandHandler<AmendPlatformCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ payload, ifMatch, meta }: AmendPlatformCommand): Promise<CommandResult> {
    const streamId = streamIdOf.platform(payload.platformId);
    return this.executor.execute(
      'amend-platform',
      meta,
      async (load) => {
        const stream = await load.platform(payload.platformId);
        checkIfMatch(streamId, stream, ifMatch);
        const ministries = await load.ministries(payload.changes.coMinistries ?? []);
        return { events: decideAmendPlatform(payload, meta.actor, stream, ministries), id: payload.platformId, streamId };
      },
      { retryOnConflict: false },
    );
  }
}
