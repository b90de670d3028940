import Database from 'better-sqlite3';
import type { EntityLabel } from '../integration-event.v1';

/**
 * What the relay remembers between batches: its checkpoint and the labels it attaches. The
 * embedded store is RelayState (below); with a PostgreSQL log it is the shared table of the
 * replica that leads (PostgresRelayState of @ndp/event-store).
 */
export interface RelayCheckpointStore {
  readonly position: number;
  label(streamId: string): EntityLabel | undefined;
  /** Called only after the broker acknowledged every message up to `position`. */
  commit(position: number, changed: ReadonlyMap<string, EntityLabel>): void | Promise<void>;
}

/**
 * The relay's durable memory, in its own SQLite file: the last log position the broker has
 * acknowledged, and the labels (name, owner) it attaches to messages. Both move together in
 * one transaction, so after a crash the relay resumes exactly where its last commit left it.
 */
export class RelayState implements RelayCheckpointStore {
  private readonly db: Database.Database;
  private readonly labels = new Map<string, EntityLabel>();
  private checkpoint: number;
  private readonly saveLabel;
  private readonly saveCheckpoint;

  constructor(
    path: string,
    private readonly name = 'kafka-relay',
  ) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS relay_checkpoint (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS relay_labels (stream_id TEXT PRIMARY KEY, label TEXT NOT NULL) WITHOUT ROWID;`);
    this.checkpoint = (this.db.prepare('SELECT position FROM relay_checkpoint WHERE name = ?').pluck().get(name) as number | undefined) ?? 0;
    for (const row of this.db.prepare('SELECT stream_id, label FROM relay_labels').all() as Array<{ stream_id: string; label: string }>)
      this.labels.set(row.stream_id, JSON.parse(row.label));
    this.saveLabel = this.db.prepare('INSERT INTO relay_labels (stream_id, label) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET label = excluded.label');
    this.saveCheckpoint = this.db.prepare(
      'INSERT INTO relay_checkpoint (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    );
  }

  get position(): number {
    return this.checkpoint;
  }

  label(streamId: string): EntityLabel | undefined {
    return this.labels.get(streamId);
  }

  /** Called only after the broker acknowledged every message up to `position`. */
  commit(position: number, changed: ReadonlyMap<string, EntityLabel>): void {
    this.db.transaction(() => {
      for (const [streamId, label] of changed) this.saveLabel.run(streamId, JSON.stringify(label));
      this.saveCheckpoint.run(this.name, position);
    })();
    for (const [streamId, label] of changed) this.labels.set(streamId, label);
    this.checkpoint = position;
  }

  close(): void {
    this.db.close();
  }
}
