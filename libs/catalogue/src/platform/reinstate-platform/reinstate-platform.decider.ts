import { CalendarDate } from '../../shared/calendar';
import { rule } from '../../shared/errors';
import { Actor } from '../../shared/metadata';
import { MinistryHistories, requireEditorOf, requireMinistryInForce, requireNotBeforeLatest, StreamHistory } from '../../shared/decision';
import { PendingEvent, streamIdOf } from '../../events';
import { requireRegistered, requireStateOn } from '../platform.rules';

export interface ReinstatePlatform {
  platformId: string;
  effectiveDate: CalendarDate;
}

export function decideReinstatePlatform(
  cmd: ReinstatePlatform,
  actor: Actor,
  stream: StreamHistory,
  ministries: MinistryHistories,
): PendingEvent[] {
  requireRegistered(stream, cmd.platformId);
  const state = requireStateOn(stream, cmd.effectiveDate, 'effectiveDate');
  requireEditorOf(actor, [state.ownerMinistry], 'reinstate this entry');
  requireNotBeforeLatest(stream, cmd.effectiveDate);
  if (state.status !== 'withdrawn') throw rule('not-withdrawn', `The entry is in force on ${cmd.effectiveDate}; nothing to reinstate`);
  // An entry cannot come back under a ministry that has ended (mergers move withdrawn entries too).
  requireMinistryInForce(ministries, state.ownerMinistry, cmd.effectiveDate, 'ownerMinistry');
  return [
    {
      type: 'platform.reinstated',
      streamId: streamIdOf.platform(cmd.platformId),
      effectiveDate: cmd.effectiveDate,
      data: { platformId: cmd.platformId },
    },
  ];
}
