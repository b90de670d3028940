import { CalendarDate, isCalendarDate, parseKnownAt, vietnamDateOf } from '@ndp/catalogue';
import { badRequest } from './problem';

/** `asOf`: a date; absent → today in Vietnam by the server's clock. */
export function parseAsOf(value: unknown, now: Date, field = 'asOf'): CalendarDate {
  if (value === undefined || value === '') return vietnamDateOf(now);
  if (typeof value !== 'string' || !isCalendarDate(value))
    throw badRequest(`${field} must be a date as YYYY-MM-DD`, [{ field, message: `'${String(value)}' is not a real calendar date` }]);
  return value;
}

/** `knownAt`: an instant with offset, or a date meaning the end of that day in Vietnam; absent → now. */
export function parseKnownAtParam(value: unknown, field = 'knownAt'): Date | null {
  if (value === undefined || value === '') return null;
  const parsed = typeof value === 'string' ? parseKnownAt(value) : null;
  if (!parsed)
    throw badRequest(`${field} must be a date (YYYY-MM-DD, end of that day in Vietnam) or an ISO 8601 instant with offset`, [
      { field, message: `'${String(value)}' is neither a date nor an instant` },
    ]);
  return parsed;
}

export function parseEnum<T extends string>(value: unknown, allowed: readonly T[], field: string): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !allowed.includes(value as T))
    throw badRequest(`${field} must be one of ${allowed.join(', ')}`, [{ field, message: `'${String(value)}' is not allowed` }]);
  return value as T;
}
