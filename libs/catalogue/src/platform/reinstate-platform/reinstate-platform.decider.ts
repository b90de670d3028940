import { CalendarDate } from '../../shared/calendar';
import { rule } from '../../shared/errors';
import { requireMinistryInForce, requireNotBeforeLatest } from '../../shared/decision';
import { streamIdOf } from '../../events';
import { PlatformCommand } from '../platform-command';
import { requireStateOn } from '../platform.rules';

export interface ReinstatePlatform {
  platformId: string;
  effectiveDate: CalendarDate;
}

export const reinstatePlatform: PlatformCommand<ReinstatePlatform> = {
  name: 'reinstate-platform',
  action: 'reinstate this entry',
  platformId: (cmd) => cmd.platformId,
  from: (cmd) => cmd.effectiveDate,
  ministries: () => [],
  decide(cmd, { stream, ministries }) {
    const state = requireStateOn(stream, cmd.effectiveDate, 'effectiveDate');
    requireNotBeforeLatest(stream, cmd.effectiveDate);
    if (state.status !== 'withdrawn') throw rule('not-withdrawn', `The entry is in force on ${cmd.effectiveDate}; nothing to reinstate`);
    // Reorganisations move withdrawn entries too, so the owner is in force; checked all the same.
    requireMinistryInForce(ministries, state.ownerMinistry, cmd.effectiveDate, 'ownerMinistry');
    return [
      { type: 'platform.reinstated', streamId: streamIdOf.platform(cmd.platformId), effectiveDate: cmd.effectiveDate, data: { platformId: cmd.platformId } },
    ];
  },
};
