import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideRenameMinistry, streamIdOf } from '@ndp/catalogue';
import { CommandExecutor } from '../../infrastructure/command-executor';
import { CommandResult } from '../../infrastructure/command-metadata';
import { RenameMinistryCommand } from '../ministry-commands';

@CommandHandler(RenameMinistryCommand)
export class RenameMinistryHandler implements ICommandHandler<RenameMinistryCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ payload, meta }: RenameMinistryCommand): Promise<CommandResult> {
    const streamId = streamIdOf.ministry(payload.code);
    return this.executor.execute('rename-ministry', meta, async (load) => ({
      events: decideRenameMinistry(payload, meta.actor, await load.stream(streamId)),
      id: payload.code,
      streamId,
    }));
  }
}
