import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideRegisterMinistry, streamIdOf } from '@ndp/catalogue';
import { CommandExecutor } from '../../infrastructure/command-executor';
import { CommandResult } from '../../infrastructure/command-metadata';
import { RegisterMinistryCommand } from '../ministry-commands';

@CommandHandler(RegisterMinistryCommand)
export class RegisterMinistryHandler implements ICommandHandler<RegisterMinistryCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ payload, meta }: RegisterMinistryCommand): Promise<CommandResult> {
    const streamId = streamIdOf.ministry(payload.code);
    return this.executor.execute('register-ministry', meta, async (load) => ({
      events: decideRegisterMinistry(payload, meta.actor, await load.stream(streamId)),
      id: payload.code,
      streamId,
    }));
  }
}
