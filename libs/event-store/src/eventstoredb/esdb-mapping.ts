import { createHash } from 'node:crypto';
import { ANY, jsonEvent, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import type { AppendExpectedRevision, EventData, JSONEventType } from '@eventstore/db-client';
import { EventMetadata, ExpectedRevision, NewEvent, StoredEvent, WrongExpectedRevisionError } from '../event-store.port';

/**
 * Pure translation between our envelope and EventStoreDB events. Kept apart from the
 * adapter so that it is unit-tested without a server.
 */

/** What we put in an EventStoreDB event's metadata: our envelope plus the server's well-known keys. */
export interface EsdbMetadata extends EventMetadata {
  $correlationId: string;
  $causationId: string | null;
  schemaVersion: number;
  /** Set only by the migration tool: the recorded time the event had in the log it came from. */
  recordedAt?: string;
}

export function toEsdbEvent(e: NewEvent, recordedAt?: string): EventData {
  const metadata: EsdbMetadata = {
    ...e.metadata,
    $correlationId: e.metadata.correlationId,
    $causationId: e.metadata.causationId,
    schemaVersion: e.schemaVersion,
    ...(recordedAt ? { recordedAt } : {}),
  };
  return jsonEvent({ id: e.eventId, type: e.type, data: e.data as JSONEventType['data'], metadata: metadata as unknown as JSONEventType['data'] });
}

export interface EsdbRecorded {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
}

export function fromEsdbEvent(r: EsdbRecorded, position: number): StoredEvent {
  const m = (r.metadata ?? {}) as Partial<EsdbMetadata>;
  const metadata: EventMetadata = {
    effectiveDate: m.effectiveDate as string,
    actor: m.actor as EventMetadata['actor'],
    legalBasis: m.legalBasis ?? null,
    reason: m.reason ?? null,
    idempotencyKey: m.idempotencyKey ?? null,
    correlationId: m.correlationId ?? m.$correlationId ?? '',
    causationId: m.causationId ?? m.$causationId ?? null,
  };
  return {
    eventId: r.id,
    type: r.type,
    schemaVersion: m.schemaVersion ?? 1,
    data: r.data,
    metadata,
    streamId: r.streamId,
    revision: Number(r.revision),
    position,
    recordedAt: m.recordedAt ?? r.created.toISOString(),
  };
}

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no-stream') return NO_STREAM;
  return BigInt(expected);
}

/** EventStoreDB's WrongExpectedVersion becomes the same error as SQLite's, hence the same 409. */
export function fromEsdbError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  if (error instanceof WrongExpectedVersionError || (error as { type?: string })?.type === 'wrong-expected-version') {
    const actual = (error as WrongExpectedVersionError).actualVersion;
    return new WrongExpectedRevisionError(streamId, expected, typeof actual === 'bigint' ? Number(actual) : -1);
  }
  return error;
}

const IDEMPOTENCY_STREAM_PREFIX = 'ndp-idempotency-';

/** EventStoreDB's own duplicate check only remembers recent ids; our keys live in a stream each, forever. */
export function idempotencyStream(key: string): string {
  return IDEMPOTENCY_STREAM_PREFIX + createHash('sha256').update(key).digest('hex');
}

/** The catalogue's log is $all without system events and without our idempotency records. */
export function isCatalogueEvent(streamId: string, type: string): boolean {
  return !streamId.startsWith('$') && !type.startsWith('$') && !streamId.startsWith(IDEMPOTENCY_STREAM_PREFIX);
}
