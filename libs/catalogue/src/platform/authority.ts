import { CalendarDate } from '../shared/calendar';
import { forbidden } from '../shared/errors';
import { PendingEvent } from '../events';
import { PlatformTimeline } from './platform-timeline';

/**
 * I2: a ministry answers for an entry on a date when it owns the entry then, or when the
 * entry passed to it from that day's owner through reorganisations only (mergers and
 * dissolutions, possibly several in a row). An ordinary transfer ends the former owner's say.
 */
export function answersOn(timeline: PlatformTimeline, ministry: string, date: CalendarDate): boolean {
  let owner = timeline.stateOn(date)?.ownerMinistry;
  if (!owner) return false;
  if (owner === ministry) return true;
  for (const later of timeline.breakpoints().filter((d) => d > date)) {
    for (const e of timeline.eventsOn(later)) {
      if (e.type !== 'platform.transferred' || e.data.toMinistry === owner) continue;
      if (e.data.reorganisation?.ministry !== owner) return false;
      owner = e.data.toMinistry;
      if (owner === ministry) return true;
    }
  }
  return false;
}

/** Whether the ministry answers for the entry on any date at all (the first, cheap gate). */
export function answersForSomePeriod(timeline: PlatformTimeline, ministry: string): boolean {
  // The common case first: the ministry owns the entry now.
  if (timeline.stateOn(null)?.ownerMinistry === ministry) return true;
  return timeline.breakpoints().some((d) => answersOn(timeline, ministry, d));
}

/**
 * Every period the change alters must be one the ministry answers for. With the events a
 * command decided, the altered periods are exactly those where the entry's state differs;
 * without them (the command broke a rule), everything from the command's date on counts, so
 * that a caller without rights hears 403 before anything else about its request.
 */
export function requireAnswersForAlteredPeriods(ministry: string, before: PlatformTimeline, pending: readonly PendingEvent[] | null, from: CalendarDate): void {
  const after = pending ? before.with(pending) : before;
  for (const date of after.breakpoints([from]).filter((d) => d >= from)) {
    if (pending && JSON.stringify(before.stateOn(date)) === JSON.stringify(after.stateOn(date))) continue;
    if (!after.stateOn(date)) continue;
    if (!answersOn(after, ministry, date)) {
      const owner = after.stateOn(date)?.ownerMinistry;
      throw forbidden(
        'outside-accountable-period',
        `Ministry '${ministry}' does not answer for this entry on ${date} (it belongs to '${owner}' then); only '${owner}', its successors or mic-admin with a legal basis may change that period`,
      );
    }
  }
}
