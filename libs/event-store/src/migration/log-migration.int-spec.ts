import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '../event-store.port';
import { SqliteEventStore } from '../sqlite/sqlite.event-store';
import { newEvent } from '../testing/event-store.contract';
import { ImportTarget, migrateLog, verifyMigration } from './log-migration';

/**
 * A target that keeps what it is given, positions renumbered from 1 — the shape of the
 * EventStoreDB adapter's importBatch/readAll, without a server. The EventStoreDB side itself is
 * only exercised against a real server (npm run test:esdb).
 */
class ArrayTarget implements ImportTarget {
  events: StoredEvent[] = [];
  async headPosition() {
    return this.events.length;
  }
  async readAll(after: number, limit: number) {
    return this.events.slice(after, after + limit);
  }
  async importBatch(batch: readonly StoredEvent[]) {
    for (const e of batch) this.events.push({ ...structuredClone(e), position: this.events.length + 1 });
  }
}

describe('migrating the embedded log to another store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ndp-migrate-'));
  let source: SqliteEventStore;
  beforeAll(async () => {
    source = new SqliteEventStore({ path: join(dir, 'events.db') });
    for (let i = 0; i < 30; i++)
      await source.append({
        writes: [
          { streamId: `platform-p${i % 4}`, expectedRevision: 'any', events: [newEvent('platform.amended', { i, name: 'Cổng công khai ngân sách nhà nước' })] },
        ],
      });
  });
  afterAll(async () => {
    await source.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every event in order with ids, revisions, metadata and recorded times, resuming after an interruption', async () => {
    const target = new ArrayTarget();
    const progress: number[] = [];
    const first = await migrateLog(source, target, { batchSize: 7, stopAfter: 12, onProgress: (p) => progress.push(p.copied) });
    expect(first).toEqual({ copied: 12, alreadyThere: 0, total: 30 });
    const partial = await verifyMigration(source, target);
    expect(partial).toMatchObject({ ok: false, sourceCount: 30, targetCount: 12, firstMismatch: 13 });

    const second = await migrateLog(source, target, { batchSize: 7, onProgress: (p) => progress.push(p.copied) });
    expect(second).toEqual({ copied: 18, alreadyThere: 12, total: 30 });
    expect(progress.at(-1)).toBe(30);
    const check = await verifyMigration(source, target);
    expect(check).toMatchObject({ ok: true, sourceCount: 30, targetCount: 30 });
    expect(check.sourceDigest).toBe(check.targetDigest);
    const original = await source.readAll(0, 100);
    expect(target.events.map((e) => [e.eventId, e.streamId, e.revision, e.recordedAt])).toEqual(
      original.map((e) => [e.eventId, e.streamId, e.revision, e.recordedAt]),
    );
    // A third run has nothing left to do.
    expect(await migrateLog(source, target)).toEqual({ copied: 0, alreadyThere: 30, total: 30 });
  });

  it('names the first event that differs, and refuses to resume into a different log', async () => {
    const target = new ArrayTarget();
    await migrateLog(source, target);
    target.events[19] = { ...target.events[19], data: { tampered: true } };
    expect(await verifyMigration(source, target)).toMatchObject({ ok: false, firstMismatch: 20 });
    const other = new ArrayTarget();
    await other.importBatch([{ ...(await source.readAll(0, 1))[0], eventId: 'someone-else' }]);
    await expect(migrateLog(source, other)).rejects.toThrow(/not the source's/);
  });
});
