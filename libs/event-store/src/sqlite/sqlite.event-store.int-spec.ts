import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract, describeRebuildReadContract, newEvent } from '../testing/event-store.contract';
import Database from 'better-sqlite3';
import { SqliteEventStore } from './sqlite.event-store';
import { verifySqliteFile } from './sqlite-chain';
import { verifyEventStore } from '../integrity/verify-store';

const dirs: string[] = [];
const paths = new WeakMap<object, string>();
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function open(path: string, now?: () => Date): SqliteEventStore {
  const store = new SqliteEventStore({ path, now, pollMs: 50 });
  paths.set(store, path);
  return store;
}

describeEventStoreContract('sqlite file', {
  async create(o) {
    const dir = mkdtempSync(join(tmpdir(), 'ndp-es-'));
    dirs.push(dir);
    return open(join(dir, 'events.db'), o?.now);
  },
  async reopen(store) {
    const path = paths.get(store)!;
    await store.close();
    return open(path);
  },
});

describeRebuildReadContract('sqlite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ndp-es-'));
  dirs.push(dir);
  return open(join(dir, 'events.db'));
});

describe('sqlite event store specifics', () => {
  it('is a WAL file with synchronous=FULL by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ndp-es-'));
    dirs.push(dir);
    const store = open(join(dir, 'events.db'));
    expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.database.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
    await store.close();
  });

  it('gives a log written before the hash chain its chain on open, then keeps extending it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ndp-es-'));
    dirs.push(dir);
    const path = join(dir, 'events.db');
    const old = new Database(path);
    old.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
      type TEXT NOT NULL, schema_version INTEGER NOT NULL, recorded_at TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream_id, revision))`);
    const insert = old.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)');
    for (let i = 1; i <= 3; i++) {
      const e = newEvent('t', { i });
      insert.run(i, e.eventId, 's', i - 1, e.type, '2024-07-03T00:00:00.000Z', JSON.stringify(e.data), JSON.stringify(e.metadata));
    }
    old.close();
    const store = open(path);
    await store.append({ writes: [{ streamId: 's', expectedRevision: 2, events: [newEvent()] }] });
    expect(await verifyEventStore(store)).toMatchObject({ ok: true, checked: 4 });
    await store.close();
    expect(verifySqliteFile(path)).toMatchObject({ ok: true, checked: 4 });
  });

  it('verifySqliteFile reports a file that is not a database as unreadable at position 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ndp-es-'));
    dirs.push(dir);
    const path = join(dir, 'garbage.db');
    writeFileSync(path, 'this is not a database, it only pretends to be one'.repeat(100));
    expect(verifySqliteFile(path)).toMatchObject({ ok: false, firstBadPosition: 1, checked: 0, reason: expect.stringMatching(/cannot be read/) });
  });

  it('group-commits concurrent appends into one transaction and answers each after the commit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ndp-es-'));
    dirs.push(dir);
    const store = open(join(dir, 'events.db'));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.append({ writes: [{ streamId: `g-${i}`, expectedRevision: 'no-stream', events: [newEvent()] }] })),
    );
    expect(new Set(results.map((r) => r.position)).size).toBe(50);
    const recorded = new Set((await store.readAll(0, 100)).map((e) => e.recordedAt));
    // All 50 were queued in the same tick, so they shared one transaction and one recorded time.
    expect(recorded.size).toBe(1);
    await store.close();
  });
});
