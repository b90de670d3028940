import { CalendarDate } from '../shared/calendar';
import { notFound, rule } from '../shared/errors';
import { MinistryHistories, requireMinistryInForce, StreamHistory } from '../shared/decision';
import { EDITABLE_FIELDS, EditableFields } from '../events';
import { PlatformState } from './platform.state';
import { PlatformTimeline } from './platform-timeline';

export function requireRegistered(stream: StreamHistory, platformId: string): PlatformState {
  const latest = PlatformTimeline.of(stream.events).stateOn(null);
  if (!latest) throw notFound('unknown-platform', `Platform '${platformId}' is not in the catalogue`);
  return latest;
}

/** The entry as it stands on `date`, which must not be before its registration. */
export function requireStateOn(stream: StreamHistory, date: CalendarDate, field: string): PlatformState {
  const state = PlatformTimeline.of(stream.events).stateOn(date);
  if (!state) {
    const registeredOn = PlatformTimeline.of(stream.events).stateOn(null)?.registeredOn;
    throw rule('before-registration', `${field} ${date} is before the entry was registered (${registeredOn})`, field);
  }
  return state;
}

export function validateCoMinistries(ministries: MinistryHistories, coMinistries: readonly string[], owner: string, date: CalendarDate): void {
  if (new Set(coMinistries).size !== coMinistries.length) throw rule('duplicate-co-ministry', 'coMinistries lists a ministry twice', 'coMinistries');
  for (const code of coMinistries) {
    if (code === owner) throw rule('owner-as-co-ministry', `'${code}' owns the entry; it cannot also co-operate`, 'coMinistries');
    requireMinistryInForce(ministries, code, date, 'coMinistries');
  }
}

/** Keeps only the fields whose value differs from the state's; structural equality for objects. */
export function effectiveChanges(state: PlatformState, changes: Partial<EditableFields>): Partial<EditableFields> {
  const out: Partial<EditableFields> = {};
  for (const field of EDITABLE_FIELDS) {
    if (!(field in changes)) continue;
    const value = changes[field];
    if (JSON.stringify(value) !== JSON.stringify(state[field])) (out as Record<string, unknown>)[field] = value;
  }
  return out;
}

/** Entry ids are UUIDs: a code shaped like one would make `/v1/platforms/{idOrCode}` ambiguous. */
export const ENTRY_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
