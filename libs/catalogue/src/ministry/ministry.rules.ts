import { CalendarDate } from '../shared/calendar';
import { notFound, rule } from '../shared/errors';
import { StreamHistory } from '../shared/decision';
import { ministryAsOf, MinistryState } from './ministry.state';

/** The ministry as it stands on `date`: registered by then and not yet ended. */
export function requireMinistryOn(stream: StreamHistory, code: string, date: CalendarDate, field: string): MinistryState {
  if (stream.events.length === 0) throw notFound('unknown-ministry', `Ministry '${code}' is not in the catalogue`);
  const state = ministryAsOf(stream.events, date);
  if (!state) throw rule('before-ministry-existed', `${field} ${date} is before ministry '${code}' was registered`, field);
  if (state.status === 'ended') throw rule('ministry-ended', `Ministry '${code}' had ended on ${date}`, field);
  return state;
}
