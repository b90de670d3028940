import { CalendarDate } from '../../shared/calendar';
import { rule } from '../../shared/errors';
import { Actor } from '../../shared/metadata';
import { requireMicAdmin, requireNotBeforeLatest, StreamHistory } from '../../shared/decision';
import { PendingEvent, streamIdOf } from '../../events';
import { platformAsOf } from '../../platform/platform.state';
import { requireMinistryOn } from '../ministry.rules';

export interface MergeMinistries {
  code: string;
  into: string;
  effectiveDate: CalendarDate;
}

export interface PlatformStreamOf {
  platformId: string;
  stream: StreamHistory;
}

/**
 * The merged ministry ends on the merger's date and every entry it owns on that date moves to
 * the survivor, each by its own transfer event so that the entry's history shows it. The
 * transfers may fall before an entry's latest change: a merger is dated by its decision, and
 * valid-time order places the transfer where it belongs.
 */
export function decideMergeMinistries(
  cmd: MergeMinistries,
  actor: Actor,
  merged: StreamHistory,
  survivor: StreamHistory,
  candidates: readonly PlatformStreamOf[],
): PendingEvent[] {
  requireMicAdmin(actor, 'merge ministries');
  if (cmd.code === cmd.into) throw rule('merge-into-itself', 'A ministry cannot merge into itself', 'into');
  requireMinistryOn(merged, cmd.code, cmd.effectiveDate, 'effectiveDate');
  requireNotBeforeLatest(merged, cmd.effectiveDate);
  if (survivor.events.length === 0) throw rule('unknown-ministry', `Ministry '${cmd.into}' is not in the catalogue`, 'into');
  requireMinistryOn(survivor, cmd.into, cmd.effectiveDate, 'into');

  const transfers: PendingEvent[] = [];
  for (const { platformId, stream } of candidates) {
    const state = platformAsOf(stream.events, cmd.effectiveDate);
    if (state?.ownerMinistry !== cmd.code) continue;
    transfers.push({
      type: 'platform.transferred',
      streamId: streamIdOf.platform(platformId),
      effectiveDate: cmd.effectiveDate,
      data: { platformId, fromMinistry: cmd.code, toMinistry: cmd.into, mergerOf: cmd.code },
    });
  }
  return [
    {
      type: 'ministry.merged',
      streamId: streamIdOf.ministry(cmd.code),
      effectiveDate: cmd.effectiveDate,
      data: { code: cmd.code, into: cmd.into },
    },
    ...transfers,
  ];
}
