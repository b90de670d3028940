import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '@ndp/catalogue';
import { CurrentActor, Roles } from '../../http/auth';
import { commandMetadata, CommandRequest } from '../../http/command-request';
import type { RequestCommandContext } from '../../http/command-request';
import { respondToCommand } from '../../http/command-response';
import { PublishEditionCommand } from './publish-edition.command';
import { PublishEditionDto } from './publish-edition.dto';

@ApiTags('editions')
@ApiBearerAuth()
@Controller('v1/editions')
export class PublishEditionController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('mic-admin')
  @ApiOperation({ summary: 'Publish an official edition (công bố): freezes the cut-off date and the log position (mic-admin)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async publish(
    @Body() dto: PublishEditionDto,
    @CurrentActor() actor: Actor,
    @CommandRequest() ctx: RequestCommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const legalBasis = { documentNumber: dto.documentNumber, issuedOn: dto.issuedOn, signer: dto.signer, ...(dto.title ? { title: dto.title } : {}) };
    const result = await this.commands.execute(
      new PublishEditionCommand(
        { documentNumber: dto.documentNumber.trim(), title: dto.title ?? null, issuedOn: dto.issuedOn, signer: dto.signer.trim(), cutoffDate: dto.cutoffDate },
        // The edition's own document is its legal basis.
        commandMetadata(actor, ctx, { legalBasis, reason: null }),
      ),
    );
    return respondToCommand(res, result, `/v1/editions/${result.id}`);
  }
}
