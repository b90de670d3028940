import { CalendarDate } from '../../shared/calendar';
import { rule } from '../../shared/errors';
import { Actor } from '../../shared/metadata';
import { MinistryHistories, requireMicAdmin, requireMinistryInForce, requireNotBeforeLatest, StreamHistory } from '../../shared/decision';
import { PendingEvent, streamIdOf } from '../../events';
import { requireMinistryOn } from '../ministry.rules';
import { followOnsOfEnding, PlatformStreamOf, requireNotAwaitedSuccessor } from '../reorganise';

export interface MergeMinistries {
  code: string;
  into: string;
  effectiveDate: CalendarDate;
}

/**
 * The merged ministry ends on the merger's date and every entry that names it then or later
 * follows: owned entries move to the survivor, each by its own transfer, and co-ministry
 * references pass to the survivor (or drop, where the survivor owns the entry). The follow-ons
 * may fall before an entry's latest change: a merger is dated by its decision, and valid-time
 * order places them where they belong.
 */
export function decideMergeMinistries(
  cmd: MergeMinistries,
  actor: Actor,
  merged: StreamHistory,
  ministries: MinistryHistories,
  candidates: readonly PlatformStreamOf[],
): PendingEvent[] {
  requireMicAdmin(actor, 'merge ministries');
  if (cmd.code === cmd.into) throw rule('merge-into-itself', 'A ministry cannot merge into itself', 'into');
  requireMinistryOn(merged, cmd.code, cmd.effectiveDate, 'effectiveDate');
  requireNotBeforeLatest(merged, cmd.effectiveDate);
  requireNotAwaitedSuccessor(cmd.code, cmd.effectiveDate, ministries);
  requireMinistryInForce(ministries, cmd.into, cmd.effectiveDate, 'into');
  const ending: PendingEvent = {
    type: 'ministry.merged',
    streamId: streamIdOf.ministry(cmd.code),
    effectiveDate: cmd.effectiveDate,
    data: { code: cmd.code, into: cmd.into },
  };
  return [ending, ...followOnsOfEnding(ending, ministries, candidates)];
}
