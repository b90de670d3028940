import { CalendarDate } from './calendar';

interface Timed {
  effectiveDate: CalendarDate;
  position: number;
}

/** Valid-time order: by effective date, ties by log order. */
export function byEffectiveOrder<T extends Timed>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : a.position - b.position));
}

/** Folds the events in force on `date` (effective on or before it) in valid-time order. */
export function foldAsOf<S, E extends Timed>(events: readonly E[], date: CalendarDate | null, evolve: (state: S | null, event: E) => S | null): S | null {
  let state: S | null = null;
  for (const e of byEffectiveOrder(events)) {
    if (date !== null && e.effectiveDate > date) break;
    state = evolve(state, e);
  }
  return state;
}

/** The latest effective date among the events, or null for none. */
export function latestEffectiveDate(events: readonly Timed[]): CalendarDate | null {
  let latest: CalendarDate | null = null;
  for (const e of events) if (latest === null || e.effectiveDate > latest) latest = e.effectiveDate;
  return latest;
}
