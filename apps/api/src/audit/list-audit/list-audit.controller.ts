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
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 100' })
  list(@Query() q: Record<string, unknown>) {
    const text = (name: string, re: RegExp) => {
      const v = q[name];
      if (v === undefined || v === '') return undefined;
      if (typeof v !== 'string' || !re.test(v)) throw badRequest(`${name} is not valid`, [{ field: name, message: 'invalid value' }]);
      return v;
    };
    const limitText = text('limit', /^\d{1,4}$/);
    const limit = limitText === undefined ? 100 : Number(limitText);
    if (limit < 1 || limit > 1000) throw badRequest('limit must be between 1 and 1000', [{ field: 'limit', message: 'out of range' }]);
    const cursor = text('cursor', /^\d{1,12}$/);
    const from = startOf(q.from);
    const to = parseKnownAtParam(q.to, 'to') ?? undefined;
    if (from && to && from > to) throw badRequest('from is after to', [{ field: 'from', message: 'must not be after to' }]);
    return this.queries.execute(
      new ListAuditQuery({
        actor: text('actor', /^.{1,200}$/),
        ministry: text('ministry', MINISTRY_CODE),
        type: parseEnum(q.type, TYPES, 'type'),
        from,
        to,
        after: cursor === undefined ? 0 : Number(cursor),
        limit,
      }),
    );
  }
}
