import { CalendarDate } from '../shared/calendar';
import { foldAsOf } from '../shared/timeline';
import { completeFields, DomainEvent, EditableFields, RecordedDomainEvent } from '../events';

export type PlatformStatus = 'in-force' | 'withdrawn';

/** One catalogue entry as it stands at some point of valid time. */
export interface PlatformState extends EditableFields {
  id: string;
  code: string | null;
  ownerMinistry: string;
  status: PlatformStatus;
  /** Effective date of the registration. */
  registeredOn: CalendarDate;
}

type Evolvable = DomainEvent & { effectiveDate: CalendarDate };

/** Pure fold step. Unknown or foreign events leave the state as it is. */
export function evolvePlatform(state: PlatformState | null, event: Evolvable): PlatformState | null {
  switch (event.type) {
    case 'platform.registered': {
      const { platformId, code, ownerMinistry, ...fields } = event.data;
      return { id: platformId, code, ownerMinistry, ...completeFields(fields), status: 'in-force', registeredOn: event.effectiveDate };
    }
    case 'platform.amended':
    case 'platform.corrected':
      return state && { ...state, ...event.data.changes };
    case 'platform.withdrawn':
      return state && { ...state, status: 'withdrawn' };
    case 'platform.reinstated':
      return state && { ...state, status: 'in-force' };
    case 'platform.transferred': {
      // The new owner leads now; it no longer co-operates on its own entry.
      const to = event.data.toMinistry;
      return state && { ...state, ownerMinistry: to, coMinistries: state.coMinistries.filter((c) => c !== to) };
    }
    case 'platform.co-ministries-reassigned':
      return state && { ...state, coMinistries: [...event.data.coMinistries] };
    default:
      return state;
  }
}

export function platformAsOf(events: readonly RecordedDomainEvent[], date: CalendarDate | null): PlatformState | null {
  return foldAsOf<PlatformState, RecordedDomainEvent>(events, date, evolvePlatform);
}
