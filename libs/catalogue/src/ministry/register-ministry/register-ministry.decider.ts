import { CalendarDate } from '../../shared/calendar';
import { conflict } from '../../shared/errors';
import { Actor } from '../../shared/metadata';
import { requireMicAdmin, StreamHistory } from '../../shared/decision';
import { PendingEvent, streamIdOf } from '../../events';

export interface RegisterMinistry {
  code: string;
  name: string;
  effectiveDate: CalendarDate;
}

export function decideRegisterMinistry(cmd: RegisterMinistry, actor: Actor, existing: StreamHistory): PendingEvent[] {
  requireMicAdmin(actor, 'register ministries');
  if (existing.events.length > 0) throw conflict('ministry-exists', `Ministry '${cmd.code}' is already registered`);
  return [
    {
      type: 'ministry.registered',
      streamId: streamIdOf.ministry(cmd.code),
      effectiveDate: cmd.effectiveDate,
      data: { code: cmd.code, name: cmd.name },
    },
  ];
}
