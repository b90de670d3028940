import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract, describeRebuildReadContract, newEvent } from '../testing/event-store.contract';
import Database from 'better-sqlite3';
import { SqliteEventStore } from './sqlite.event-store';
import { verifySqliteFile } from './sqlite-chain';
import { verifyEventStore } from '../integrity/verify-store';
import { AppendRequest } from '../event-store.port';

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

  it('reads a stream for decisions as readStream gives it, from the covering index only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ndp-es-'));
    dirs.push(dir);
    const store = open(join(dir, 'events.db'));
    await store.append({ writes: [{ streamId: 'other', expectedRevision: 'no-stream', events: [newEvent('x.other')] }] });
    const registered = { ...newEvent('t.registered', { id: 'p', name: 'Cổng dịch vụ công', tags: ['a', 'b'] }), schemaVersion: 2 };
    await store.append({ writes: [{ streamId: 's', expectedRevision: 'no-stream', events: [registered, newEvent('t.amended', { id: 'p', n: 2 })] }] });
    await store.append({
      writes: [
        {
          streamId: 's',
          expectedRevision: 1,
          events: [{ ...newEvent('t.amended', { id: 'p', n: 3 }), metadata: { ...newEvent().metadata, effectiveDate: '2025-01-02' } }],
        },
      ],
    });
    const asDecided = (await store.readStream('s')).map((e) => ({
      revision: e.revision,
      position: e.position,
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: e.data,
      effectiveDate: e.metadata.effectiveDate,
    }));
    expect(await store.readStreamForDecision('s')).toEqual(asDecided);
    expect(asDecided.map((e) => [e.revision, e.position, e.schemaVersion, e.effectiveDate])).toEqual([
      [0, 2, 2, '2024-07-03'],
      [1, 3, 1, '2024-07-03'],
      [2, 4, 1, '2025-01-02'],
    ]);
    expect(await store.readStreamForDecision('s', { fromRevision: 2 })).toEqual(asDecided.slice(2));
    expect(await store.readStreamForDecision('missing')).toEqual([]);
    // The point of the index: no lookup into the table, whose rows lie in log order.
    const source = (store as unknown as { stmts: { readForDecision: Database.Statement } }).stmts.readForDecision.source;
    const plan = (store.database.prepare(`EXPLAIN QUERY PLAN ${source}`).all('s', 0) as Array<{ detail: string }>).map((r) => r.detail);
    expect(plan).toEqual([expect.stringContaining('USING COVERING INDEX events_decision_read')]);
    await store.close();
  });

  /** A log file holding these appends, its decision index dropped as if written before it; `alter` changes it further. */
  const logWithoutDecisionIndex = async (appends: AppendRequest[], alter: (db: Database.Database) => void = () => {}): Promise<string> => {
    const dir = mkdtempSync(join(tmpdir(), 'ndp-es-'));
    dirs.push(dir);
    const path = join(dir, 'events.db');
    const first = open(path);
    for (const a of appends) await first.append(a);
    await first.close();
    const db = new Database(path);
    db.exec('DROP INDEX events_decision_read');
    alter(db);
    db.close();
    return path;
  };

  it('gives a log written before the decision index its index on open', async () => {
    const path = await logWithoutDecisionIndex([
      { writes: [{ streamId: 's', expectedRevision: 'no-stream', events: [newEvent('t', { n: 1 }), newEvent('t', { n: 2 })] }] },
    ]);
    const store = open(path);
    const indexes = store.database.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").pluck().all();
    expect(indexes).toContain('events_decision_read');
    expect((await store.readStreamForDecision('s')).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    await store.close();
  });

  it('still opens a log whose metadata is not JSON in one row: without the index, the other streams read as before', async () => {
    const path = await logWithoutDecisionIndex(
      [
        { writes: [{ streamId: 'good', expectedRevision: 'no-stream', events: [newEvent('t', { n: 1 })] }] },
        { writes: [{ streamId: 'bad', expectedRevision: 'no-stream', events: [newEvent('t', { n: 2 })] }] },
      ],
      (db) => db.prepare("UPDATE events SET metadata = 'not json' WHERE stream_id = 'bad'").run(),
    );
    const store = open(path);
    const indexes = store.database.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").pluck().all();
    expect(indexes).not.toContain('events_decision_read');
    expect(store.database.prepare("SELECT metadata FROM events WHERE stream_id = 'bad'").pluck().get()).toBe('not json');
    expect((await store.readStreamForDecision('good')).map((e) => e.data)).toEqual([{ n: 1 }]);
    // Matched on its text: better-sqlite3's errors come from outside jest's realm, and
    // `rejects.toThrow` sometimes took the rejection for no error at all.
    const outcome = await store.readStreamForDecision('bad').then(
      (events) => `read ${JSON.stringify(events)}`,
      (e: unknown) => `failed: ${String(e)}`,
    );
    expect(outcome).toMatch(/^failed: .*(malformed JSON|position 2 has no readable effectiveDate)/);
    await store.close();
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
