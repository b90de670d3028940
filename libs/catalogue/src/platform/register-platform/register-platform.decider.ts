import { CalendarDate } from '../../shared/calendar';
import { conflict } from '../../shared/errors';
import { Actor } from '../../shared/metadata';
import { MinistryHistories, requireEditorOf, requireMinistryInForce, StreamHistory } from '../../shared/decision';
import { EditableFields, PendingEvent, streamIdOf } from '../../events';
import { validateCoMinistries } from '../platform.rules';

export interface RegisterPlatform extends EditableFields {
  platformId: string;
  code: string | null;
  ownerMinistry: string;
  effectiveDate: CalendarDate;
}

export function decideRegisterPlatform(
  cmd: RegisterPlatform,
  actor: Actor,
  existing: StreamHistory,
  ministries: MinistryHistories,
): PendingEvent[] {
  requireEditorOf(actor, [cmd.ownerMinistry], 'register entries for this ministry');
  if (existing.events.length > 0) throw conflict('platform-exists', `Platform '${cmd.platformId}' already exists`);
  requireMinistryInForce(ministries, cmd.ownerMinistry, cmd.effectiveDate, 'ownerMinistry');
  validateCoMinistries(ministries, cmd.coMinistries, cmd.ownerMinistry, cmd.effectiveDate);
  const { effectiveDate, ...data } = cmd;
  return [{ type: 'platform.registered', streamId: streamIdOf.platform(cmd.platformId), effectiveDate, data }];
}
