import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { EVENT_REGISTRY, isCalendarDate, toDayNumber, fromDayNumber, endOfVietnamDay } from '@ndp/catalogue';
import { Roles } from '../../http/auth';
import { badRequest } from '../../http/problem';
import { parseEnum, parseKnownAtParam } from '../../http/time-params';
import { MINISTRY_CODE } from '../../http/validation';
import { ListAuditQuery } from './list-audit.query';
import { RateLimited } from '../../http/rate-limit';
import { readPaging } from '../../http/paging';
import { AuditEvent } from '@ndp/projections';

const TYPES = Object.keys(EVENT_REGISTRY);

/** A date as the lower bound means the start of that day in Vietnam (the end of the day before). */
function startOf(value: unknown): Date | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && isCalendarDate(value)) return new Date(endOfVietnamDay(fromDayNumber(toDayNumber(value) - 1)).getTime() + 1);
  return parseKnownAtParam(value, 'from') ?? undefined;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
@Roles('auditor', 'mic-admin')
export class ListAuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RateLimited()
  @ApiOperation({ summary: 'Every recorded event with its full metadata, in log order, paged (auditor, mic-admin)' })
  @ApiQuery({ name: 'actor', required: false, description: 'Subject id (sub) of whoever recorded it' })
  @ApiQuery({ name: 'ministry', required: false, description: 'Events by or about this ministry' })
  @ApiQuery({ name: 'type', required: false, enum: TYPES })
  @ApiQuery({ name: 'from', required: false, description: 'Recorded at or after: instant, or a date (start of that day in Vietnam)' })
  @ApiQuery({ name: 'to', required: false, description: 'Recorded at or before: instant, or a date (end of that day in Vietnam)' })
  @ApiQuery({ name: 'platform', required: false, description: "An entry's id: its events only" })
  @ApiQuery({ name: 'documentNumber', required: false, description: 'Events recorded under this document (legal basis), and the edition it numbers' })
  @ApiQuery({ name: 'cursor', required: false, description: 'The `nextCursor` of the previous page (tied to the query it came from)' })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 100' })
  async list(@Query() q: Record<string, unknown>) {
    const text = (name: string, re: RegExp) => {
      const v = q[name];
      if (v === undefined || v === '') return undefined;
      if (typeof v !== 'string' || !re.test(v)) throw badRequest(`${name} is not valid`, [{ field: name, message: 'invalid value' }]);
      return v;
    };
    const limitText = text('limit', /^\d{1,4}$/);
    const limit0 = limitText === undefined ? undefined : Number(limitText);
    if (limit0 !== undefined && (limit0 < 1 || limit0 > 1000))
      throw badRequest('limit must be between 1 and 1000', [{ field: 'limit', message: 'out of range' }]);
    // A bare log position is the cursor this endpoint answered before cursors became opaque: still accepted.
    const legacy = typeof q.cursor === 'string' && /^\d{1,12}$/.test(q.cursor) ? Number(q.cursor) : undefined;
    const paging = readPaging({ ...q, cursor: legacy === undefined ? q.cursor : undefined, limit: String(limit0 ?? '') }, 'audit');
    const limit = limit0 ?? paging?.limit ?? 100;
    const after = legacy ?? paging?.state.after ?? 0;
    const platform = text('platform', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    const from = startOf(q.from);
    const to = parseKnownAtParam(q.to, 'to') ?? undefined;
    if (from && to && from > to) throw badRequest('from is after to', [{ field: 'from', message: 'must not be after to' }]);
    const page: { events: AuditEvent[]; nextCursor: string | null } = await this.queries.execute(
      new ListAuditQuery({
        actor: text('actor', /^.{1,200}$/),
        ministry: text('ministry', MINISTRY_CODE),
        type: parseEnum(q.type, TYPES, 'type'),
        platform: platform?.toLowerCase(),
        documentNumber: text('documentNumber', /^[\p{L}\p{N}\p{P}\p{S} ]{1,200}$/u),
        from,
        to,
        after,
        limit,
      }),
    );
    const next = readPaging({ ...q, cursor: undefined, limit: String(limit) }, 'audit')!;
    return { events: page.events, nextCursor: page.nextCursor === null ? null : next.next({ after: Number(page.nextCursor) }) };
  }
}
