import type Database from 'better-sqlite3';
import type { StoredEvent } from '@ndp/event-store';

/**
 * A named, versioned read model derived only from the log. Bumping `version` makes the
 * projector drop and rebuild it from position zero on the next start.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  /** Creates the projection's tables if missing (idempotent). */
  setUp(db: Database.Database): void;
  /** Drops everything the projection owns. */
  tearDown(db: Database.Database): void;
  /** Applies events in log order inside the projector's transaction. */
  apply(db: Database.Database, events: readonly StoredEvent[]): void;
}
