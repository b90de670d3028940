import { Body, Controller, HttpCode, Logger, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@ndp/catalogue';
import { CurrentActor, Roles } from '../../http/auth';
import { commandMetadata, CommandRequest } from '../../http/command-request';
import type { RequestCommandContext } from '../../http/command-request';
import { respondToCommand } from '../../http/command-response';
import { plainContact } from '../../shared/field-validators';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { similarEntriesWarning } from '../../duplicates/similar-entries-warning';
import { RegisterPlatformCommand } from './register-platform.command';
import { RegisterPlatformDto } from './register-platform.dto';

@ApiTags('platforms')
@ApiBearerAuth()
@Controller('v1/platforms')
export class RegisterPlatformController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly runtime: CatalogueRuntime,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('mic-admin', 'ministry-editor')
  @ApiOperation({
    summary: 'Register an entry in the catalogue (a ministry-editor only for its own ministry)',
    description:
      'Answers `{ id, revision, position }`. When entries in force on `effectiveDate` are very similar (see POST /v1/duplicates/check, score ≥ 0.6), the answer also carries `warnings: [{ code: "similar-entries", similar: [...] }]`; the entry is registered all the same.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async register(
    @Body() dto: RegisterPlatformDto,
    @CurrentActor() actor: Actor,
    @CommandRequest() ctx: RequestCommandContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.execute(
      new RegisterPlatformCommand(
        {
          code: dto.code ?? null,
          name: dto.name.trim(),
          kind: dto.kind,
          ownerMinistry: dto.ownerMinistry,
          coMinistries: dto.coMinistries ?? [],
          description: dto.description ?? null,
          operator: dto.operator ?? null,
          contact: plainContact(dto.contact),
          url: dto.url ?? null,
          deploymentStatus: dto.deploymentStatus,
          ndxpStatus: dto.ndxpStatus ?? 'not-connected',
          effectiveDate: dto.effectiveDate,
        },
        commandMetadata(actor, ctx, dto),
      ),
    );
    const body = respondToCommand(res, result, `/v1/platforms/${result.id}`);
    // Never blocks: the entry is recorded; a failed check only loses the warning.
    const warning = await similarEntriesWarning(this.queries, this.runtime, result.id, dto).catch((e) => {
      new Logger('duplicates').warn(`similarity check after registration failed: ${e instanceof Error ? e.message : e}`);
      return null;
    });
    return warning ? { ...body, warnings: [warning] } : body;
  }
}
