import { Body, Controller, Param, Patch, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@ndp/catalogue';
import { CurrentActor, Roles } from '../../http/auth';
import { commandMetadata, CommandRequest, requireIfMatch } from '../../http/command-request';
import type { RequestCommandContext } from '../../http/command-request';
import { respondToCommand } from '../../http/command-response';
import { PlatformIdPipe } from '../../http/platform-id.pipe';
import { changesFrom } from '../platform-changes.dto';
import { AmendPlatformCommand } from './amend-platform.command';
import { AmendPlatformDto } from './amend-platform.dto';

@ApiTags('platforms')
@ApiBearerAuth()
@Controller('v1/platforms')
export class AmendPlatformController {
  constructor(private readonly commands: CommandBus) {}

  @Patch(':id')
  @Roles('mic-admin', 'ministry-editor')
  @ApiOperation({ summary: 'Amend an entry from a date on or after its latest change (If-Match required)' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The revision you read, e.g. "3"' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async amend(
    @Param('id', PlatformIdPipe) id: string,
    @Body() dto: AmendPlatformDto,
    @CurrentActor() actor: Actor,
    @CommandRequest() ctx: RequestCommandContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const ifMatch = requireIfMatch(ctx);
    const changes = changesFrom(dto);
    const result = await this.commands.execute(
      new AmendPlatformCommand({ platformId: id, changes, effectiveDate: dto.effectiveDate }, ifMatch, commandMetadata(actor, ctx, dto)),
    );
    return respondToCommand(res, result);
  }
}
