/**
 * `cli backup --out FILE` and `cli restore FILE` for the embedded SQLite log.
 *
 * Backup is read-only and runs beside the service: SQLite's online backup API copies every
 * page of events.db in one step (one read transaction, hence one consistent snapshot, while the
 * service keeps appending through WAL). The copy is made self-contained (journal_mode=DELETE),
 * its hash chain is verified, and its head is printed and stored in FILE.head.json.
 *
 * Restore needs the DATA_DIR writer lock and an empty DATA_DIR (no log, or a log of 0 events):
 * it verifies the file's chain and that it ends at the head recorded at backup time, copies it
 * into place (fsync, then rename), rebuilds the read models from it and prints the head.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { ChainHead, formatHead, parseHead, verifySqliteFile } from '@ndp/event-store';
import type { AppConfig } from '../config/app-config';
import { CatalogueRuntime } from '../infrastructure/catalogue-runtime';
import { acquireDataDirLock } from '../infrastructure/data-dir-lock';

export const BACKUP_USAGE = 'backup --out FILE   (writes FILE and FILE.head.json; read-only, the service may run)';
export const RESTORE_USAGE = 'restore FILE [--head position:hash]   (into an empty DATA_DIR; the service stopped)';

export interface BackupHead extends ChainHead {
  events: number;
  recordedAt: string | null;
  takenAt: string;
  source: string;
}

function refuseExternalStore(config: AppConfig, command: string): void {
  if (config.eventStoreConnectionString)
    throw new Error(
      `${command} is for the embedded SQLite log; back up EventStoreDB with its own tools (docs/operations.md), then check it with npm run verify`,
    );
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(path: string): void {
  try {
    fsyncFile(path);
  } catch {
    /* not every filesystem lets a directory be fsynced */
  }
}

function headOf(path: string): { position: number; hash: string; recordedAt: string | null; events: number } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const last = db.prepare('SELECT position, hash, recorded_at FROM events ORDER BY position DESC LIMIT 1').get() as
      { position: number; hash: string; recorded_at: string } | undefined;
    const events = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    return last ? { position: last.position, hash: last.hash, recordedAt: last.recorded_at, events } : { position: 0, hash: '', recordedAt: null, events };
  } finally {
    db.close();
  }
}

export async function backupCli(args: string[], config: AppConfig): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  if (!values.out) throw new Error(`usage: cli ${BACKUP_USAGE}`);
  refuseExternalStore(config, 'backup');
  const source = join(config.dataDir, 'events.db');
  if (!existsSync(source)) throw new Error(`no event log at ${source} (set DATA_DIR)`);
  const out = resolve(values.out);
  if (resolve(dirname(out)) === resolve(config.dataDir)) throw new Error('write the backup outside DATA_DIR (another disk, ideally)');
  const tmp = `${out}.partial`;
  rmSync(tmp, { force: true });
  const started = performance.now();
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // All remaining pages in one step: one read transaction, so one snapshot even while the
    // service appends (a step-by-step copy would restart whenever another connection writes).
    await db.backup(tmp, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new Database(tmp);
  try {
    copy.pragma('journal_mode = DELETE'); // one self-contained file, no -wal beside it
  } finally {
    copy.close();
  }
  const head = headOf(tmp);
  const check = verifySqliteFile(tmp);
  if (!check.ok || check.head.position !== head.position) {
    rmSync(tmp, { force: true });
    throw new Error(
      `the copy does not verify: ${check.reason ?? `chain ends at ${check.head.position}, log at ${head.position}`} (is the source log intact? npm run verify)`,
    );
  }
  fsyncFile(tmp);
  renameSync(tmp, out);
  const statement: BackupHead = {
    position: check.head.position,
    hash: check.head.hash,
    events: head.events,
    recordedAt: head.recordedAt,
    takenAt: new Date().toISOString(),
    source,
  };
  writeFileSync(`${out}.head.json.partial`, JSON.stringify(statement, null, 2) + '\n');
  fsyncFile(`${out}.head.json.partial`);
  renameSync(`${out}.head.json.partial`, `${out}.head.json`);
  fsyncDir(dirname(out));
  process.stdout.write(JSON.stringify({ file: out, headFile: `${out}.head.json`, ...statement, ms: Math.round(performance.now() - started) }, null, 2) + '\n');
  console.error(`backed up ${statement.events} events to ${out}; head ${formatHead(statement)}`);
  return 0;
}

export async function restoreCli(args: string[], config: AppConfig): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { head: { type: 'string' } } });
  if (positionals.length !== 1) throw new Error(`usage: cli ${RESTORE_USAGE}`);
  refuseExternalStore(config, 'restore');
  const file = resolve(positionals[0]);
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  let expected: ChainHead | null;
  if (values.head) {
    expected = parseHead(values.head);
    if (!expected) throw new Error(`--head must be position:hash, got '${values.head}'`);
  } else if (existsSync(`${file}.head.json`)) {
    const h = JSON.parse(readFileSync(`${file}.head.json`, 'utf8')) as BackupHead;
    expected = { position: h.position, hash: h.hash };
  } else {
    throw new Error(`no ${file}.head.json beside the backup: give the head it was taken at with --head position:hash`);
  }

  const lock = acquireDataDirLock(config.dataDir, 'restore');
  try {
    const target = join(config.dataDir, 'events.db');
    if (existsSync(target)) {
      const there = headOf(target);
      if (there.events > 0)
        throw new Error(
          `DATA_DIR ${config.dataDir} holds a log (${there.events} events, head ${there.position}:${there.hash}); restore only into an empty DATA_DIR`,
        );
    }
    const check = verifySqliteFile(file, { heads: [expected] });
    if (!check.ok) throw new Error(`the backup does not verify: position ${check.firstBadPosition}: ${check.reason}`);
    if (check.head.position !== expected.position)
      throw new Error(`the backup ends at position ${check.head.position}, but its head was recorded at ${expected.position}`);

    const partial = `${target}.restoring`;
    copyFileSync(file, partial);
    fsyncFile(partial);
    for (const suffix of ['', '-wal', '-shm']) rmSync(target + suffix, { force: true });
    // Read models of whatever was here before are not the restored log's.
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(config.dataDir, 'read-models.db') + suffix, { force: true });
    renameSync(partial, target);
    fsyncDir(config.dataDir);

    const started = performance.now();
    // stdout carries the result as JSON; what the runtime says goes to stderr.
    const say = (level: string) => (message: unknown) => process.stderr.write(`${level}: ${String(message)}\n`);
    Logger.overrideLogger({ log: say('info'), warn: say('warn'), error: say('error') });
    const runtime = new CatalogueRuntime({ ...config, seed: false, kafka: null, readOnly: false });
    let rebuilt: { events: number; position: number };
    try {
      rebuilt = await runtime.projector.rebuild();
    } finally {
      await runtime.close();
    }
    const after = verifySqliteFile(target, { heads: [expected] });
    if (!after.ok) throw new Error(`the restored log does not verify: ${after.reason}`);
    const summary = {
      restoredFrom: file,
      dataDir: config.dataDir,
      position: after.head.position,
      hash: after.head.hash,
      events: after.checked,
      readModelsRebuiltInMs: Math.round(performance.now() - started),
    };
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    console.error(`restored ${after.checked} events into ${config.dataDir} (read models rebuilt: ${rebuilt.events} events); head ${formatHead(after.head)}`);
    return 0;
  } finally {
    lock.release();
  }
}
