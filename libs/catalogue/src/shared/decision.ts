import { CalendarDate } from './calendar';
import { forbidden, rule } from './errors';
import { Actor } from './metadata';
import { latestEffectiveDate } from './timeline';
import { RecordedDomainEvent } from '../events';
import { ministryAsOf, MinistryState } from '../ministry/ministry.state';

/** A stream as a decider sees it: its events so far and its revision (-1 when empty). */
export interface StreamHistory {
  revision: number;
  events: readonly RecordedDomainEvent[];
}

/** The histories of the ministries a command refers to; a code absent from the map is unknown. */
export type MinistryHistories = ReadonlyMap<string, readonly RecordedDomainEvent[]>;

export function requireMicAdmin(actor: Actor, action: string): void {
  if (actor.role !== 'mic-admin') throw forbidden('mic-admin-only', `Only mic-admin may ${action}`);
}

/** mic-admin may act on any entry; a ministry-editor only on entries of its own ministry. */
export function requireEditorOf(actor: Actor, owners: readonly string[], action: string): void {
  if (actor.role === 'mic-admin') return;
  if (actor.role === 'ministry-editor' && actor.ministry !== null && owners.includes(actor.ministry)) return;
  throw forbidden(
    'not-owner',
    actor.role === 'ministry-editor'
      ? `Ministry ${actor.ministry} may not ${action}: the entry belongs to ${owners.join(' / ')}`
      : `Role ${actor.role} may not ${action}`,
  );
}

export function requireMinistryInForce(
  ministries: MinistryHistories,
  code: string,
  date: CalendarDate,
  field: string,
): MinistryState {
  const events = ministries.get(code);
  if (!events || events.length === 0) throw rule('unknown-ministry', `Ministry '${code}' is not in the catalogue`, field);
  const state = ministryAsOf(events, date);
  if (!state) throw rule('ministry-not-yet-registered', `Ministry '${code}' was not registered on ${date}`, field);
  if (state.status === 'ended')
    throw rule('ministry-ended', `Ministry '${code}' had ended on ${date} (merged into ${state.mergedInto})`, field);
  return state;
}

/**
 * Ordinary changes happen at the end of valid time; a change dated before the latest one
 * rewrites the past, which is what a correction is for.
 */
export function requireNotBeforeLatest(stream: StreamHistory, date: CalendarDate, field = 'effectiveDate'): void {
  const latest = latestEffectiveDate(stream.events);
  if (latest !== null && date < latest)
    throw rule(
      'effective-date-before-latest-change',
      `${field} ${date} is before the latest recorded change (${latest}); use a correction to change the past`,
      field,
    );
}
