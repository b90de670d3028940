import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { answersForSomePeriod, forbidden, PlatformTimeline, requireActiveWriter, vietnamDateOf } from '@ndp/catalogue';
import { CatalogueRuntime } from '../infrastructure/catalogue-runtime';
import { CommandExecutor, StreamLoader } from '../infrastructure/command-executor';
import type { AuthenticatedRequest } from './auth';

/**
 * I3: authorization is decided before anything else about a write. Guards run before pipes,
 * so a ministry-editor whose ministry has ended, or who has never answered for the entry it
 * addresses, or who registers for another ministry, hears 403 whatever its body, dates or
 * If-Match say. The domain makes the same checks again (and the finer one, per period altered)
 * when it decides; this gate only makes sure they come first. It reads through the executor's
 * stream cache: the command that follows reads the same streams, so they are decoded once.
 */
@Injectable()
export class EntryAuthorityGuard implements CanActivate {
  constructor(
    private readonly runtime: CatalogueRuntime,
    private readonly executor: CommandExecutor,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = req.actor;
    // No token or another role: the auth guard and @Roles have answered already.
    if (!actor || actor.role !== 'ministry-editor' || actor.ministry === null) return true;
    const load = new StreamLoader(this.runtime, this.executor.streams);
    requireActiveWriter(actor, await load.ministries([actor.ministry]), vietnamDateOf(this.runtime.config.now()));
    const id = typeof req.params?.id === 'string' ? req.params.id : null;
    if (id !== null) {
      const stream = await load.platform(id);
      if (stream.events.length > 0 && !answersForSomePeriod(PlatformTimeline.of(stream.events), actor.ministry))
        throw forbidden('not-owner', `Ministry '${actor.ministry}' has never answered for entry '${id}'; it may not change it`);
    } else {
      // A registration names its owner in the body (read raw here: validation comes later).
      const owner = (req.body as { ownerMinistry?: unknown } | undefined)?.ownerMinistry;
      if (typeof owner === 'string' && owner !== actor.ministry)
        throw forbidden('not-owner', `Ministry '${actor.ministry}' may register entries only for itself, not for '${owner}'`);
    }
    return true;
  }
}
