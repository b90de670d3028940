import { CalendarDate } from '../shared/calendar';
import { byEffectiveOrder } from '../shared/timeline';
import { PendingEvent, RecordedDomainEvent } from '../events';
import { evolvePlatform, PlatformState } from './platform.state';

/**
 * An entry's events in valid-time order with the states they produce: what the authority and
 * reorganisation rules walk along. Pending events sort after everything recorded.
 */
export class PlatformTimeline {
  readonly events: RecordedDomainEvent[];
  /** The events in valid-time order, sorted once: every question below walks this list. */
  private readonly ordered: RecordedDomainEvent[];
  private readonly states = new Map<CalendarDate | null, PlatformState | null>();

  constructor(recorded: readonly RecordedDomainEvent[], pending: readonly PendingEvent[] = []) {
    let next = recorded.reduce((max, e) => Math.max(max, e.position), 0) + 1;
    this.events = [...recorded, ...pending.map(({ streamId: _, ...e }) => ({ ...e, position: next++ }) as RecordedDomainEvent)];
    this.ordered = byEffectiveOrder(this.events);
  }

  with(pending: readonly PendingEvent[]): PlatformTimeline {
    return pending.length === 0 ? this : new PlatformTimeline(this.events, pending);
  }

  stateOn(date: CalendarDate | null): PlatformState | null {
    if (!this.states.has(date)) {
      let state: PlatformState | null = null;
      for (const e of this.ordered) {
        if (date !== null && e.effectiveDate > date) break;
        state = evolvePlatform(state, e);
      }
      this.states.set(date, state);
    }
    return this.states.get(date)!;
  }

  /** The dates on which the entry's state may change, ascending. */
  breakpoints(extra: Iterable<CalendarDate> = []): CalendarDate[] {
    return [...new Set([...this.ordered.map((e) => e.effectiveDate), ...extra])].sort();
  }

  /** Events effective on `date`, in log order. */
  eventsOn(date: CalendarDate): RecordedDomainEvent[] {
    return this.ordered.filter((e) => e.effectiveDate === date);
  }
}

/** Every ministry an entry's events name: owners, co-ministries, transfer ends. */
export function ministriesNamedBy(events: readonly { type: string; data: unknown }[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    const d = e.data as Record<string, unknown>;
    for (const key of ['ownerMinistry', 'fromMinistry', 'toMinistry'] as const) if (typeof d[key] === 'string') out.add(d[key] as string);
    const lists = [d.coMinistries, (d.changes as Record<string, unknown> | undefined)?.coMinistries];
    for (const list of lists) if (Array.isArray(list)) for (const c of list) if (typeof c === 'string') out.add(c);
  }
  return [...out];
}
