import { CalendarDate } from '../../shared/calendar';
import { rule } from '../../shared/errors';
import { Actor } from '../../shared/metadata';
import { MinistryHistories, requireMicAdmin, requireMinistryInForce, requireNotBeforeLatest, StreamHistory } from '../../shared/decision';
import { PendingEvent, streamIdOf } from '../../events';
import { platformAsOf } from '../../platform/platform.state';
import { requireMinistryOn } from '../ministry.rules';
import { followOnsOfEnding, PlatformStreamOf, requireNotAwaitedSuccessor } from '../reorganise';

export interface DissolveMinistry {
  code: string;
  effectiveDate: CalendarDate;
  defaultSuccessor: string;
  /** Entry id → the ministry that took over the entry's task. */
  assignments: Record<string, string>;
}

/**
 * A ministry ends with its tasks divided (Bộ Lao động - Thương binh và Xã hội, 1/3/2025):
 * each entry it owns then goes to the successor assigned to it or to the default one, each by
 * its own transfer in the same atomic append; co-ministry references go to the default one.
 */
export function decideDissolveMinistry(
  cmd: DissolveMinistry,
  actor: Actor,
  dissolved: StreamHistory,
  ministries: MinistryHistories,
  candidates: readonly PlatformStreamOf[],
): PendingEvent[] {
  requireMicAdmin(actor, 'dissolve ministries');
  requireMinistryOn(dissolved, cmd.code, cmd.effectiveDate, 'effectiveDate');
  requireNotBeforeLatest(dissolved, cmd.effectiveDate);
  requireNotAwaitedSuccessor(cmd.code, cmd.effectiveDate, ministries);
  if (cmd.defaultSuccessor === cmd.code) throw rule('successor-is-itself', 'A ministry cannot succeed itself', 'defaultSuccessor');
  requireMinistryInForce(ministries, cmd.defaultSuccessor, cmd.effectiveDate, 'defaultSuccessor');
  const owned = new Set(candidates.filter((c) => platformAsOf(c.stream.events, cmd.effectiveDate)?.ownerMinistry === cmd.code).map((c) => c.platformId));
  for (const [platformId, successor] of Object.entries(cmd.assignments)) {
    const field = `assignments.${platformId}`;
    if (!owned.has(platformId))
      throw rule(
        'assignment-not-owned',
        `Entry '${platformId}' is not owned by '${cmd.code}' on ${cmd.effectiveDate}; only its entries can be assigned`,
        field,
      );
    if (successor === cmd.code) throw rule('successor-is-itself', 'A ministry cannot succeed itself', field);
    requireMinistryInForce(ministries, successor, cmd.effectiveDate, field);
  }
  const ending: PendingEvent = {
    type: 'ministry.dissolved',
    streamId: streamIdOf.ministry(cmd.code),
    effectiveDate: cmd.effectiveDate,
    data: { code: cmd.code, defaultSuccessor: cmd.defaultSuccessor, assignments: { ...cmd.assignments } },
  };
  return [ending, ...followOnsOfEnding(ending, ministries, candidates)];
}
