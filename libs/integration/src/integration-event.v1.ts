export const INTEGRATION_SCHEMA_VERSION = 1;

/**
 * The published contract, version 1. It is translated from the internal events by an explicit
 * mapping per event type (publication.v1.ts) rather than copied from them: internal names and
 * bookkeeping (stream ids, revisions, idempotency keys, the actor's subject id and name) stay
 * inside; what a consumer needs to act on a change is here. docs/integration-events.md
 * documents it; schema.v1.ts is its JSON Schema.
 */

export type PlatformKindV1 = 'platform' | 'information-system' | 'application' | 'database' | 'portal';
export type DeploymentStatusV1 = 'pilot' | 'operational';
export type NdxpStatusV1 = 'not-connected' | 'connecting' | 'connected';
export type PlatformLevelV1 = 'central' | 'provincial' | 'commune';

export interface ContactV1 {
  name: string | null;
  email: string | null;
  phone: string | null;
}

/** The entry fields an amendment or correction may change. */
export interface EditableEntryFieldsV1 {
  name: string;
  kind: PlatformKindV1;
  coMinistries: string[];
  description: string | null;
  operator: string | null;
  contact: ContactV1 | null;
  url: string | null;
  deploymentStatus: DeploymentStatusV1;
  ndxpStatus: NdxpStatusV1;
  /** The level the platform serves; null when not recorded (always null for entries registered before it existed). */
  level: PlatformLevelV1 | null;
}

/** A new entry: every field. */
export interface EntryFieldsV1 extends EditableEntryFieldsV1 {
  code: string | null;
  ownerMinistry: string;
}

export interface ReorganisationV1 {
  kind: 'merger' | 'dissolution';
  /** The ministry that was merged or dissolved. */
  ministry: string;
}

/** `change` per published event type. */
export interface ChangeV1 {
  'platform.registered': EntryFieldsV1;
  'platform.amended': { changes: Partial<EditableEntryFieldsV1> };
  'platform.corrected': { changes: Partial<EditableEntryFieldsV1> };
  'platform.withdrawn': Record<string, never>;
  'platform.reinstated': Record<string, never>;
  'platform.transferred': {
    fromMinistry: string;
    toMinistry: string;
    /** Kept for consumers of the first v1 messages: the merged ministry when `reorganisation.kind` is 'merger', else null. */
    mergerOf: string | null;
    /** Set when the transfer is part of a ministry merger or dissolution. */
    reorganisation: ReorganisationV1 | null;
  };
  'platform.co-ministries-reassigned': {
    coMinistries: string[];
    /** Each co-ministry that left the list and what replaced it (null: removed). */
    replaced: Array<{ from: string; to: string | null }>;
    reorganisation: ReorganisationV1;
  };
  'ministry.registered': { code: string; name: string };
  'ministry.renamed': { name: string; previousName: string };
  'ministry.merged': { into: string };
  'ministry.dissolved': {
    /** Takes over what the assignments do not name. */
    defaultSuccessor: string;
    /** Platform id → the ministry that takes the entry over. */
    assignments: Record<string, string>;
  };
  'edition.published': { logPosition: number };
}

export type PublishedEventType = keyof ChangeV1;

export const PUBLISHED_EVENT_TYPES_V1: readonly PublishedEventType[] = [
  'platform.registered',
  'platform.amended',
  'platform.corrected',
  'platform.withdrawn',
  'platform.reinstated',
  'platform.transferred',
  'platform.co-ministries-reassigned',
  'ministry.registered',
  'ministry.renamed',
  'ministry.merged',
  'ministry.dissolved',
  'edition.published',
];

export interface LegalBasisV1 {
  documentNumber: string;
  issuedOn: string;
  issuer?: string;
  signer?: string;
  title?: string;
}

/** What every message carries besides its change. */
export interface CatalogueEventEnvelopeV1 {
  /** The id of the internal event; the same change always carries the same id, so consumers drop repeats by it. */
  eventId: string;
  schemaVersion: 1;
  /** Log position: increases with every change, so consumers can order and resume. */
  position: number;
  /** When the catalogue recorded the change (UTC). */
  recordedAt: string;
  /** The Vietnamese calendar date from which the change is in force. */
  effectiveDate: string;
  legalBasis: LegalBasisV1 | null;
  reason: string | null;
  /**
   * Who made the change, by role and ministry only (no name, no subject id: personal data stays
   * in the catalogue's audit log). Messages published before this rule also carry `name`.
   */
  actor: { role: string; ministry: string | null; name?: string };
  correlationId: string;
  /** Set on platform events. */
  platform?: {
    id: string;
    /** The entry's name and owner in its latest known version after this change. */
    name: string;
    ministry: string;
  };
  /** Set on ministry events. */
  ministry?: { code: string; name: string };
  /** Set on edition events. */
  edition?: { id: string; documentNumber: string; issuedOn: string; cutoffDate: string; signer: string; title: string | null };
}

/** One published message; narrow on `type` to get its `change`. */
export type CatalogueEventV1<T extends PublishedEventType = PublishedEventType> = {
  [K in T]: CatalogueEventEnvelopeV1 & { type: K; change: ChangeV1[K] };
}[T];

export interface OutgoingMessage {
  topic: 'platform' | 'ministry' | 'edition';
  key: string;
  value: CatalogueEventV1;
  headers: Record<string, string>;
}

/** What the relay remembers of each entity to fill in names and owners (latest valid time wins). */
export interface EntityLabel {
  name: string;
  nameFrom: string;
  ministry: string;
  ministryFrom: string;
}

export type LabelLookup = (streamId: string) => EntityLabel | undefined;
