import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { completeFields, registerMinistry, registerPlatform } from '@ndp/catalogue';
import type { Actor } from '@ndp/catalogue';
import { CatalogueRuntime } from '../infrastructure/catalogue-runtime';
import { CommandMetadata } from '../infrastructure/command-metadata';
import { MinistryCommandMessage } from '../commands/ministry-command.handler';
import { PlatformCommandMessage } from '../commands/platform-command.handler';
import { PublishEditionCommand } from '../editions/publish-edition/publish-edition.command';
import { DISPATCH_2765, SEED_CUTOFF, SEED_EDITION, SEED_MINISTRIES, SEED_PLATFORMS } from './seed-data';

export const SEED_ACTOR: Actor = { sub: 'system:seed', name: 'Dữ liệu khởi tạo (công văn 2765/BTTTT-CĐSQG)', role: 'mic-admin', ministry: null };

/**
 * Loads the seed article's catalogue through the ordinary command bus, as an API client would:
 * ministries, then entries, then edition 2765 over them. Each command has a fixed idempotency
 * key, so a seed interrupted half way can simply run again.
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger('seed');

  constructor(
    private readonly commands: CommandBus,
    private readonly runtime: CatalogueRuntime,
  ) {}

  async seedIfEmpty(): Promise<boolean> {
    if ((await this.runtime.store.headPosition()) > 0) return false;
    await this.seed();
    return true;
  }

  async seed(): Promise<{ ministries: number; platforms: number }> {
    const correlationId = randomUUID();
    const meta = (key: string, reason: string): CommandMetadata => ({
      actor: SEED_ACTOR,
      legalBasis: DISPATCH_2765,
      reason,
      idempotency: { key: `seed:${key}`, requestHash: `seed:${key}` },
      correlationId,
      commandId: randomUUID(),
    });
    for (const m of SEED_MINISTRIES)
      await this.commands.execute(
        new MinistryCommandMessage(
          registerMinistry,
          { ...m, effectiveDate: SEED_CUTOFF },
          meta(`ministry:${m.code}`, 'Bộ, ngành nêu trong công văn 2765/BTTTT-CĐSQG'),
        ),
      );
    for (const [i, p] of SEED_PLATFORMS.entries())
      await this.commands.execute(
        new PlatformCommandMessage(
          registerPlatform,
          {
            platformId: randomUUID(),
            code: null,
            ownerMinistry: p.ownerMinistry,
            ...completeFields({ name: p.name, kind: p.kind, coMinistries: p.coMinistries ?? [], deploymentStatus: p.deploymentStatus ?? 'operational' }),
            effectiveDate: SEED_CUTOFF,
          },
          null,
          meta(`platform:${i}`, 'Danh mục cập nhật đến ngày 3/7/2024 theo công văn 2765/BTTTT-CĐSQG'),
        ),
      );
    await this.commands.execute(new PublishEditionCommand({ ...SEED_EDITION }, meta('edition:2765', 'Công bố danh mục')));
    this.logger.log(`seeded ${SEED_MINISTRIES.length} ministries, ${SEED_PLATFORMS.length} platforms and edition ${SEED_EDITION.documentNumber}`);
    return { ministries: SEED_MINISTRIES.length, platforms: SEED_PLATFORMS.length };
  }
}
