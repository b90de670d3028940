import { CalendarDate } from '../../shared/calendar';
import { rule } from '../../shared/errors';
import { Actor } from '../../shared/metadata';
import { requireMicAdmin, requireNotBeforeLatest, StreamHistory } from '../../shared/decision';
import { PendingEvent, streamIdOf } from '../../events';
import { requireMinistryOn } from '../ministry.rules';

export interface RenameMinistry {
  code: string;
  name: string;
  effectiveDate: CalendarDate;
}

export function decideRenameMinistry(cmd: RenameMinistry, actor: Actor, stream: StreamHistory): PendingEvent[] {
  requireMicAdmin(actor, 'rename ministries');
  const state = requireMinistryOn(stream, cmd.code, cmd.effectiveDate, 'effectiveDate');
  requireNotBeforeLatest(stream, cmd.effectiveDate);
  if (state.name === cmd.name) throw rule('no-changes', `Ministry '${cmd.code}' is already named '${cmd.name}'`, 'name');
  return [
    {
      type: 'ministry.renamed',
      streamId: streamIdOf.ministry(cmd.code),
      effectiveDate: cmd.effectiveDate,
      data: { code: cmd.code, name: cmd.name, previousName: state.name },
    },
  ];
}
