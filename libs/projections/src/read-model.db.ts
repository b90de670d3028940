import { existsSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Read models live in their own SQLite file next to the log. They are disposable: losing the
 * file costs a rebuild, never data, so the pragmas favour speed over durability.
 */
export function openReadModelDb(path: string, options: { readonly?: boolean } = {}): Database.Database {
  if (options.readonly) {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return db;
  }
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL)`);
  return db;
}

/**
 * Opens the read-model file for the one writer, checking it first: a file SQLite cannot read,
 * or whose pages fail `PRAGMA quick_check`, is deleted (with its -wal and -shm) and started
 * afresh, so the projector rebuilds it from the log. `onReset` says why; a missing file is
 * reported the same way.
 */
export function openCheckedReadModelDb(path: string, onReset: (reason: string) => void): Database.Database {
  if (!existsSync(path)) {
    onReset('there is no read-model file');
    return openReadModelDb(path);
  }
  let db: Database.Database | null = null;
  let problem: string;
  try {
    db = openReadModelDb(path);
    const check = db.pragma('quick_check', { simple: true });
    if (check === 'ok') return db;
    problem = `quick_check found: ${String(check).slice(0, 200)}`;
  } catch (e) {
    problem = `${(e as { code?: string }).code ?? 'error'}: ${(e as Error).message}`;
  }
  try {
    db?.close();
  } catch {
    /* already unusable */
  }
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
  onReset(`the read-model file was unreadable (${problem}); deleted it`);
  return openReadModelDb(path);
}
