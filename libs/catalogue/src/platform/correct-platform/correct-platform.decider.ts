import { CalendarDate } from '../../shared/calendar';
import { rule } from '../../shared/errors';
import { Actor } from '../../shared/metadata';
import { MinistryHistories, requireEditorOf, StreamHistory } from '../../shared/decision';
import { EditableFields, PendingEvent, streamIdOf } from '../../events';
import { effectiveChanges, requireRegistered, requireStateOn, validateCoMinistries } from '../platform.rules';

export interface CorrectPlatform {
  platformId: string;
  changes: Partial<EditableFields>;
  /** The date from which the corrected values hold; may lie anywhere after the registration. */
  effectiveFrom: CalendarDate;
}

/**
 * A correction rewrites what was true from a past date: later `asOf` answers change, but
 * nothing recorded earlier is touched, so an earlier `knownAt` still shows the old values.
 */
export function decideCorrectPlatform(
  cmd: CorrectPlatform,
  actor: Actor,
  stream: StreamHistory,
  ministries: MinistryHistories,
): PendingEvent[] {
  const latest = requireRegistered(stream, cmd.platformId);
  const state = requireStateOn(stream, cmd.effectiveFrom, 'effectiveFrom');
  // The owner then, or the owner now (e.g. the survivor of a merger fixing an old typo).
  requireEditorOf(actor, [state.ownerMinistry, latest.ownerMinistry], 'correct this entry');
  const changes = effectiveChanges(state, cmd.changes);
  if (Object.keys(changes).length === 0)
    throw rule('no-changes', `The correction changes nothing in force on ${cmd.effectiveFrom}`);
  if (changes.coMinistries) validateCoMinistries(ministries, changes.coMinistries, state.ownerMinistry, cmd.effectiveFrom);
  return [
    {
      type: 'platform.corrected',
      streamId: streamIdOf.platform(cmd.platformId),
      effectiveDate: cmd.effectiveFrom,
      data: { platformId: cmd.platformId, changes },
    },
  ];
}
