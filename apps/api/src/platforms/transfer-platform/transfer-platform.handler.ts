import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideTransferPlatform, streamIdOf } from '@ndp/catalogue';
import { checkIfMatch, CommandExecutor } from '../../infrastructure/command-executor';
import { CommandResult } from '../../infrastructure/command-metadata';
import { TransferPlatformCommand } from './transfer-platform.command';

@CommandHandler(TransferPlatformCommand)
export class TransferPlatformHandler implements ICommandHandler<TransferPlatformCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ payload, ifMatch, meta }: TransferPlatformCommand): Promise<CommandResult> {
    const streamId = streamIdOf.platform(payload.platformId);
    return this.executor.execute(
      'transfer-platform',
      meta,
      async (load) => {
        const stream = await load.platform(payload.platformId);
        checkIfMatch(streamId, stream, ifMatch);
        const ministries = await load.ministries([payload.toMinistry]);
        return { events: decideTransferPlatform(payload, meta.actor, stream, ministries), id: payload.platformId, streamId };
      },
      { retryOnConflict: false },
    );
  }
}
