import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { SqliteEventStore } from './sqlite.event-store';
import { verifySqliteFile } from './sqlite-chain';

/**
 * SQLITE_FULL under group commit: SQLite may undo one statement or the whole transaction.
 * Either way an append is resolved only if its events are in the file, rejected only if they
 * are not, and positions and the hash chain have no gap. `max_page_count` makes the file
 * "full" at a chosen size (the tmpfs drill in test/disk-full.e2e-spec.ts does it for real).
 */
describe('sqlite event store when the file cannot grow', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ndp-full-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([1, 2, 3])('acknowledges exactly what it stored (round %i) and writes again once it may grow', async (round) => {
    const path = join(dir, `events-${round}.db`);
    const store = new SqliteEventStore({ path });
    const append = (i: number) => {
      const eventId = randomUUID();
      return store
        .append({
          writes: [
            {
              streamId: `s-${round}-${i}`,
              expectedRevision: 'no-stream',
              events: [{ eventId, type: 't', schemaVersion: 1, data: { pad: 'x'.repeat(1500 + ((i * 37 * round) % 3000)) }, metadata: {} as never }],
            },
          ],
        })
        .then(
          () => ({ eventId, ok: true, code: null as string | null }),
          (e: { code?: string }) => ({ eventId, ok: false, code: e.code ?? String(e) }),
        );
    };
    for (let i = 0; i < 20; i++) expect((await append(i)).ok).toBe(true);
    const pages = store.database.pragma('page_count', { simple: true }) as number;
    store.database.pragma(`max_page_count = ${pages + 20 * round}`);
    const outcomes = await Promise.all(Array.from({ length: 400 }, (_, i) => append(100 + i)));
    const refused = outcomes.filter((o) => !o.ok);
    expect(refused.length).toBeGreaterThan(0);
    store.database.pragma('max_page_count = 1073741823');
    expect((await append(9999)).ok).toBe(true);
    await store.close();

    const db = new Database(path, { readonly: true });
    const stored = new Set(db.prepare('SELECT event_id FROM events').pluck().all() as string[]);
    const positions = db.prepare('SELECT position FROM events ORDER BY position').pluck().all() as number[];
    db.close();
    expect(outcomes.filter((o) => o.ok && !stored.has(o.eventId))).toEqual([]);
    expect(refused.filter((o) => stored.has(o.eventId))).toEqual([]);
    expect(positions).toEqual(positions.map((_, i) => i + 1));
    expect(verifySqliteFile(path)).toMatchObject({ ok: true, checked: positions.length });
    // Refused as what it is (the HTTP layer answers 507), not as a confused "no transaction is active".
    expect(new Set(refused.map((o) => o.code))).toEqual(new Set(['SQLITE_FULL']));
  });
});
