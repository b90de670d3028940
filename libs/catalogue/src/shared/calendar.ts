/**
 * Valid time in this domain is a calendar date in Vietnam (Asia/Ho_Chi_Minh: UTC+7, no DST).
 * Dates travel as 'YYYY-MM-DD' strings; day numbers (days since 1970-01-01) are used where
 * dates must be compared or indexed.
 */
export type CalendarDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1) return false;
  // Round-tripping through UTC rejects 2024-02-30 and friends.
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function toDayNumber(date: CalendarDate): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a calendar date: ${date}`);
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

export function fromDayNumber(day: number): CalendarDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar date in Vietnam at a given instant. */
export function vietnamDateOf(instant: Date): CalendarDate {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last millisecond of a Vietnamese calendar day, as an instant. */
export function endOfVietnamDay(date: CalendarDate): Date {
  return new Date((toDayNumber(date) + 1) * DAY_MS - VIETNAM_OFFSET_MS - 1);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A "known at" point: an ISO 8601 instant with an explicit offset, or a date meaning the end
 * of that day in Vietnam. Anything else (including offset-less local times, whose meaning
 * would depend on the server's zone) is rejected.
 */
export function parseKnownAt(value: string): Date | null {
  if (isCalendarDate(value)) return endOfVietnamDay(value);
  const m = INSTANT_RE.exec(value);
  if (!m || !isCalendarDate(`${m[1]}-${m[2]}-${m[3]}`)) return null;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t);
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
