import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { transformFileSync } from '@swc/core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from './sqlite.event-store';
import { WalCheckpointer } from './wal-checkpointer';

const bigEvent = () => ({
  eventId: randomUUID(),
  type: 'platform.amended',
  schemaVersion: 1,
  data: { description: 'x'.repeat(2000) },
  metadata: {
    effectiveDate: '2025-07-01',
    actor: { sub: 's', name: 'n', role: 'mic-admin', ministry: null },
    legalBasis: null,
    reason: null,
    idempotencyKey: null,
    correlationId: 'c',
    causationId: null,
  },
});

describe('WalCheckpointer: the WAL is checkpointed off the event loop and stays bounded', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ndp-wal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the WAL under its bound during sustained appends, with the commits never checkpointing', async () => {
    const path = join(dir, 'events.db');
    const maxWalBytes = 2 * 1024 * 1024;
    const store = new SqliteEventStore({ path, synchronous: 'NORMAL', backgroundCheckpoint: { intervalMs: 10, maxWalBytes } });
    expect(store.database.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    let largest = 0;
    // ≈ 24 MB written in all, 12× the bound; one append every few ms gives the worker turns.
    for (let revision = -1; revision < 6000; revision++) {
      await store.append({ writes: [{ streamId: 's', expectedRevision: revision === -1 ? 'no-stream' : revision, events: [bigEvent()] }] });
      if (revision % 50 === 0) await new Promise((r) => setTimeout(r, 2));
      largest = Math.max(largest, store.checkpointer!.walBytes());
    }
    expect(store.checkpointer!.stats.background).toBeGreaterThan(0);
    expect(store.checkpointer!.stats.lastError).toBeNull();
    // Over the bound only by what commits while a background round finishes (the store checks
    // the bound after each commit, whatever the timer does); 24 MB were written in all.
    expect(largest).toBeLessThanOrEqual(2 * maxWalBytes);
    expect((await store.readStream('s')).length).toBe(6001);
    await store.close();
    // The worker's connection is closed too: the last connection to go removes the WAL.
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('falls back to a checkpoint on the calling thread when the WAL passes its bound', async () => {
    const path = join(dir, 'rm.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (v TEXT)');
    // An interval that never fires: the worker is "behind"; only the bound can act.
    const checkpointer = new WalCheckpointer(db, path, { intervalMs: 3_600_000, maxWalBytes: 256 * 1024 });
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 400; i++) insert.run('y'.repeat(2000));
    expect(checkpointer.walBytes()).toBeGreaterThan(256 * 1024);
    checkpointer.tick();
    expect(checkpointer.stats.fallback).toBe(1);
    // RESTART: the next commit writes from the start of the WAL, which journal_size_limit trims.
    insert.run('z');
    expect(checkpointer.walBytes()).toBeLessThanOrEqual(256 * 1024);
    await checkpointer.close();
    db.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(new Database(path, { readonly: true }).prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(401);
  });

  it('stops cleanly: close() ends the worker and the timer, and is idempotent', async () => {
    const path = join(dir, 'c.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    const checkpointer = new WalCheckpointer(db, path, { intervalMs: 5 });
    // The worker starts in its own time (a thread, a module load): wait for its first rounds.
    for (let waited = 0; checkpointer.stats.background < 2 && waited < 10_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    expect(checkpointer.stats.background).toBeGreaterThanOrEqual(2);
    await checkpointer.close();
    await checkpointer.close();
    const done = checkpointer.stats.background;
    await new Promise((r) => setTimeout(r, 50));
    expect(checkpointer.stats.background).toBe(done);
    db.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('finishes closing in a process that has nothing else left to do (the worker is unref’d until close)', () => {
    // A real process: under jest other handles keep the loop alive and would hide an early exit.
    const module = join(dir, 'wal-checkpointer.js');
    writeFileSync(
      module,
      transformFileSync(join(__dirname, 'wal-checkpointer.ts'), { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } })
        .code,
    );
    const script = `
      const { WalCheckpointer } = require(${JSON.stringify(module)});
      const Database = require('better-sqlite3');
      const path = ${JSON.stringify(join(dir, 'p.db'))};
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE t (v)');
      const c = new WalCheckpointer(db, path, { intervalMs: 10 });
      setTimeout(async () => {
        await c.close();
        db.close();
        console.log('closed after ' + c.stats.background + ' checkpoints');
      }, 300);`;
    const out = execFileSync(process.execPath, ['-e', script], {
      env: { ...process.env, NODE_PATH: join(__dirname, '../../../../node_modules') },
      encoding: 'utf8',
    });
    expect(out).toMatch(/^closed after \d+ checkpoints$/m);
    expect(existsSync(join(dir, 'p.db-wal'))).toBe(false);
  });
});
