import Database from 'better-sqlite3';

/**
 * Read models live in their own SQLite file next to the log. They are disposable: losing the
 * file costs a rebuild, never data, so the pragmas favour speed over durability.
 */
export function openReadModelDb(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL)`);
  return db;
}
