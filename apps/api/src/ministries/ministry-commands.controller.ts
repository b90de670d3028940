import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@ndp/catalogue';
import { CurrentActor, Roles } from '../http/auth';
import { commandMetadata, CommandRequest } from '../http/command-request';
import type { RequestCommandContext } from '../http/command-request';
import { respondToCommand } from '../http/command-response';
import { MinistryCodePipe } from '../http/ministry-code.pipe';
import { MergeMinistriesCommand, RegisterMinistryCommand, RenameMinistryCommand } from './ministry-commands';
import { MergeMinistriesDto } from './merge-ministries/merge-ministries.dto';
import { RegisterMinistryDto } from './register-ministry/register-ministry.dto';
import { RenameMinistryDto } from './rename-ministry/rename-ministry.dto';

/** The ministries are reference data kept by MIC: register, rename, merge. */
@ApiTags('ministries')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Controller('v1/ministries')
@Roles('mic-admin')
export class MinistryCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a ministry (mic-admin)' })
  async register(@Body() dto: RegisterMinistryDto, @CurrentActor() actor: Actor, @CommandRequest() ctx: RequestCommandContext, @Res({ passthrough: true }) res: Response) {
    const result = await this.commands.execute(
      new RegisterMinistryCommand({ code: dto.code, name: dto.name.trim(), effectiveDate: dto.effectiveDate }, commandMetadata(actor, ctx, dto)),
    );
    return respondToCommand(res, result, `/v1/ministries/${result.id}`);
  }

  @Post(':code/rename')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rename a ministry from a date; earlier dates keep the old name (mic-admin)' })
  async rename(
    @Param('code', MinistryCodePipe) code: string,
    @Body() dto: RenameMinistryDto,
    @CurrentActor() actor: Actor,
    @CommandRequest() ctx: RequestCommandContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.execute(
      new RenameMinistryCommand({ code, name: dto.name.trim(), effectiveDate: dto.effectiveDate }, commandMetadata(actor, ctx, dto)),
    );
    return respondToCommand(res, result);
  }

  @Post(':code/merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge a ministry into another from a date: it ends and its entries transfer (mic-admin)' })
  async merge(
    @Param('code', MinistryCodePipe) code: string,
    @Body() dto: MergeMinistriesDto,
    @CurrentActor() actor: Actor,
    @CommandRequest() ctx: RequestCommandContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.execute(
      new MergeMinistriesCommand({ code, into: dto.into, effectiveDate: dto.effectiveDate }, commandMetadata(actor, ctx, dto)),
    );
    return respondToCommand(res, result);
  }
}
