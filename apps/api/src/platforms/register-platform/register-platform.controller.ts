import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@ndp/catalogue';
import { CurrentActor, Roles } from '../../http/auth';
import { commandMetadata, CommandRequest } from '../../http/command-request';
import type { RequestCommandContext } from '../../http/command-request';
import { respondToCommand } from '../../http/command-response';
import { plainContact } from '../../shared/field-validators';
import { RegisterPlatformCommand } from './register-platform.command';
import { RegisterPlatformDto } from './register-platform.dto';

@ApiTags('platforms')
@ApiBearerAuth()
@Controller('v1/platforms')
export class RegisterPlatformController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('mic-admin', 'ministry-editor')
  @ApiOperation({ summary: 'Register an entry in the catalogue (a ministry-editor only for its own ministry)' })
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
    return respondToCommand(res, result, `/v1/platforms/${result.id}`);
  }
}
