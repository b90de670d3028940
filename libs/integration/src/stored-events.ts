/**
 * The internal events as the log stores them (JSON `data`, after upcasting to the current
 * schema version), typed here from the stored shape on purpose: the published contract reads
 * the log's JSON, not the domain's TypeScript types, so a refactor of the domain cannot change
 * what is published without a change in this library. Every type here has an entry in
 * `PUBLICATION_V1` (publication.v1.ts), which says which of these keys are published and which
 * are withheld; `publication.v1.spec.ts` fails when an event carries a key that is neither.
 */

export interface StoredContact {
  name: string | null;
  email: string | null;
  phone: string | null;
}

export type StoredPlatformLevel = 'central' | 'provincial' | 'commune';

/** An entry's fields as `platform.registered` and the `changes` of amendments and corrections carry them. */
export interface StoredEntryFields {
  name: string;
  kind: string;
  coMinistries: string[];
  description: string | null;
  operator: string | null;
  contact: StoredContact | null;
  url: string | null;
  deploymentStatus: string;
  ndxpStatus: string;
  /** Added in 2026; absent in events recorded before (read as null). */
  level?: StoredPlatformLevel | null;
}

export interface StoredPlatformRegistered extends StoredEntryFields {
  platformId: string;
  code: string | null;
  ownerMinistry: string;
}

export interface StoredPlatformChanged {
  platformId: string;
  changes: Partial<StoredEntryFields>;
}

export interface StoredPlatformStatus {
  platformId: string;
}

export interface StoredReorganisation {
  kind: 'merger' | 'dissolution';
  /** The ministry that was merged or dissolved. */
  ministry: string;
}

/** Schema version 2; version 1 had `mergerOf: string | null` instead of `reorganisation` (read both). */
export interface StoredPlatformTransferred {
  platformId: string;
  fromMinistry: string;
  toMinistry: string;
  reorganisation?: StoredReorganisation | null;
  /** Version 1 only: the merged ministry's code when the transfer was part of a merger. */
  mergerOf?: string | null;
}

export interface StoredCoMinistriesReassigned {
  platformId: string;
  coMinistries: string[];
  replaced: Array<{ from: string; to: string | null }>;
  reorganisation: StoredReorganisation;
}

export interface StoredMinistryRegistered {
  code: string;
  name: string;
}

export interface StoredMinistryRenamed {
  code: string;
  name: string;
  previousName: string;
}

export interface StoredMinistryMerged {
  code: string;
  into: string;
}

export interface StoredMinistryDissolved {
  code: string;
  defaultSuccessor: string;
  /** Platform id → the ministry code that takes the entry over. */
  assignments: Record<string, string>;
}

export interface StoredEditionPublished {
  editionId: string;
  documentNumber: string;
  title: string | null;
  issuedOn: string;
  signer: string;
  cutoffDate: string;
  logPosition: number;
  head?: { position: number; hash: string };
}

/** Internal bookkeeping on stream `code-<lowercased code>`: one entry per code. */
export interface StoredCodeReserved {
  code: string;
  platformId: string;
}

/** Every internal event type the contract knows, with its stored data. */
export interface StoredEventData {
  'platform.registered': StoredPlatformRegistered;
  'platform.amended': StoredPlatformChanged;
  'platform.corrected': StoredPlatformChanged;
  'platform.withdrawn': StoredPlatformStatus;
  'platform.reinstated': StoredPlatformStatus;
  'platform.transferred': StoredPlatformTransferred;
  'platform.co-ministries-reassigned': StoredCoMinistriesReassigned;
  'ministry.registered': StoredMinistryRegistered;
  'ministry.renamed': StoredMinistryRenamed;
  'ministry.merged': StoredMinistryMerged;
  'ministry.dissolved': StoredMinistryDissolved;
  'edition.published': StoredEditionPublished;
  'code.reserved': StoredCodeReserved;
}

export type InternalEventType = keyof StoredEventData;
