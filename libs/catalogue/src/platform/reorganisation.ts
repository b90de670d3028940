import { CalendarDate } from '../shared/calendar';
import { MinistryHistories } from '../shared/decision';
import { PendingEvent, Reorganisation, streamIdOf } from '../events';
import { coSuccessorOf, ministryAsOf, MinistryState, reorganisationOf, successorFor } from '../ministry/ministry.state';
import { PlatformTimeline } from './platform-timeline';
import { PlatformState } from './platform.state';

/**
 * I1: on every date, an entry is owned by a ministry in force and co-operates only with
 * ministries in force other than its owner — whatever order facts were recorded in. Given the
 * entry's events and those a command adds, this returns the events that make the entry follow
 * every reorganisation it meets: on the date a ministry it names has ended, a transfer to the
 * successor, or a reassignment of the co-ministry to the successor. A late registration for a
 * ministry that has since merged thus carries its own transfer, in the same atomic append.
 */
export function reorganisationFollowOns(
  platformId: string,
  recorded: PlatformTimeline,
  pending: readonly PendingEvent[],
  ministries: MinistryHistories,
): PendingEvent[] {
  const endDates = [...ministries.values()].flatMap((events) => {
    const end = ministryAsOf(events, null)?.endedOn;
    return end ? [end] : [];
  });
  // Nothing can name an ended ministry before the first ending: only later dates are looked at.
  if (endDates.length === 0) return [];
  const first = endDates.reduce((a, b) => (a < b ? a : b));
  const out: PendingEvent[] = [];
  let timeline = recorded.with(pending);
  for (const date of timeline.breakpoints(endDates).filter((d) => d >= first)) {
    // A successor may itself end on the same date: repeat until the state on this date holds.
    for (let step = 0; step < 50; step++) {
      const state = timeline.stateOn(date);
      const fix = state && nextFix(platformId, state, date, ministries, timeline);
      if (!fix) break;
      out.push(fix);
      timeline = timeline.with([fix]);
    }
  }
  return out;
}

function endedOn(ministries: MinistryHistories, code: string, date: CalendarDate): MinistryState | null {
  const events = ministries.get(code);
  const state = events ? ministryAsOf(events, date) : null;
  return state?.status === 'ended' && state.ending ? state : null;
}

function nextFix(platformId: string, state: PlatformState, date: CalendarDate, ministries: MinistryHistories, timeline: PlatformTimeline): PendingEvent | null {
  const streamId = streamIdOf.platform(platformId);
  const owner = endedOn(ministries, state.ownerMinistry, date);
  if (owner?.ending)
    return {
      type: 'platform.transferred',
      streamId,
      effectiveDate: date,
      data: {
        platformId,
        fromMinistry: state.ownerMinistry,
        toMinistry: successorFor(owner.ending, platformId),
        reorganisation: reorganisationOf(owner.code, owner.ending),
      },
    };
  /** The co-ministry `from` gives way to `to` (null: it simply drops), because of `reorganisation`. */
  const reassign = (from: string, to: string | null, reorganisation: Reorganisation): PendingEvent => ({
    type: 'platform.co-ministries-reassigned',
    streamId,
    effectiveDate: date,
    data: {
      platformId,
      coMinistries: state.coMinistries.flatMap((c) => (c !== from ? [c] : to !== null ? [to] : [])),
      replaced: [{ from, to }],
      reorganisation,
    },
  });
  // A reorganisation that moved the entry to one of its co-ministries, before a change recorded
  // earlier that still lists it: the new owner no longer co-operates on its own entry.
  const cause = state.coMinistries.includes(state.ownerMinistry) ? reorganisationThatGave(timeline, state.ownerMinistry, date) : null;
  if (cause) return reassign(state.ownerMinistry, null, cause);
  for (const code of state.coMinistries) {
    const ended = endedOn(ministries, code, date);
    if (!ended?.ending) continue;
    const successor = coSuccessorOf(ended.ending);
    // The successor takes the place, unless it owns the entry or co-operates already.
    const keep = successor !== state.ownerMinistry && !state.coMinistries.includes(successor);
    return reassign(code, keep ? successor : null, reorganisationOf(code, ended.ending));
  }
  return null;
}

/** The reorganisation by which the entry last passed to `owner`, on or before `date`. */
function reorganisationThatGave(timeline: PlatformTimeline, owner: string, date: CalendarDate): Reorganisation | null {
  let found: Reorganisation | null = null;
  for (const d of timeline.breakpoints().filter((x) => x <= date))
    for (const e of timeline.eventsOn(d))
      if (e.type === 'platform.transferred' && e.data.toMinistry === owner && e.data.reorganisation) found = e.data.reorganisation;
  return found;
}
