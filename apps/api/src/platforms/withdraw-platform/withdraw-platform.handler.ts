import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideWithdrawPlatform, streamIdOf } from '@ndp/catalogue';
import { checkIfMatch, CommandExecutor } from '../../infrastructure/command-executor';
import { CommandResult } from '../../infrastructure/command-metadata';
import { WithdrawPlatformCommand } from './withdraw-platform.command';

@CommandHandler(WithdrawPlatformCommand)
export class WithdrawPlatformHandler implements ICommandHandler<WithdrawPlatformCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ payload, ifMatch, meta }: WithdrawPlatformCommand): Promise<CommandResult> {
    const streamId = streamIdOf.platform(payload.platformId);
    return this.executor.execute(
      'withdraw-platform',
      meta,
      async (load) => {
        const stream = await load.platform(payload.platformId);
        checkIfMatch(streamId, stream, ifMatch);
        return { events: decideWithdrawPlatform(payload, meta.actor, stream), id: payload.platformId, streamId };
      },
      { retryOnConflict: false },
    );
  }
}
