import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@ndp/catalogue';
import { CurrentActor, Roles } from '../../http/auth';
import { commandMetadata, CommandRequest, requireIfMatch } from '../../http/command-request';
import type { RequestCommandContext } from '../../http/command-request';
import { respondToCommand } from '../../http/command-response';
import { PlatformIdPipe } from '../../http/platform-id.pipe';
import { StatusChangeDto } from '../status-change.dto';
import { ReinstatePlatformCommand } from './reinstate-platform.command';

@ApiTags('platforms')
@ApiBearerAuth()
@Controller('v1/platforms')
export class ReinstatePlatformController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/reinstate')
  @HttpCode(200)
  @Roles('mic-admin', 'ministry-editor')
  @ApiOperation({ summary: 'Bring a withdrawn entry back into force from a date' })
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async reinstate(
    @Param('id', PlatformIdPipe) id: string,
    @Body() dto: StatusChangeDto,
    @CurrentActor() actor: Actor,
    @CommandRequest() ctx: RequestCommandContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const ifMatch = requireIfMatch(ctx);
    const result = await this.commands.execute(
      new ReinstatePlatformCommand({ platformId: id, effectiveDate: dto.effectiveDate }, ifMatch, commandMetadata(actor, ctx, dto)),
    );
    return respondToCommand(res, result);
  }
}
