import { CalendarDate } from '../shared/calendar';
import { MinistryHistories, StreamHistory } from '../shared/decision';
import { rule } from '../shared/errors';
import { PendingEvent, RecordedDomainEvent } from '../events';
import { ministryAsOf, successorsOf } from './ministry.state';
import { PlatformTimeline } from '../platform/platform-timeline';
import { reorganisationFollowOns } from '../platform/reorganisation';

/** An entry a reorganisation may touch: it named the ministry as owner or co-ministry at some time. */
export interface PlatformStreamOf {
  platformId: string;
  stream: StreamHistory;
}

/**
 * The events a ministry's ending brings about on the entries that name it: each entry follows
 * the reorganisation (and any that follow it) by its own transfer or co-ministry reassignment,
 * decided by the same rule that keeps late facts in line (reorganisation.ts).
 */
export function followOnsOfEnding(ending: PendingEvent, ministries: MinistryHistories, candidates: readonly PlatformStreamOf[]): PendingEvent[] {
  const code = (ending.data as { code: string }).code;
  const known = ministries.get(code) ?? [];
  const position = known.reduce((max, e) => Math.max(max, e.position), 0) + 1;
  const { streamId: _, ...recorded } = ending;
  const after = new Map(ministries);
  after.set(code, [...known, { ...recorded, position } as RecordedDomainEvent]);
  return candidates.flatMap(({ platformId, stream }) => reorganisationFollowOns(platformId, new PlatformTimeline(stream.events), [], after));
}

/**
 * A ministry that another reorganisation names as its successor must still be in force when
 * that reorganisation takes effect: ending it earlier would hand entries to a ministry that
 * no longer exists (and, recorded in the other order, could make two ministries succeed each
 * other for ever). `ministries` must hold every ministry of the catalogue.
 */
export function requireNotAwaitedSuccessor(code: string, date: CalendarDate, ministries: MinistryHistories, field = 'effectiveDate'): void {
  for (const [other, events] of ministries) {
    const state = ministryAsOf(events, null);
    if (other === code || !state?.ending || !state.endedOn || state.endedOn < date) continue;
    if (successorsOf(state.ending).includes(code))
      throw rule(
        'successor-ends-first',
        `Ministry '${code}' takes over from '${other}' on ${state.endedOn} (${state.ending.kind}); it cannot end on ${date}, before that`,
        field,
      );
  }
}
