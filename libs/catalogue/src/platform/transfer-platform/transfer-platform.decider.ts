import { CalendarDate } from '../../shared/calendar';
import { rule } from '../../shared/errors';
import { requireMinistryInForce, requireNotBeforeLatest } from '../../shared/decision';
import { streamIdOf } from '../../events';
import { PlatformCommand } from '../platform-command';
import { requireStateOn } from '../platform.rules';

export interface TransferPlatform {
  platformId: string;
  toMinistry: string;
  effectiveDate: CalendarDate;
}

export const transferPlatform: PlatformCommand<TransferPlatform> = {
  name: 'transfer-platform',
  action: 'transfer entries between ministries',
  micAdminOnly: true,
  platformId: (cmd) => cmd.platformId,
  from: (cmd) => cmd.effectiveDate,
  ministries: (cmd) => [cmd.toMinistry],
  decide(cmd, { stream, ministries }) {
    const state = requireStateOn(stream, cmd.effectiveDate, 'effectiveDate');
    requireNotBeforeLatest(stream, cmd.effectiveDate);
    requireMinistryInForce(ministries, cmd.toMinistry, cmd.effectiveDate, 'toMinistry');
    if (state.ownerMinistry === cmd.toMinistry)
      throw rule('same-owner', `The entry already belongs to '${cmd.toMinistry}' on ${cmd.effectiveDate}`, 'toMinistry');
    return [
      {
        type: 'platform.transferred',
        streamId: streamIdOf.platform(cmd.platformId),
        effectiveDate: cmd.effectiveDate,
        data: { platformId: cmd.platformId, fromMinistry: state.ownerMinistry, toMinistry: cmd.toMinistry, reorganisation: null },
      },
    ];
  },
};
