import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { dissolveMinistry, mergeMinistries, registerMinistry, renameMinistry } from '@ndp/catalogue';
import { Roles } from '../http/auth';
import { Call, CommandGateway } from '../http/command-gateway';
import type { CommandCall } from '../http/command-gateway';
import { MinistryCodePipe } from '../http/ministry-code.pipe';
import { DissolveMinistryDto } from './dissolve-ministry/dissolve-ministry.dto';
import { MergeMinistriesDto } from './merge-ministries/merge-ministries.dto';
import { RegisterMinistryDto } from './register-ministry/register-ministry.dto';
import { RenameMinistryDto } from './rename-ministry/rename-ministry.dto';

/** The ministries are reference data kept by MIC: register, rename, merge, dissolve. */
@ApiTags('ministries')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Controller('v1/ministries')
@Roles('mic-admin')
export class MinistryCommandsController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a ministry (mic-admin)' })
  register(@Body() dto: RegisterMinistryDto, @Call() call: CommandCall) {
    return this.gateway.ministry(call, dto, registerMinistry, { code: dto.code, name: dto.name.trim(), effectiveDate: dto.effectiveDate }, { created: true });
  }

  @Post(':code/rename')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rename a ministry from a date; earlier dates keep the old name (mic-admin)' })
  rename(@Param('code', MinistryCodePipe) code: string, @Body() dto: RenameMinistryDto, @Call() call: CommandCall) {
    return this.gateway.ministry(call, dto, renameMinistry, { code, name: dto.name.trim(), effectiveDate: dto.effectiveDate });
  }

  @Post(':code/merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge a ministry into another from a date: it ends and its entries transfer (mic-admin)' })
  merge(@Param('code', MinistryCodePipe) code: string, @Body() dto: MergeMinistriesDto, @Call() call: CommandCall) {
    return this.gateway.ministry(call, dto, mergeMinistries, { code, into: dto.into, effectiveDate: dto.effectiveDate });
  }

  @Post(':code/dissolve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Dissolve a ministry from a date, dividing its entries among successors (mic-admin)',
    description:
      'Each entry it owns goes to its assigned successor or to `defaultSuccessor`, each by its own transfer; co-ministry references go to `defaultSuccessor`.',
  })
  dissolve(@Param('code', MinistryCodePipe) code: string, @Body() dto: DissolveMinistryDto, @Call() call: CommandCall) {
    return this.gateway.ministry(call, dto, dissolveMinistry, {
      code,
      effectiveDate: dto.effectiveDate,
      defaultSuccessor: dto.defaultSuccessor,
      assignments: { ...(dto.assignments ?? {}) },
    });
  }
}
