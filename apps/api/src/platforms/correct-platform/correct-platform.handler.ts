import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideCorrectPlatform, streamIdOf } from '@ndp/catalogue';
import { checkIfMatch, CommandExecutor } from '../../infrastructure/command-executor';
import { CommandResult } from '../../infrastructure/command-metadata';
import { CorrectPlatformCommand } from './correct-platform.command';

@CommandHandler(CorrectPlatformCommand)
export class CorrectPlatformHandler implements ICommandHandler<CorrectPlatformCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ payload, ifMatch, meta }: CorrectPlatformCommand): Promise<CommandResult> {
    const streamId = streamIdOf.platform(payload.platformId);
    return this.executor.execute(
      'correct-platform',
      meta,
      async (load) => {
        const stream = await load.platform(payload.platformId);
        checkIfMatch(streamId, stream, ifMatch);
        const ministries = await load.ministries(payload.changes.coMinistries ?? []);
        return { events: decideCorrectPlatform(payload, meta.actor, stream, ministries), id: payload.platformId, streamId };
      },
      { retryOnConflict: ifMatch === null },
    );
  }
}
