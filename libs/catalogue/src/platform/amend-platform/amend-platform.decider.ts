import { CalendarDate } from '../../shared/calendar';
import { rule } from '../../shared/errors';
import { Actor } from '../../shared/metadata';
import { MinistryHistories, requireEditorOf, requireNotBeforeLatest, StreamHistory } from '../../shared/decision';
import { EditableFields, PendingEvent, streamIdOf } from '../../events';
import { effectiveChanges, requireRegistered, requireStateOn, validateCoMinistries } from '../platform.rules';

export interface AmendPlatform {
  platformId: string;
  changes: Partial<EditableFields>;
  effectiveDate: CalendarDate;
}

export function decideAmendPlatform(
  cmd: AmendPlatform,
  actor: Actor,
  stream: StreamHistory,
  ministries: MinistryHistories,
): PendingEvent[] {
  requireRegistered(stream, cmd.platformId);
  const state = requireStateOn(stream, cmd.effectiveDate, 'effectiveDate');
  requireEditorOf(actor, [state.ownerMinistry], 'amend this entry');
  requireNotBeforeLatest(stream, cmd.effectiveDate);
  if (state.status === 'withdrawn')
    throw rule('platform-withdrawn', `The entry is withdrawn on ${cmd.effectiveDate}; reinstate it before amending`);
  const changes = effectiveChanges(state, cmd.changes);
  if (Object.keys(changes).length === 0) throw rule('no-changes', 'The amendment changes nothing');
  if (changes.coMinistries) validateCoMinistries(ministries, changes.coMinistries, state.ownerMinistry, cmd.effectiveDate);
  return [
    {
      type: 'platform.amended',
      streamId: streamIdOf.platform(cmd.platformId),
      effectiveDate: cmd.effectiveDate,
      data: { platformId: cmd.platformId, changes },
    },
  ];
}
