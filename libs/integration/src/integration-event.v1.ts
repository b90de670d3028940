import type { StoredEvent } from '@ndp/event-store';

export const INTEGRATION_SCHEMA_VERSION = 1;

/**
 * The published contract, version 1. It is translated from the internal events rather than
 * copied from them: internal names and bookkeeping (stream ids, revisions, idempotency keys,
 * the actor's subject id) stay inside; what a consumer needs to act on a change is here.
 */
export interface CatalogueEventV1 {
  /** The id of the internal event; the same change always carries the same id, so consumers drop repeats by it. */
  eventId: string;
  /** e.g. 'platform.amended'; see the schema for the list. */
  type: string;
  schemaVersion: 1;
  /** Log position: increases with every change, so consumers can order and resume. */
  position: number;
  /** When the catalogue recorded the change (UTC). */
  recordedAt: string;
  /** The Vietnamese calendar date from which the change is in force. */
  effectiveDate: string;
  legalBasis: { documentNumber: string; issuedOn: string; issuer?: string; signer?: string; title?: string } | null;
  reason: string | null;
  actor: { name: string; role: string; ministry: string | null };
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
  /** The change itself, per type: the registered fields, the changed fields, or the transfer. */
  change: Record<string, unknown>;
}

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
