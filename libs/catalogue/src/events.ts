import { CalendarDate } from './shared/calendar';

/**
 * Stored event types. These strings are written into the log forever: never derive them
 * from class names and never rename them; add a new version instead.
 */
export const EventType = {
  MinistryRegistered: 'ministry.registered',
  MinistryRenamed: 'ministry.renamed',
  MinistryMerged: 'ministry.merged',
  PlatformRegistered: 'platform.registered',
  PlatformAmended: 'platform.amended',
  PlatformCorrected: 'platform.corrected',
  PlatformWithdrawn: 'platform.withdrawn',
  PlatformReinstated: 'platform.reinstated',
  PlatformTransferred: 'platform.transferred',
  EditionPublished: 'edition.published',
} as const;
export type EventTypeName = (typeof EventType)[keyof typeof EventType];

/** Type name → current schema version and the kind of entity whose stream carries it. */
export const EVENT_REGISTRY: Record<EventTypeName, { schemaVersion: number; entity: EntityKind }> = {
  'ministry.registered': { schemaVersion: 1, entity: 'ministry' },
  'ministry.renamed': { schemaVersion: 1, entity: 'ministry' },
  'ministry.merged': { schemaVersion: 1, entity: 'ministry' },
  'platform.registered': { schemaVersion: 1, entity: 'platform' },
  'platform.amended': { schemaVersion: 1, entity: 'platform' },
  'platform.corrected': { schemaVersion: 1, entity: 'platform' },
  'platform.withdrawn': { schemaVersion: 1, entity: 'platform' },
  'platform.reinstated': { schemaVersion: 1, entity: 'platform' },
  'platform.transferred': { schemaVersion: 1, entity: 'platform' },
  'edition.published': { schemaVersion: 1, entity: 'edition' },
};

export function isKnownEventType(type: string): type is EventTypeName {
  return Object.prototype.hasOwnProperty.call(EVENT_REGISTRY, type);
}

export type EntityKind = 'platform' | 'ministry' | 'edition';

export const streamIdOf = {
  platform: (id: string) => `platform-${id}`,
  ministry: (code: string) => `ministry-${code}`,
  edition: (id: string) => `edition-${id}`,
};

/** Which entity a stream belongs to: 'platform-<uuid>' → { kind: 'platform', id: '<uuid>' }. */
export function entityOfStream(streamId: string): { kind: EntityKind; id: string } | null {
  const m = /^(platform|ministry|edition)-(.+)$/.exec(streamId);
  return m ? { kind: m[1] as EntityKind, id: m[2] } : null;
}

export const PLATFORM_KINDS = ['platform', 'information-system', 'application', 'database', 'portal'] as const;
export type PlatformKind = (typeof PLATFORM_KINDS)[number];
export const DEPLOYMENT_STATUSES = ['pilot', 'operational'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];
export const NDXP_STATUSES = ['not-connected', 'connecting', 'connected'] as const;
export type NdxpStatus = (typeof NDXP_STATUSES)[number];

export interface Contact {
  name: string | null;
  email: string | null;
  phone: string | null;
}

/** Fields a ministry may change by amendment or correction. Owner changes only by transfer. */
export interface EditableFields {
  name: string;
  kind: PlatformKind;
  coMinistries: string[];
  description: string | null;
  operator: string | null;
  contact: Contact | null;
  url: string | null;
  deploymentStatus: DeploymentStatus;
  ndxpStatus: NdxpStatus;
}
export const EDITABLE_FIELDS: ReadonlyArray<keyof EditableFields> = [
  'name',
  'kind',
  'coMinistries',
  'description',
  'operator',
  'contact',
  'url',
  'deploymentStatus',
  'ndxpStatus',
];

export interface PlatformRegisteredData extends EditableFields {
  platformId: string;
  code: string | null;
  ownerMinistry: string;
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
  /** Set when the transfer is part of a ministry merger: the merged ministry's code. */
  mergerOf: string | null;
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
  | { type: 'ministry.registered'; data: MinistryRegisteredData }
  | { type: 'ministry.renamed'; data: MinistryRenamedData }
  | { type: 'ministry.merged'; data: MinistryMergedData }
  | { type: 'edition.published'; data: EditionPublishedData };

/** An event as the domain sees it once recorded: its payload, its valid time and its log order. */
export type RecordedDomainEvent = DomainEvent & { effectiveDate: CalendarDate; position: number };

/** An event a decider wants recorded, on a stream, effective from a date. */
export type PendingEvent = DomainEvent & { streamId: string; effectiveDate: CalendarDate };
