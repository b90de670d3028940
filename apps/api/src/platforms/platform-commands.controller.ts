import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Logger, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { amendPlatform, correctPlatform, registerPlatform, reinstatePlatform, transferPlatform, withdrawPlatform } from '@ndp/catalogue';
import { Roles } from '../http/auth';
import { Call, CommandGateway } from '../http/command-gateway';
import type { CommandCall } from '../http/command-gateway';
import { EntryAuthorityGuard } from '../http/entry-authority.guard';
import { PlatformIdPipe } from '../http/platform-id.pipe';
import { CatalogueRuntime } from '../infrastructure/catalogue-runtime';
import { similarEntriesWarning } from '../duplicates/similar-entries-warning';
import { AmendPlatformDto } from './amend-platform/amend-platform.dto';
import { CorrectPlatformDto } from './correct-platform/correct-platform.dto';
import { RegisterPlatformDto, registrationFrom } from './register-platform/register-platform.dto';
import { TransferPlatformDto } from './transfer-platform/transfer-platform.dto';
import { changesFrom } from './platform-changes.dto';
import { StatusChangeDto } from './status-change.dto';

/**
 * The routes of the entry commands. Each is a declaration: which domain command, built from
 * which DTO, with which If-Match rule; the plumbing is CommandGateway's and the decision the
 * domain's (`decidePlatformCommand`).
 */
@ApiTags('platforms')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Controller('v1/platforms')
@Roles('mic-admin', 'ministry-editor')
@UseGuards(EntryAuthorityGuard)
export class PlatformCommandsController {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly queries: QueryBus,
    private readonly runtime: CatalogueRuntime,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register an entry in the catalogue (a ministry-editor only for its own ministry)',
    description:
      'Answers `{ id, revision, position }`. When entries in force on `effectiveDate` are very similar (see POST /v1/duplicates/check, score ≥ 0.6), the answer also carries `warnings: [{ code: "similar-entries", similar: [...] }]`; the entry is registered all the same.',
  })
  async register(@Body() dto: RegisterPlatformDto, @Call() call: CommandCall) {
    const registration = registrationFrom(dto, randomUUID());
    const body = await this.gateway.platform(call, dto, registerPlatform, registration, { ifMatch: 'optional', created: true });
    // Never blocks: the entry is recorded; a failed check only loses the warning.
    const warning = await similarEntriesWarning(this.queries, this.runtime, body.id, registration).catch((e) => {
      new Logger('duplicates').warn(`similarity check after registration failed: ${e instanceof Error ? e.message : e}`);
      return null;
    });
    return warning ? { ...body, warnings: [warning] } : body;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Amend an entry from a date on or after its latest change (If-Match required)' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The revision you read, e.g. "3"' })
  amend(@Param('id', PlatformIdPipe) id: string, @Body() dto: AmendPlatformDto, @Call() call: CommandCall) {
    return this.gateway.platform(
      call,
      dto,
      amendPlatform,
      { platformId: id, changes: changesFrom(dto), effectiveDate: dto.effectiveDate },
      { ifMatch: 'required' },
    );
  }

  @Post(':id/corrections')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record corrected values that hold from a past date (đính chính)',
    description: 'Changes what `asOf` answers for past dates; what an earlier `knownAt` shows never changes.',
  })
  @ApiHeader({ name: 'If-Match', required: false })
  correct(@Param('id', PlatformIdPipe) id: string, @Body() dto: CorrectPlatformDto, @Call() call: CommandCall) {
    return this.gateway.platform(
      call,
      dto,
      correctPlatform,
      { platformId: id, changes: changesFrom(dto), effectiveFrom: dto.effectiveFrom },
      { ifMatch: 'optional' },
    );
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw an entry from the catalogue from a date (its history stays)' })
  @ApiHeader({ name: 'If-Match', required: true })
  withdraw(@Param('id', PlatformIdPipe) id: string, @Body() dto: StatusChangeDto, @Call() call: CommandCall) {
    return this.gateway.platform(call, dto, withdrawPlatform, { platformId: id, effectiveDate: dto.effectiveDate }, { ifMatch: 'required' });
  }

  @Post(':id/reinstate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring a withdrawn entry back into force from a date' })
  @ApiHeader({ name: 'If-Match', required: true })
  reinstate(@Param('id', PlatformIdPipe) id: string, @Body() dto: StatusChangeDto, @Call() call: CommandCall) {
    return this.gateway.platform(call, dto, reinstatePlatform, { platformId: id, effectiveDate: dto.effectiveDate }, { ifMatch: 'required' });
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @Roles('mic-admin')
  @ApiOperation({ summary: 'Move an entry to another ministry from a date (mic-admin)' })
  @ApiHeader({ name: 'If-Match', required: true })
  transfer(@Param('id', PlatformIdPipe) id: string, @Body() dto: TransferPlatformDto, @Call() call: CommandCall) {
    return this.gateway.platform(
      call,
      dto,
      transferPlatform,
      { platformId: id, toMinistry: dto.toMinistry, effectiveDate: dto.effectiveDate },
      { ifMatch: 'required' },
    );
  }
}
