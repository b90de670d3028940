/**
 * The event log port. Every store (embedded SQLite, EventStoreDB, in-memory for unit tests)
 * implements this contract and passes the same contract suite (testing/event-store.contract.ts).
 *
 * Revisions count from 0 within a stream (-1 = no stream yet). Positions count from 1 across
 * the whole log and never repeat: they are the system-time axis of every projection.
 */

export interface EventActor {
  sub: string;
  name: string;
  role: string;
  ministry: string | null;
}

export interface EventLegalBasis {
  documentNumber: string;
  issuedOn: string;
  issuer?: string;
  signer?: string;
  title?: string;
}

/** The envelope's metadata: who, on what authority, why, valid from when, and causality. */
export interface EventMetadata {
  /** Valid time: the Vietnamese calendar date from which the change is in force. */
  effectiveDate: string;
  actor: EventActor;
  legalBasis: EventLegalBasis | null;
  reason: string | null;
  idempotencyKey: string | null;
  correlationId: string;
  causationId: string | null;
}

export interface NewEvent {
  eventId: string;
  /** A stable string such as 'platform.withdrawn'; never a class name. */
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

export interface StoredEvent extends NewEvent {
  streamId: string;
  revision: number;
  position: number;
  /** System time: the store's clock at commit, UTC ISO 8601 with milliseconds, non-decreasing in log order. */
  recordedAt: string;
  /**
   * The tamper-evident chain (integrity/event-hash.ts): `prevHash` is the hash of the event at
   * position - 1 (64 zeros before the first), `hash` = SHA-256 over a tag, `prevHash` and the
   * canonical JSON of this event. Computed by the store at append, in log order, inside the
   * append's transaction. Optional in the type so that an adapter that cannot provide them still
   * compiles; every adapter of this project provides them (SQLite: columns `hash`, `prev_hash`;
   * in-memory: in the stored object; EventStoreDB: carried in the event's metadata, computed by
   * the adapter that serialises appends) and the contract suite checks the chain of any adapter
   * that does. Verification then works the same on every adapter.
   */
  prevHash?: string;
  hash?: string;
}

/**
 * A stored event as a rebuild reads it: with the JSON text of `data` and `metadata` exactly as
 * the store holds it. Both stores write that text with `JSON.stringify` of the decoded values
 * (SQLite keeps it as TEXT, PostgreSQL as `json`, which keeps the text as written), so it equals
 * `JSON.stringify(data)` / `JSON.stringify(metadata)` and a read model can copy it instead of
 * encoding the values again. The hash-chain fields are left out: a rebuild does not need them.
 */
export interface RebuildEvent extends StoredEvent {
  storedJson: { data: string; metadata: string };
}

/**
 * A stored event as a decision reads it: its payload, valid date and place in the log, without
 * the rest of its metadata or the chain. What the write path keeps per event in memory.
 */
export interface DecisionEvent {
  revision: number;
  position: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  /** `metadata.effectiveDate`. */
  effectiveDate: string;
}

/** 'no-stream': the stream must not exist yet; 'any': no check (for use by tools only). */
export type ExpectedRevision = number | 'no-stream' | 'any';

export interface StreamWrite {
  streamId: string;
  expectedRevision: ExpectedRevision;
  events: NewEvent[];
}

export interface IdempotencyClaim {
  /** Permanent: the same key is never recorded twice, however long afterwards. */
  key: string;
  /** A digest of the request, so that a key reused for a different request is refused. */
  requestHash: string;
  /** What the caller wants handed back on a repeat (e.g. the id it created). */
  result: Record<string, unknown>;
}

export interface AppendRequest {
  /** All writes commit atomically, or none does. */
  writes: StreamWrite[];
  idempotency?: IdempotencyClaim;
}

export interface AppendedStream {
  streamId: string;
  /** The stream's revision after the append. */
  revision: number;
  firstPosition: number;
  lastPosition: number;
}

export interface AppendResult {
  /** The last position written (for a replay: the last position of the original append). */
  position: number;
  streams: AppendedStream[];
  result: Record<string, unknown>;
  /** True when the idempotency key had been seen: nothing new was recorded. */
  replayed: boolean;
}

export interface IdempotencyRecord {
  requestHash: string;
  outcome: Omit<AppendResult, 'replayed'>;
}

export interface Subscription {
  close(): Promise<void>;
}

export type EventBatchHandler = (events: StoredEvent[]) => Promise<void> | void;

export interface ReadStreamOptions {
  /** First revision wanted (0 = the whole stream). */
  fromRevision?: number;
}

export interface EventStore {
  readonly name: string;
  append(request: AppendRequest): Promise<AppendResult>;
  /**
   * The stream's events in revision order; with `fromRevision`, only those at that revision or
   * later (the tail a caller that keeps earlier events in memory has not seen yet).
   */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /**
   * Optional, for the write path: `readStream` as `DecisionEvent`s. A store that has it reads
   * only the columns a decision needs (SQLite: from one covering index, in stream order); the
   * others are read with `readStream`.
   */
  readStreamForDecision?(streamId: string, options?: ReadStreamOptions): Promise<DecisionEvent[]>;
  /** Events with position > afterPosition, in log order, at most `limit` of them. */
  readAll(afterPosition: number, limit: number): Promise<StoredEvent[]>;
  /**
   * Optional, for rebuilds only: `readAll` with each event's stored JSON text (`RebuildEvent`).
   * A store without it (EventStoreDB, in-memory) is read with `readAll`.
   */
  readAllForRebuild?(afterPosition: number, limit: number): Promise<RebuildEvent[]>;
  headPosition(): Promise<number>;
  findIdempotency(key: string): Promise<IdempotencyRecord | null>;
  /** Delivers every event after `afterPosition`, in order and in batches, then follows new appends. */
  subscribe(afterPosition: number, handler: EventBatchHandler): Subscription;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(`Stream ${streamId}: expected revision ${expected}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class IdempotencyKeyReusedError extends Error {
  constructor(readonly key: string) {
    super(`Idempotency key '${key}' was already used for a different request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

export class DuplicateEventIdError extends Error {
  constructor(readonly eventId: string) {
    super(`Event id ${eventId} is already in the log`);
    this.name = 'DuplicateEventIdError';
  }
}

export function revisionMatches(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no-stream') return actual === -1;
  return expected === actual;
}

/** Recorded time never goes backwards in log order, even if the wall clock does. */
export function nextRecordedTime(now: Date, previous: string | null): string {
  const nowIso = now.toISOString();
  return previous !== null && previous > nowIso ? previous : nowIso;
}
