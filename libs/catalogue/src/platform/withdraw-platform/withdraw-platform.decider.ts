import { CalendarDate } from '../../shared/calendar';
import { rule } from '../../shared/errors';
import { requireNotBeforeLatest } from '../../shared/decision';
import { streamIdOf } from '../../events';
import { PlatformCommand } from '../platform-command';
import { requireStateOn } from '../platform.rules';

export interface WithdrawPlatform {
  platformId: string;
  effectiveDate: CalendarDate;
}

export const withdrawPlatform: PlatformCommand<WithdrawPlatform> = {
  name: 'withdraw-platform',
  action: 'withdraw this entry',
  platformId: (cmd) => cmd.platformId,
  from: (cmd) => cmd.effectiveDate,
  ministries: () => [],
  decide(cmd, { stream }) {
    const state = requireStateOn(stream, cmd.effectiveDate, 'effectiveDate');
    requireNotBeforeLatest(stream, cmd.effectiveDate);
    if (state.status === 'withdrawn') throw rule('already-withdrawn', `The entry is already withdrawn on ${cmd.effectiveDate}`);
    return [
      { type: 'platform.withdrawn', streamId: streamIdOf.platform(cmd.platformId), effectiveDate: cmd.effectiveDate, data: { platformId: cmd.platformId } },
    ];
  },
};
