import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * One writer per DATA_DIR: the service and every command that writes (seed, rebuild, import,
 * restore, migrate) hold this lock for as long as they run.
 *
 * The lock is a kernel lock, not a PID file: `writer.lock` is a tiny SQLite database opened
 * with `locking_mode=EXCLUSIVE` and written once, so SQLite takes its exclusive POSIX
 * (fcntl) lock on the file and keeps it until the connection closes. The kernel drops it when
 * the process ends in any way (exit, SIGKILL, OOM), so a lock can never go stale, a reused
 * PID cannot hold it, and it works between containers that share the volume but not a PID
 * namespace. A second process gets SQLITE_BUSY at once (no waiting).
 *
 * Who holds it is written next to it in `writer.lock.json` (PID, command, host, since) after
 * the lock is taken; that file is only ever informative. A file left by a dead holder is
 * simply overwritten by the next one.
 */
export interface LockHolder {
  pid: number;
  command: string;
  host: string;
  since: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by another writer: ` +
        (holder ? `PID ${holder.pid} (${holder.command}) on ${holder.host} since ${holder.since}` : 'a process that did not say who it is') +
        '. Stop it first; read-only commands (export, verify, backup, export-log) may run beside it.',
    );
  }
}

export interface DataDirLock {
  readonly dataDir: string;
  release(): void;
}

const LOCK_FILE = 'writer.lock';
const HOLDER_FILE = 'writer.lock.json';

/** Locks held by this process, counted: the service and the runtime inside it share one. */
const held = new Map<string, { db: Database.Database; refs: number }>();

export function readLockHolder(dataDir: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(join(dataDir, HOLDER_FILE), 'utf8')) as LockHolder;
    return typeof h.pid === 'number' ? h : null;
  } catch {
    return null;
  }
}

/** Takes the DATA_DIR's writer lock or throws DataDirLockedError naming the holder. */
export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  const mine = held.get(dataDir);
  if (mine) {
    mine.refs++;
    return handle(dataDir);
  }
  mkdirSync(dataDir, { recursive: true });
  let db: Database.Database | null = null;
  try {
    db = new Database(join(dataDir, LOCK_FILE), { timeout: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = MEMORY'); // no journal file: taking the lock needs no disk space (a full disk)
    // In EXCLUSIVE locking mode the exclusive lock, once taken, is kept until the connection closes.
    db.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (e) {
    db?.close();
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw new DataDirLockedError(dataDir, readLockHolder(dataDir));
    throw e;
  }
  const holder: LockHolder = { pid: process.pid, command, host: hostname(), since: new Date().toISOString() };
  const tmp = join(dataDir, `${HOLDER_FILE}.${process.pid}`);
  try {
    writeFileSync(tmp, JSON.stringify(holder) + '\n');
    renameSync(tmp, join(dataDir, HOLDER_FILE));
  } catch {
    // Informative only (e.g. a full disk): the lock itself is held.
    rmSync(tmp, { force: true });
  }
  held.set(dataDir, { db, refs: 1 });
  if (!exitHook) {
    exitHook = true;
    // The kernel drops the lock itself; this only tidies the informative file on a clean exit.
    process.once('exit', () => {
      for (const dir of held.keys()) if (readLockHolder(dir)?.pid === process.pid) rmSync(join(dir, HOLDER_FILE), { force: true });
    });
  }
  return handle(dataDir);
}

let exitHook = false;

function handle(dataDir: string): DataDirLock {
  let released = false;
  return {
    dataDir,
    release() {
      if (released) return;
      released = true;
      const mine = held.get(dataDir);
      if (!mine || --mine.refs > 0) return;
      held.delete(dataDir);
      const holder = readLockHolder(dataDir);
      if (holder?.pid === process.pid) rmSync(join(dataDir, HOLDER_FILE), { force: true });
      mine.db.close();
    },
  };
}

/** True when this process holds the lock (for commands that must not run under a live writer). */
export function holdsDataDirLock(dataDir: string): boolean {
  return held.has(dataDir);
}
