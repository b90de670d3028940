import { CalendarDate } from '../../shared/calendar';
import { rule } from '../../shared/errors';
import { EditableFields, streamIdOf } from '../../events';
import { PlatformCommand } from '../platform-command';
import { effectiveChanges, requireStateOn, validateCoMinistries } from '../platform.rules';

export interface CorrectPlatform {
  platformId: string;
  changes: Partial<EditableFields>;
  /** The date from which the corrected values hold; may lie anywhere after the registration. */
  effectiveFrom: CalendarDate;
}

/**
 * A correction rewrites what was true from a past date: later `asOf` answers change, but
 * nothing recorded earlier is touched, so an earlier `knownAt` still shows the old values.
 * Who may make it follows from the periods it alters (platform-command.ts).
 */
export const correctPlatform: PlatformCommand<CorrectPlatform> = {
  name: 'correct-platform',
  action: 'correct this entry',
  platformId: (cmd) => cmd.platformId,
  from: (cmd) => cmd.effectiveFrom,
  ministries: (cmd) => cmd.changes.coMinistries ?? [],
  decide(cmd, { stream, ministries }) {
    const state = requireStateOn(stream, cmd.effectiveFrom, 'effectiveFrom');
    const changes = effectiveChanges(state, cmd.changes);
    if (Object.keys(changes).length === 0) throw rule('no-changes', `The correction changes nothing in force on ${cmd.effectiveFrom}`);
    if (changes.coMinistries) validateCoMinistries(ministries, changes.coMinistries, state.ownerMinistry, cmd.effectiveFrom);
    return [
      {
        type: 'platform.corrected',
        streamId: streamIdOf.platform(cmd.platformId),
        effectiveDate: cmd.effectiveFrom,
        data: { platformId: cmd.platformId, changes },
      },
    ];
  },
};
