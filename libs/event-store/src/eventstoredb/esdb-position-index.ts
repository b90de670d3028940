import Database from 'better-sqlite3';

export interface IndexedPosition {
  position: number;
  commit: bigint;
  prepare: bigint;
  eventId: string;
}

/**
 * EventStoreDB positions are sparse 64-bit log offsets; the catalogue's system-time axis is a
 * dense count of its own events (1, 2, 3, … in $all order, system events excluded). This local
 * SQLite file remembers which EventStoreDB position each count falls on. It is derived from
 * $all only — deleting it costs a re-read, never data — and $all's order never changes.
 */
export class EsdbPositionIndex {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS esdb_positions (
      position INTEGER PRIMARY KEY, commit_pos TEXT NOT NULL, prepare_pos TEXT NOT NULL, event_id TEXT NOT NULL UNIQUE)`);
    this.stmts = {
      last: this.db.prepare('SELECT * FROM esdb_positions ORDER BY position DESC LIMIT 1'),
      insert: this.db.prepare('INSERT INTO esdb_positions (position, commit_pos, prepare_pos, event_id) VALUES (?, ?, ?, ?)'),
      byEventId: this.db.prepare('SELECT position FROM esdb_positions WHERE event_id = ?').pluck(),
      after: this.db.prepare('SELECT * FROM esdb_positions WHERE position > ? ORDER BY position LIMIT 1'),
    };
  }

  last(): IndexedPosition | null {
    const row = this.stmts.last.get() as Row | undefined;
    return row ? fromRow(row) : null;
  }

  firstAfter(position: number): IndexedPosition | null {
    const row = this.stmts.after.get(position) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  positionOf(eventId: string): number | null {
    return (this.stmts.byEventId.get(eventId) as number | undefined) ?? null;
  }

  add(entries: Array<{ commit: bigint; prepare: bigint; eventId: string }>): number {
    let position = this.last()?.position ?? 0;
    this.db.transaction(() => {
      for (const e of entries) this.stmts.insert.run(++position, e.commit.toString(), e.prepare.toString(), e.eventId);
    })();
    return position;
  }

  close(): void {
    this.db.close();
  }
}

interface Row {
  position: number;
  commit_pos: string;
  prepare_pos: string;
  event_id: string;
}

function fromRow(r: Row): IndexedPosition {
  return { position: r.position, commit: BigInt(r.commit_pos), prepare: BigInt(r.prepare_pos), eventId: r.event_id };
}
