import { CalendarDate } from '../shared/calendar';
import { foldAsOf } from '../shared/timeline';
import { DomainEvent, RecordedDomainEvent, Reorganisation } from '../events';

/** How a ministry ended: merged into one survivor, or dissolved with its tasks divided. */
export type MinistryEnding = { kind: 'merger'; into: string } | { kind: 'dissolution'; defaultSuccessor: string; assignments: Record<string, string> };

export interface MinistryState {
  code: string;
  name: string;
  status: 'in-force' | 'ended';
  /** For a ministry that ended by merger: the survivor. */
  mergedInto: string | null;
  ending: MinistryEnding | null;
  since: CalendarDate;
  endedOn: CalendarDate | null;
}

type Evolvable = DomainEvent & { effectiveDate: CalendarDate };

export function evolveMinistry(state: MinistryState | null, event: Evolvable): MinistryState | null {
  switch (event.type) {
    case 'ministry.registered':
      return {
        code: event.data.code,
        name: event.data.name,
        status: 'in-force',
        mergedInto: null,
        ending: null,
        since: event.effectiveDate,
        endedOn: null,
      };
    case 'ministry.renamed':
      return state && { ...state, name: event.data.name };
    case 'ministry.merged':
      return (
        state && { ...state, status: 'ended', mergedInto: event.data.into, ending: { kind: 'merger', into: event.data.into }, endedOn: event.effectiveDate }
      );
    case 'ministry.dissolved': {
      const { defaultSuccessor, assignments } = event.data;
      return (
        state && { ...state, status: 'ended', ending: { kind: 'dissolution', defaultSuccessor, assignments: { ...assignments } }, endedOn: event.effectiveDate }
      );
    }
    default:
      return state;
  }
}

export function ministryAsOf(events: readonly RecordedDomainEvent[], date: CalendarDate | null): MinistryState | null {
  return foldAsOf<MinistryState, RecordedDomainEvent>(events, date, evolveMinistry);
}

/** The ministry that takes over an entry of an ended ministry. */
export function successorFor(ending: MinistryEnding, platformId: string): string {
  return ending.kind === 'merger' ? ending.into : (ending.assignments[platformId] ?? ending.defaultSuccessor);
}

/** The ministry that takes over the ended ministry's co-operation on other ministries' entries. */
export function coSuccessorOf(ending: MinistryEnding): string {
  return ending.kind === 'merger' ? ending.into : ending.defaultSuccessor;
}

export function reorganisationOf(code: string, ending: MinistryEnding): Reorganisation {
  return { kind: ending.kind, ministry: code };
}

/** Every ministry an ending hands something to. */
export function successorsOf(ending: MinistryEnding): string[] {
  return ending.kind === 'merger' ? [ending.into] : [ending.defaultSuccessor, ...Object.values(ending.assignments)];
}
