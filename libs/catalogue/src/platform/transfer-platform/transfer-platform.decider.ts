import { CalendarDate } from '../../shared/calendar';
import { rule } from '../../shared/errors';
import { Actor } from '../../shared/metadata';
import { MinistryHistories, requireMicAdmin, requireMinistryInForce, requireNotBeforeLatest, StreamHistory } from '../../shared/decision';
import { PendingEvent, streamIdOf } from '../../events';
import { requireRegistered, requireStateOn } from '../platform.rules';

export interface TransferPlatform {
  platformId: string;
  toMinistry: string;
  effectiveDate: CalendarDate;
}

export function decideTransferPlatform(
  cmd: TransferPlatform,
  actor: Actor,
  stream: StreamHistory,
  ministries: MinistryHistories,
): PendingEvent[] {
  requireMicAdmin(actor, 'transfer entries between ministries');
  requireRegistered(stream, cmd.platformId);
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
      data: { platformId: cmd.platformId, fromMinistry: state.ownerMinistry, toMinistry: cmd.toMinistry, mergerOf: null },
    },
  ];
}
