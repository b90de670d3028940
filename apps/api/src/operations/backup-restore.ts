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
import { msg, usage } from '../cli-messages';

export interface BackupHead extends ChainHead {
  events: number;
  recordedAt: string | null;
  takenAt: string;
  source: string;
}

function refuseExternalStore(config: AppConfig, command: string): void {
  if (config.eventStoreConnectionString) throw new Error(msg('backup.externalStore', command));
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
  if (!values.out) throw new Error(usage('usage.backup'));
  refuseExternalStore(config, 'backup');
  const source = join(config.dataDir, 'events.db');
  if (!existsSync(source)) throw new Error(msg('file.noLog', source));
  const out = resolve(values.out);
  if (resolve(dirname(out)) === resolve(config.dataDir)) throw new Error(msg('backup.insideDataDir'));
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
    throw new Error(msg('backup.copyBad', check.reason ?? msg('backup.chainShort', check.head.position, head.position)));
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
  console.error(msg('backup.done', statement.events, out, formatHead(statement)));
  return 0;
}

export async function restoreCli(args: string[], config: AppConfig): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { head: { type: 'string' } } });
  if (positionals.length !== 1) throw new Error(usage('usage.restore'));
  refuseExternalStore(config, 'restore');
  const file = resolve(positionals[0]);
  if (!existsSync(file)) throw new Error(msg('file.missing', file));
  let expected: ChainHead | null;
  if (values.head) {
    expected = parseHead(values.head);
    if (!expected) throw new Error(msg('option.head', '--head', values.head));
  } else if (existsSync(`${file}.head.json`)) {
    const h = JSON.parse(readFileSync(`${file}.head.json`, 'utf8')) as BackupHead;
    expected = { position: h.position, hash: h.hash };
  } else {
    throw new Error(msg('restore.noHead', file));
  }

  const lock = acquireDataDirLock(config.dataDir, 'restore');
  try {
    const target = join(config.dataDir, 'events.db');
    if (existsSync(target)) {
      const there = headOf(target);
      if (there.events > 0) throw new Error(msg('restore.notEmpty', config.dataDir, there.events, `${there.position}:${there.hash}`));
    }
    const check = verifySqliteFile(file, { heads: [expected] });
    if (!check.ok) throw new Error(msg('restore.backupBad', String(check.firstBadPosition), String(check.reason)));
    if (check.head.position !== expected.position) throw new Error(msg('restore.backupShort', check.head.position, expected.position));

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
    if (!after.ok) throw new Error(msg('restore.restoredBad', String(after.reason)));
    const summary = {
      restoredFrom: file,
      dataDir: config.dataDir,
      position: after.head.position,
      hash: after.head.hash,
      events: after.checked,
      readModelsRebuiltInMs: Math.round(performance.now() - started),
    };
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    console.error(msg('restore.done', after.checked, config.dataDir, rebuilt.events, formatHead(after.head)));
    return 0;
  } finally {
    lock.release();
  }
}
