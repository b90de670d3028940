import type { RebuildEvent, StoredEvent } from './event-store.port';

/**
 * An event as a table row, in the column names every SQL store of this project uses (the SQLite
 * log, PostgreSQL, the read models' copy of the log). `data` and `metadata` are text in SQLite
 * and already decoded in PostgreSQL.
 */
export interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  recorded_at: string;
  data: unknown;
  metadata: unknown;
  prev_hash?: string;
  hash?: string;
}

const asJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/** The one mapping from a row to a stored event. Throws if `data` or `metadata` is text that is not JSON. */
export function storedEventFromRow(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: asJson(row.data),
    metadata: asJson(row.metadata) as StoredEvent['metadata'],
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recorded_at,
    ...(row.prev_hash !== undefined ? { prevHash: row.prev_hash } : {}),
    ...(row.hash !== undefined ? { hash: row.hash } : {}),
  };
}

/** The columns a rebuild reads (`rebuildEventFromRow`): no hash-chain fields; `data` and `metadata` as text. */
export const REBUILD_COLUMNS = 'position, event_id, stream_id, revision, type, schema_version, recorded_at, data, metadata';

/** A row of `REBUILD_COLUMNS` (data and metadata as JSON text) to an event that keeps that text. */
export function rebuildEventFromRow(row: EventRow & { data: string; metadata: string }): RebuildEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata) as StoredEvent['metadata'],
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recorded_at,
    storedJson: { data: row.data, metadata: row.metadata },
  };
}
