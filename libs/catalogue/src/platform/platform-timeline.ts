import { CalendarDate } from '../shared/calendar';
import { byEffectiveOrder } from '../shared/timeline';
import { PendingEvent, RecordedDomainEvent } from '../events';
import { evolvePlatform, PlatformState } from './platform.state';

/** Timelines of recorded streams, one per frozen array (see PlatformTimeline.of). */
const timelines = new WeakMap<readonly RecordedDomainEvent[], PlatformTimeline>();

/**
 * An entry's events in valid-time order with the states they produce: what the authority and
 * reorganisation rules walk along. Pending events sort after everything recorded.
 */
export class PlatformTimeline {
  readonly events: RecordedDomainEvent[];
  /** The events in valid-time order, sorted once: every question below walks this list. */
  private readonly ordered: RecordedDomainEvent[];
  /**
   * prefix[i] is the state after the first i events of `ordered`, folded as far as a question
   * needed: the state on any date is one of them, so the stream is folded once, not per date.
   */
  private readonly prefix: Array<PlatformState | null>;

  /**
   * The timeline of a recorded stream. A frozen array cannot change, so its timeline is kept
   * with it and shared by every rule and every command that decides on that same read (the
   * write path hands out one frozen array per stream revision); other arrays get a fresh one.
   */
  static of(recorded: readonly RecordedDomainEvent[]): PlatformTimeline {
    if (!Object.isFrozen(recorded)) return new PlatformTimeline(recorded);
    let timeline = timelines.get(recorded);
    if (!timeline) timelines.set(recorded, (timeline = new PlatformTimeline(recorded)));
    return timeline;
  }

  constructor(recorded: readonly RecordedDomainEvent[], pending: readonly PendingEvent[] = [], parent: PlatformTimeline | null = null) {
    let next = recorded.reduce((max, e) => Math.max(max, e.position), 0) + 1;
    this.events = [...recorded, ...pending.map(({ streamId: _, ...e }) => ({ ...e, position: next++ }) as RecordedDomainEvent)];
    this.ordered = byEffectiveOrder(this.events);
    // Pending events sort after every recorded event of their date: the parent's states up to
    // the earliest pending date are this timeline's too.
    const earliest = pending.reduce<CalendarDate | null>((min, e) => (min === null || e.effectiveDate < min ? e.effectiveDate : min), null);
    this.prefix = parent && earliest !== null ? parent.prefix.slice(0, parent.countOn(earliest) + 1) : [null];
  }

  with(pending: readonly PendingEvent[]): PlatformTimeline {
    return pending.length === 0 ? this : new PlatformTimeline(this.events, pending, this);
  }

  stateOn(date: CalendarDate | null): PlatformState | null {
    const count = date === null ? this.ordered.length : this.countOn(date);
    for (let i = this.prefix.length - 1; i < count; i++) this.prefix.push(evolvePlatform(this.prefix[i], this.ordered[i]));
    return this.prefix[count];
  }

  /** The dates on which the entry's state may change, ascending. */
  breakpoints(extra: Iterable<CalendarDate> = []): CalendarDate[] {
    return [...new Set([...this.ordered.map((e) => e.effectiveDate), ...extra])].sort();
  }

  /** Events effective on `date`, in log order. */
  eventsOn(date: CalendarDate): RecordedDomainEvent[] {
    return this.ordered.filter((e) => e.effectiveDate === date);
  }

  /** How many events are effective on or before `date` (binary search over `ordered`). */
  private countOn(date: CalendarDate): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ordered[mid].effectiveDate <= date) lo = mid + 1;
      else hi = mid;
    }
    return lo;
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
