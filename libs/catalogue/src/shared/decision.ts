import { CalendarDate } from './calendar';
import { forbidden, rule } from './errors';
import { Actor } from './metadata';
import { latestEffectiveDate } from './timeline';
import { RecordedDomainEvent } from '../events';
import { coSuccessorOf, ministryAsOf, MinistryState } from '../ministry/ministry.state';

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

/**
 * Who may write at all, today: mic-admin, and a ministry-editor whose ministry is in force.
 * An editor of a ministry that has ended hears which ministry answers for its entries now.
 */
export function requireActiveWriter(actor: Actor, ministries: MinistryHistories, today: CalendarDate): void {
  if (actor.role === 'mic-admin') return;
  if (actor.role !== 'ministry-editor' || actor.ministry === null) throw forbidden('role-not-allowed', `Role ${actor.role} may not change the catalogue`);
  const events = ministries.get(actor.ministry);
  const state = events ? ministryAsOf(events, today) : null;
  if (!state) throw forbidden('unknown-actor-ministry', `Ministry '${actor.ministry}' of this token is not in the catalogue on ${today}`);
  if (state.status === 'ended' && state.ending) {
    const successor = coSuccessorOf(state.ending);
    throw forbidden(
      'actor-ministry-ended',
      `Ministry '${actor.ministry}' ended on ${state.endedOn} (${state.ending.kind === 'merger' ? 'merged into' : 'dissolved; its default successor is'} '${successor}'); its editors can no longer write — '${successor}' answers for its entries now`,
    );
  }
}

export function requireMinistryInForce(ministries: MinistryHistories, code: string, date: CalendarDate, field: string): MinistryState {
  const events = ministries.get(code);
  if (!events || events.length === 0) throw rule('unknown-ministry', `Ministry '${code}' is not in the catalogue`, field);
  const state = ministryAsOf(events, date);
  if (!state) throw rule('ministry-not-yet-registered', `Ministry '${code}' was not registered on ${date}`, field);
  if (state.status === 'ended' && state.ending)
    throw rule('ministry-ended', `Ministry '${code}' had ended on ${date} (its successor is '${coSuccessorOf(state.ending)}')`, field);
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
