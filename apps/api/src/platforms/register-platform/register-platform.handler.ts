import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideRegisterPlatform, rule, streamIdOf } from '@ndp/catalogue';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { CommandExecutor } from '../../infrastructure/command-executor';
import { CommandResult } from '../../infrastructure/command-metadata';
import { RegisterPlatformCommand } from './register-platform.command';

@CommandHandler(RegisterPlatformCommand)
export class RegisterPlatformHandler implements ICommandHandler<RegisterPlatformCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly runtime: CatalogueRuntime,
  ) {}

  execute({ payload, meta }: RegisterPlatformCommand): Promise<CommandResult> {
    // Decided once per command, so a retry after a concurrent write keeps the same id.
    const platformId = randomUUID();
    return this.executor.execute('register-platform', meta, async (load) => {
      // Codes are unique across the catalogue; checked against the read model, which the
      // executor keeps current with every write of this process.
      if (payload.code && this.runtime.catalogue.platformIdByCode(payload.code))
        throw rule('code-taken', `Code '${payload.code}' is already used by another entry`, 'code');
      const existing = await load.platform(platformId);
      const ministries = await load.ministries([payload.ownerMinistry, ...payload.coMinistries]);
      const events = decideRegisterPlatform({ ...payload, platformId }, meta.actor, existing, ministries);
      return { events, id: platformId, streamId: streamIdOf.platform(platformId) };
    });
  }
}
