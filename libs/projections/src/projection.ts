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
  /**
   * Optional: a rebuild into the empty tables `setUp` made is about to apply the whole log.
   * The projection may defer work to `endRebuild` (indexes, derived tables) as long as the
   * rows it ends with are those `apply` alone would have written.
   */
  beginRebuild?(db: Database.Database): void;
  /** Optional: the rebuild has applied the log (or stopped); finish what `beginRebuild` deferred. */
  endRebuild?(db: Database.Database): void;
}
