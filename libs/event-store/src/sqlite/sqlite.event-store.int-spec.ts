import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract, newEvent } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite.event-store';

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

describe('sqlite event store specifics', () => {
  it('is a WAL file with synchronous=FULL by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ndp-es-'));
    dirs.push(dir);
    const store = open(join(dir, 'events.db'));
    expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.database.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
    await store.close();
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
