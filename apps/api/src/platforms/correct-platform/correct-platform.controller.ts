import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@ndp/catalogue';
import { CurrentActor, Roles } from '../../http/auth';
import { commandMetadata, CommandRequest } from '../../http/command-request';
import type { RequestCommandContext } from '../../http/command-request';
import { respondToCommand } from '../../http/command-response';
import { PlatformIdPipe } from '../../http/platform-id.pipe';
import { changesFrom } from '../platform-changes.dto';
import { CorrectPlatformCommand } from './correct-platform.command';
import { CorrectPlatformDto } from './correct-platform.dto';

@ApiTags('platforms')
@ApiBearerAuth()
@Controller('v1/platforms')
export class CorrectPlatformController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/corrections')
  @HttpCode(201)
  @Roles('mic-admin', 'ministry-editor')
  @ApiOperation({
    summary: 'Record corrected values that hold from a past date (đính chính)',
    description: 'Changes what `asOf` answers for past dates; what an earlier `knownAt` shows never changes.',
  })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async correct(
    @Param('id', PlatformIdPipe) id: string,
    @Body() dto: CorrectPlatformDto,
    @CurrentActor() actor: Actor,
    @CommandRequest() ctx: RequestCommandContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const changes = changesFrom(dto);
    const result = await this.commands.execute(
      new CorrectPlatformCommand({ platformId: id, changes, effectiveFrom: dto.effectiveFrom }, ctx.ifMatch, commandMetadata(actor, ctx, dto)),
    );
    return respondToCommand(res, result);
  }
}
