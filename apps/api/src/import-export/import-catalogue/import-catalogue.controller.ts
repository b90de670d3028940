import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { EntryAuthorityGuard } from '../../http/entry-authority.guard';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ndp/catalogue';
import { CurrentActor, Roles } from '../../http/auth';
import type { AuthenticatedRequest } from '../../http/auth';
import { WriteBudget } from '../../http/rate-limit';
import { CommandRequest } from '../../http/command-request';
import type { RequestCommandContext } from '../../http/command-request';
import { badRequest, ProblemException } from '../../http/problem';
import { FileError } from '../catalogue-file';
import { ImportCatalogueCommand } from './import-catalogue.command';
import { ImportCatalogueDto } from './import-catalogue.dto';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('v1/catalogue/import')
export class ImportCatalogueController {
  constructor(
    private readonly commands: CommandBus,
    private readonly budget: WriteBudget,
  ) {}

  @Post()
  @UseGuards(EntryAuthorityGuard)
  @HttpCode(200)
  @Roles('mic-admin', 'ministry-editor')
  @ApiOperation({
    summary: 'Import a catalogue file (CSV or JSON, docs/import-export.md) as ordinary commands; dryRun lists what would change',
    description:
      "Rows are matched to entries by id, code, or owning ministry and name; new ones are registered, changed ones amended (and, for mic-admin with a legal basis, transferred); nothing is withdrawn. A file with invalid rows records nothing (422 with the rows' errors). Each change is an ordinary command with the caller as actor and an Idempotency-Key derived from its content, so the same import twice records nothing new. A ministry-editor may import only its own ministry's entries. Each row of the file counts as one write against the caller's rate limit (429 before anything is recorded when they do not fit).",
  })
  async import(
    @Body() dto: ImportCatalogueDto,
    @CurrentActor() actor: Actor,
    @CommandRequest() ctx: RequestCommandContext,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    let report;
    try {
      report = await this.commands.execute(
        new ImportCatalogueCommand({
          content: dto.content,
          format: dto.format,
          fileName: dto.fileName ?? `danh-muc.${dto.format}`,
          actor,
          dryRun: dto.dryRun ?? false,
          effectiveDate: dto.effectiveDate,
          legalBasis: dto.legalBasis ? { ...dto.legalBasis } : null,
          reason: dto.reason ?? null,
          correlationId: ctx.correlationId,
          // Every row counts against the caller's write rate limit, before anything is recorded.
          beforeRecording: (rows) => this.budget.charge(req, res, rows),
        }),
      );
    } catch (e) {
      if (e instanceof FileError) throw badRequest(`The file cannot be read: ${e.message}`, [{ field: 'content', message: e.message }]);
      throw e;
    }
    if (!report.dryRun && report.errors.length > 0)
      throw new ProblemException(
        422,
        'import-invalid-rows',
        'The file has invalid rows',
        `${report.summary.invalid} ${report.numbering === 'row' ? 'row(s)' : 'entry(ies)'} of the file are invalid; nothing was recorded`,
        {
          // CSV: "row 2" is the spreadsheet's row (header = row 1); JSON: "entry 1" is the array's first.
          errors: report.errors.map((e) => ({ field: `${report.numbering} ${e.row ?? e.entry}: ${e.field}`, message: e.message })),
          report,
        },
      );
    return report;
  }
}
