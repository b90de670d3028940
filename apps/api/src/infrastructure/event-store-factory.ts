import { join } from 'node:path';
import { EsdbEventStore, EventStore, PostgresEventStore, SqliteEventStore } from '@ndp/event-store';
import type { AppConfig } from '../config/app-config';

/**
 * The one place that decides where the log lives: PostgreSQL (DATABASE_URL), EventStoreDB
 * (EVENTSTORE_CONNECTION_STRING) or the embedded SQLite file in DATA_DIR. loadConfig refuses
 * both remote stores at once.
 */
export function openEventStore(config: AppConfig, options: { pollMs?: number; backgroundCheckpoint?: boolean } = {}): EventStore {
  if (config.database)
    return new PostgresEventStore({
      connectionString: config.database.url,
      schema: config.database.schema,
      now: config.now,
      pollMs: options.pollMs ?? 1000,
      onError: (e) => console.error(`postgres event store: ${e instanceof Error ? e.message : e}`),
    });
  if (config.eventStoreConnectionString)
    return new EsdbEventStore({ connectionString: config.eventStoreConnectionString, indexPath: join(config.dataDir, 'esdb-positions.db') });
  return new SqliteEventStore({
    path: join(config.dataDir, 'events.db'),
    synchronous: config.sqliteSynchronous,
    groupCommit: config.sqliteGroupCommit,
    now: config.now,
    pollMs: options.pollMs,
    // The writer's commits never run a WAL checkpoint themselves (docs/operations.md).
    backgroundCheckpoint: options.backgroundCheckpoint ?? false,
  });
}

/** A store that is not the embedded file (read through the port by tools), or null. */
export function openRemoteEventStore(config: AppConfig): EventStore | null {
  return config.database || config.eventStoreConnectionString ? openEventStore(config) : null;
}
