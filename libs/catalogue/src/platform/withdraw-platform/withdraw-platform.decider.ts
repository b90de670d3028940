import { CalendarDate } from '../../shared/calendar';
import { rule } from '../../shared/errors';
import { Actor } from '../../shared/metadata';
import { requireEditorOf, requireNotBeforeLatest, StreamHistory } from '../../shared/decision';
import { PendingEvent, streamIdOf } from '../../events';
import { requireRegistered, requireStateOn } from '../platform.rules';

export interface WithdrawPlatform {
  platformId: string;
  effectiveDate: CalendarDate;
}

export function decideWithdrawPlatform(cmd: WithdrawPlatform, actor: Actor, stream: StreamHistory): PendingEvent[] {
  requireRegistered(stream, cmd.platformId);
  const state = requireStateOn(stream, cmd.effectiveDate, 'effectiveDate');
  requireEditorOf(actor, [state.ownerMinistry], 'withdraw this entry');
  requireNotBeforeLatest(stream, cmd.effectiveDate);
  if (state.status === 'withdrawn') throw rule('already-withdrawn', `The entry is already withdrawn on ${cmd.effectiveDate}`);
  return [
    {
      type: 'platform.withdrawn',
      streamId: streamIdOf.platform(cmd.platformId),
      effectiveDate: cmd.effectiveDate,
      data: { platformId: cmd.platformId },
    },
  ];
}
