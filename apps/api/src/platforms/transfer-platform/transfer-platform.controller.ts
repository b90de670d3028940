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
import { TransferPlatformCommand } from './transfer-platform.command';
import { TransferPlatformDto } from './transfer-platform.dto';

@ApiTags('platforms')
@ApiBearerAuth()
@Controller('v1/platforms')
export class TransferPlatformController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/transfer')
  @HttpCode(200)
  @Roles('mic-admin')
  @ApiOperation({ summary: 'Move an entry to another ministry from a date (mic-admin)' })
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async transfer(
    @Param('id', PlatformIdPipe) id: string,
    @Body() dto: TransferPlatformDto,
    @CurrentActor() actor: Actor,
    @CommandRequest() ctx: RequestCommandContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const ifMatch = requireIfMatch(ctx);
    const result = await this.commands.execute(
      new TransferPlatformCommand(
        { platformId: id, toMinistry: dto.toMinistry, effectiveDate: dto.effectiveDate },
        ifMatch,
        commandMetadata(actor, ctx, dto),
      ),
    );
    return respondToCommand(res, result);
  }
}
