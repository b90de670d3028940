import { CalendarDate } from '../../shared/calendar';
import { conflict, rule } from '../../shared/errors';
import { requireMinistryInForce } from '../../shared/decision';
import { EntryFields, streamIdOf } from '../../events';
import { PlatformCommand } from '../platform-command';
import { ENTRY_ID_PATTERN, validateCoMinistries } from '../platform.rules';

export interface RegisterPlatform extends EntryFields {
  platformId: string;
  effectiveDate: CalendarDate;
}

/**
 * I4: a code is reserved in the log, on a stream of its own named by the lower-cased code,
 * appended with "no stream yet" in the same atomic append as the registration — so two
 * registrations of one code, in any case and in any process, cannot both succeed.
 */
export const registerPlatform: PlatformCommand<RegisterPlatform> = {
  name: 'register-platform',
  action: 'register entries',
  creates: { owner: (cmd) => cmd.ownerMinistry },
  platformId: (cmd) => cmd.platformId,
  from: (cmd) => cmd.effectiveDate,
  ministries: (cmd) => [cmd.ownerMinistry, ...cmd.coMinistries],
  related: (cmd) => (cmd.code ? [streamIdOf.code(cmd.code)] : []),
  decide(cmd, { stream, related, ministries }) {
    if (stream.events.length > 0) throw conflict('platform-exists', `Platform '${cmd.platformId}' already exists`);
    if (cmd.code !== null && ENTRY_ID_PATTERN.test(cmd.code))
      throw rule('code-looks-like-id', `Code '${cmd.code}' has the shape of an entry id; choose a code that cannot be mistaken for one`, 'code');
    const reservation = cmd.code !== null ? related.get(streamIdOf.code(cmd.code)) : undefined;
    if (reservation && reservation.events.length > 0)
      throw rule('code-taken', `Code '${cmd.code}' is already used by another entry (codes are compared without regard to case)`, 'code');
    requireMinistryInForce(ministries, cmd.ownerMinistry, cmd.effectiveDate, 'ownerMinistry');
    validateCoMinistries(ministries, cmd.coMinistries, cmd.ownerMinistry, cmd.effectiveDate);
    const { effectiveDate, ...data } = cmd;
    return [
      { type: 'platform.registered', streamId: streamIdOf.platform(cmd.platformId), effectiveDate, data },
      ...(cmd.code !== null
        ? [{ type: 'code.reserved' as const, streamId: streamIdOf.code(cmd.code), effectiveDate, data: { code: cmd.code, platformId: cmd.platformId } }]
        : []),
    ];
  },
};
