import { CalendarDate } from '../shared/calendar';
import { foldAsOf } from '../shared/timeline';
import { DomainEvent, RecordedDomainEvent } from '../events';

export interface MinistryState {
  code: string;
  name: string;
  status: 'in-force' | 'ended';
  /** For an ended ministry: the ministry it merged into. */
  mergedInto: string | null;
  since: CalendarDate;
}

type Evolvable = DomainEvent & { effectiveDate: CalendarDate };

export function evolveMinistry(state: MinistryState | null, event: Evolvable): MinistryState | null {
  switch (event.type) {
    case 'ministry.registered':
      return { code: event.data.code, name: event.data.name, status: 'in-force', mergedInto: null, since: event.effectiveDate };
    case 'ministry.renamed':
      return state && { ...state, name: event.data.name };
    case 'ministry.merged':
      return state && { ...state, status: 'ended', mergedInto: event.data.into };
    default:
      return state;
  }
}

export function ministryAsOf(events: readonly RecordedDomainEvent[], date: CalendarDate | null): MinistryState | null {
  return foldAsOf<MinistryState, RecordedDomainEvent>(events, date, evolveMinistry);
}
