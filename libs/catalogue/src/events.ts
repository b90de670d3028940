import { CalendarDate } from './shared/calendar';
import { EditableFields, EntryFields } from './platform/platform.fields';

export * from './platform/platform.fields';

/**
 * Stored event types. These strings are written into the log forever: never derive them
 * from class names and never rename them; add a new version instead.
 */
export const EventType = {
  MinistryRegistered: 'ministry.registered',
  MinistryRenamed: 'ministry.renamed',
  MinistryMerged: 'ministry.merged',
  MinistryDissolved: 'ministry.dissolved',
  PlatformRegistered: 'platform.registered',
  PlatformAmended: 'platform.amended',
  PlatformCorrected: 'platform.corrected',
  PlatformWithdrawn: 'platform.withdrawn',
  PlatformReinstated: 'platform.reinstated',
  PlatformTransferred: 'platform.transferred',
  PlatformCoMinistriesReassigned: 'platform.co-ministries-reassigned',
  CodeReserved: 'code.reserved',
  EditionPublished: 'edition.published',
} as const;
export type EventTypeName = (typeof EventType)[keyof typeof EventType];

export type EntityKind = 'platform' | 'ministry' | 'edition' | 'code';

/** A step that reads the data of one schema version as the next version. */
type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

interface EventSchema {
  /** The version this code writes. */
  schemaVersion: number;
  entity: EntityKind;
  /** upcasters[v] turns version v into version v + 1. */
  upcasters?: Record<number, Upcaster>;
}

/** Type name → current schema version, the kind of entity whose stream carries it, and how older versions read. */
export const EVENT_REGISTRY: Record<EventTypeName, EventSchema> = {
  'ministry.registered': { schemaVersion: 1, entity: 'ministry' },
  'ministry.renamed': { schemaVersion: 1, entity: 'ministry' },
  'ministry.merged': { schemaVersion: 1, entity: 'ministry' },
  'ministry.dissolved': { schemaVersion: 1, entity: 'ministry' },
  'platform.registered': { schemaVersion: 1, entity: 'platform' },
  'platform.amended': { schemaVersion: 1, entity: 'platform' },
  'platform.corrected': { schemaVersion: 1, entity: 'platform' },
  'platform.withdrawn': { schemaVersion: 1, entity: 'platform' },
  'platform.reinstated': { schemaVersion: 1, entity: 'platform' },
  'platform.transferred': {
    schemaVersion: 2,
    entity: 'platform',
    upcasters: {
      // v1 knew only mergers: `mergerOf` named the merged ministry. v2 names any reorganisation.
      1: ({ mergerOf, ...rest }) => ({ ...rest, reorganisation: typeof mergerOf === 'string' ? { kind: 'merger', ministry: mergerOf } : null }),
    },
  },
  'platform.co-ministries-reassigned': { schemaVersion: 1, entity: 'platform' },
  'code.reserved': { schemaVersion: 1, entity: 'code' },
  'edition.published': { schemaVersion: 1, entity: 'edition' },
};

export function isKnownEventType(type: string): type is EventTypeName {
  return Object.prototype.hasOwnProperty.call(EVENT_REGISTRY, type);
}

/**
 * Reads stored data of any known version as the current version. The log keeps the bytes it
 * was given (the hash chain covers those); only readers see the upcast shape.
 */
export function upcast(type: string, schemaVersion: number, data: unknown): unknown {
  if (!isKnownEventType(type)) return data;
  const schema = EVENT_REGISTRY[type];
  if (schemaVersion > schema.schemaVersion)
    throw new Error(`${type} v${schemaVersion} is newer than this code (v${schema.schemaVersion}); upgrade the service`);
  let out = data as Record<string, unknown>;
  for (let v = schemaVersion; v < schema.schemaVersion; v++) {
    const step = schema.upcasters?.[v];
    if (!step) throw new Error(`no upcaster for ${type} v${v}`);
    out = step(out);
  }
  return out;
}

/** A stored event (any store's shape) as the domain reads it: upcast payload, valid time, log order. */
export function recordedEvent(e: {
  type: string;
  schemaVersion?: number;
  data: unknown;
  metadata: { effectiveDate: string };
  position: number;
}): RecordedDomainEvent {
  return {
    type: e.type,
    data: upcast(e.type, e.schemaVersion ?? 1, e.data),
    effectiveDate: e.metadata.effectiveDate,
    position: e.position,
  } as RecordedDomainEvent;
}

export const streamIdOf = {
  platform: (id: string) => `platform-${id}`,
  ministry: (code: string) => `ministry-${code}`,
  edition: (id: string) => `edition-${id}`,
  /** Codes are unique without regard to case: one reservation stream per lower-cased code. */
  code: (code: string) => `code-${code.toLowerCase()}`,
};

/** Which entity a stream belongs to: 'platform-<uuid>' → { kind: 'platform', id: '<uuid>' }. */
export function entityOfStream(streamId: string): { kind: EntityKind; id: string } | null {
  const m = /^(platform|ministry|edition|code)-(.+)$/.exec(streamId);
  return m ? { kind: m[1] as EntityKind, id: m[2] } : null;
}

/** The ministry (or ministries) a reorganisation ended; transfers and reassignments it causes name it. */
export interface Reorganisation {
  kind: 'merger' | 'dissolution';
  ministry: string;
}

export interface PlatformRegisteredData extends EntryFields {
  platformId: string;
}
export interface PlatformChangedData {
  platformId: string;
  changes: Partial<EditableFields>;
}
export interface PlatformStatusData {
  platformId: string;
}
export interface PlatformTransferredData {
  platformId: string;
  fromMinistry: string;
  toMinistry: string;
  /** Set when the transfer follows a reorganisation (merger or dissolution) of `fromMinistry`. */
  reorganisation: Reorganisation | null;
}
export interface PlatformCoMinistriesReassignedData {
  platformId: string;
  /** The co-operating ministries from this date on. */
  coMinistries: string[];
  /** The ministry that gave way and the one that took its place (null when that one owns the entry or co-operates already). */
  replaced: Array<{ from: string; to: string | null }>;
  reorganisation: Reorganisation;
}
export interface CodeReservedData {
  code: string;
  platformId: string;
}
export interface MinistryRegisteredData {
  code: string;
  name: string;
}
export interface MinistryRenamedData {
  code: string;
  name: string;
  previousName: string;
}
export interface MinistryMergedData {
  code: string;
  into: string;
}
export interface MinistryDissolvedData {
  code: string;
  /** Takes every entry not assigned otherwise, and every co-ministry reference. */
  defaultSuccessor: string;
  /** Entry id → the ministry that takes it over (the one that took over its task). */
  assignments: Record<string, string>;
}
export interface EditionPublishedData {
  editionId: string;
  documentNumber: string;
  title: string | null;
  issuedOn: CalendarDate;
  signer: string;
  cutoffDate: CalendarDate;
  /** The last log position included: the edition shows the catalogue as known at this position. */
  logPosition: number;
  /**
   * The hash chain's head at `logPosition` (the hash of the event there; 64 zeros at 0), so
   * that anyone holding the edition can check an exported log against it. Absent only when
   * the event store keeps no hashes.
   */
  head?: { position: number; hash: string };
}

export type DomainEvent =
  | { type: 'platform.registered'; data: PlatformRegisteredData }
  | { type: 'platform.amended'; data: PlatformChangedData }
  | { type: 'platform.corrected'; data: PlatformChangedData }
  | { type: 'platform.withdrawn'; data: PlatformStatusData }
  | { type: 'platform.reinstated'; data: PlatformStatusData }
  | { type: 'platform.transferred'; data: PlatformTransferredData }
  | { type: 'platform.co-ministries-reassigned'; data: PlatformCoMinistriesReassignedData }
  | { type: 'code.reserved'; data: CodeReservedData }
  | { type: 'ministry.registered'; data: MinistryRegisteredData }
  | { type: 'ministry.renamed'; data: MinistryRenamedData }
  | { type: 'ministry.merged'; data: MinistryMergedData }
  | { type: 'ministry.dissolved'; data: MinistryDissolvedData }
  | { type: 'edition.published'; data: EditionPublishedData };

/** An event as the domain sees it once recorded: its payload, its valid time and its log order. */
export type RecordedDomainEvent = DomainEvent & { effectiveDate: CalendarDate; position: number };

/** An event a decider wants recorded, on a stream, effective from a date. */
export type PendingEvent = DomainEvent & { streamId: string; effectiveDate: CalendarDate };
