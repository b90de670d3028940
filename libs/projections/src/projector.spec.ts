import Database from 'better-sqlite3';
import { InMemoryEventStore, StoredEvent } from '@ndp/event-store';
import { Projection } from './projection';
import { ProjectionFailure, ProjectionLagError, Projector } from './projector';
import { openReadModelDb } from './read-model.db';

/** Records event types; refuses 'bad' events; can be told the disk is full. */
class Recording implements Projection {
  readonly name = 'recording';
  readonly version = 1;
  full = false;
  setUp(db: Database.Database) {
    db.exec('CREATE TABLE IF NOT EXISTS seen (position INTEGER PRIMARY KEY, type TEXT)');
  }
  tearDown(db: Database.Database) {
    db.exec('DROP TABLE IF EXISTS seen');
  }
  apply(db: Database.Database, events: readonly StoredEvent[]) {
    for (const e of events) {
      if (this.full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      if (e.type === 'bad') throw Object.assign(new Error('cannot apply'), { code: 'SQLITE_CONSTRAINT' });
      db.prepare('INSERT INTO seen VALUES (?, ?)').run(e.position, e.type);
    }
  }
}

async function append(store: InMemoryEventStore, type: string, n = 1): Promise<number> {
  let position = 0;
  for (let i = 0; i < n; i++) {
    const r = await store.append({
      writes: [
        {
          streamId: `s-${type}-${Math.random()}`,
          expectedRevision: 'any',
          events: [{ eventId: `${Math.random()}`, type, schemaVersion: 1, data: {}, metadata: {} as never }],
        },
      ],
    });
    position = r.position;
  }
  return position;
}

describe('Projector failure handling', () => {
  let store: InMemoryEventStore;
  let db: Database.Database;
  let projection: Recording;
  let errors: ProjectionFailure[];
  let recovered: number;
  let projector: Projector;
  beforeEach(() => {
    store = new InMemoryEventStore();
    db = openReadModelDb(':memory:');
    projection = new Recording();
    errors = [];
    recovered = 0;
    projector = new Projector(store, db, [projection], { onError: (_e, f) => errors.push(f), onRecovered: () => recovered++, waitTimeoutMs: 300 });
  });
  afterEach(async () => {
    await projector.stop();
    db.close();
  });

  it('stops at the exact event it cannot apply, reports it once and rejects waiters with ProjectionLagError', async () => {
    await append(store, 'good', 3);
    const bad = await append(store, 'bad');
    await append(store, 'good', 2);
    projector.start();
    const waiting = projector.waitFor(bad + 2, 60000);
    await expect(waiting).rejects.toBeInstanceOf(ProjectionLagError);
    await expect(waiting).rejects.toMatchObject({ position: bad + 2, projectedTo: bad - 1 });
    expect(projector.halted).toBe(true);
    expect(projector.checkpoint).toBe(bad - 1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ position: bad, eventType: 'bad', code: 'SQLITE_CONSTRAINT', transient: false });
    // Later writes are answered at once, and nothing more is reported.
    const later = await append(store, 'good');
    await expect(projector.waitFor(later)).rejects.toMatchObject({ reason: expect.stringMatching(/projection stopped at position \d+ \(bad\): cannot apply/) });
    await new Promise((r) => setTimeout(r, 200));
    expect(errors).toHaveLength(1);
  });

  it('retries a full disk from the same position, reports it once, and resumes by itself when space returns', async () => {
    await append(store, 'good', 2);
    projector.start();
    await projector.waitFor(2);
    projection.full = true;
    const p = await append(store, 'good');
    await expect(projector.waitFor(p)).rejects.toMatchObject({
      position: p,
      reason: expect.stringMatching(/cannot be written \(database or disk is full\); retrying/),
    });
    await new Promise((r) => setTimeout(r, 400)); // several retries
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ position: p, transient: true, code: 'SQLITE_FULL' });
    expect(projector.failure?.transient).toBe(true);
    expect(projector.halted).toBe(false);
    projection.full = false;
    await projector.waitFor(p, 10000);
    expect(projector.failure).toBeNull();
    expect(recovered).toBe(1);
    expect(db.prepare('SELECT COUNT(*) AS n FROM seen').get()).toEqual({ n: 3 });
  });

  it("gives up waiting after the bounded time with the write's position when projections are merely behind", async () => {
    const never = projector.waitFor(5); // not started: nothing projects
    await expect(never).rejects.toMatchObject({ position: 5, projectedTo: 0, reason: expect.stringMatching(/still applying the log/) });
  });

  it('a rebuild that meets the same event fails naming it', async () => {
    const bad = await append(store, 'bad');
    projector.start();
    await expect(projector.waitFor(bad, 5000)).rejects.toBeInstanceOf(ProjectionLagError);
    await projector.stop();
    await append(store, 'good');
    await expect(projector.rebuild()).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT',
      position: bad,
      message: expect.stringMatching(/^rebuild stopped at position 1 \(bad [\d.]+\): SQLITE_CONSTRAINT cannot apply$/),
    });
  });

  it('a rebuild with deferred work that stops half way leaves its checkpoint saying so, and the next start rebuilds from zero', async () => {
    const deferred = Object.assign(new Recording(), {
      begun: 0,
      ended: 0,
      beginRebuild() {
        this.begun++;
      },
      endRebuild() {
        this.ended++;
      },
    });
    const rebuilding = new Projector(store, db, [deferred]);
    await append(store, 'good', 3);
    await append(store, 'bad');
    await expect(rebuilding.rebuild(2)).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT', position: 4 });
    expect([deferred.begun, deferred.ended]).toEqual([1, 1]);
    expect(db.prepare('SELECT version, position FROM projection_checkpoints WHERE name = ?').get('recording')).toEqual({ version: -1, position: 3 });
    const resets: unknown[] = [];
    const next = new Projector(store, db, [new Recording()], { onReset: (info) => resets.push(info) });
    next.setUp();
    expect(resets).toEqual([{ projection: 'recording', storedVersion: -1, version: 1 }]);
    expect(next.checkpoint).toBe(0);
  });

  it('a finished rebuild with deferred work writes the real version at the last position', async () => {
    const deferred = Object.assign(new Recording(), { beginRebuild() {}, endRebuild() {} });
    await append(store, 'good', 5);
    const rebuilding = new Projector(store, db, [deferred]);
    await expect(rebuilding.rebuild(2)).resolves.toEqual({ events: 5, position: 5 });
    expect(db.prepare('SELECT version, position FROM projection_checkpoints WHERE name = ?').get('recording')).toEqual({ version: 1, position: 5 });
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL again after the rebuild
  });
});
