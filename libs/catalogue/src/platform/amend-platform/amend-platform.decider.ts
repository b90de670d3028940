import { CalendarDate } from '../../shared/calendar';
import { rule } from '../../shared/errors';
import { requireNotBeforeLatest } from '../../shared/decision';
import { EditableFields, streamIdOf } from '../../events';
import { PlatformCommand } from '../platform-command';
import { effectiveChanges, requireStateOn, validateCoMinistries } from '../platform.rules';

export interface AmendPlatform {
  platformId: string;
  changes: Partial<EditableFields>;
  effectiveDate: CalendarDate;
}

/** A change from a date on or after the entry's latest change. */
export const amendPlatform: PlatformCommand<AmendPlatform> = {
  name: 'amend-platform',
  action: 'amend this entry',
  platformId: (cmd) => cmd.platformId,
  from: (cmd) => cmd.effectiveDate,
  ministries: (cmd) => cmd.changes.coMinistries ?? [],
  decide(cmd, { stream, ministries }) {
    const state = requireStateOn(stream, cmd.effectiveDate, 'effectiveDate');
    requireNotBeforeLatest(stream, cmd.effectiveDate);
    if (state.status === 'withdrawn') throw rule('platform-withdrawn', `The entry is withdrawn on ${cmd.effectiveDate}; reinstate it before amending`);
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
  },
};
