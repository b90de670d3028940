import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Actor, PendingEvent } from '@ndp/catalogue';
import { DecisionEvent, InMemoryEventStore, ReadStreamOptions, SqliteEventStore } from '@ndp/event-store';
import { CatalogueRuntime } from './catalogue-runtime';
import { CommandExecutor, RevisionConflictError, StreamLoader } from './command-executor';
import { CommandMetadata } from './command-metadata';
import { estimateBytes, StreamCache } from './stream-cache';

const actor: Actor = { sub: 'mic:test', name: 'MIC', role: 'mic-admin', ministry: null };
const meta: CommandMetadata = { actor, legalBasis: null, reason: null, idempotency: null, correlationId: 'c', commandId: 'k' };
const STREAM = 'platform-p1';

function executorOn(store: SqliteEventStore | InMemoryEventStore): CommandExecutor {
  const runtime = { store, projector: { waitFor: async () => undefined } } as unknown as CatalogueRuntime;
  return new CommandExecutor(runtime);
}

/**
 * A command whose event records the revision and the number of events it was decided on, so
 * the log itself shows what each decision saw.
 */
function amend(seen: Array<{ revision: number; events: number }>) {
  return async (load: StreamLoader) => {
    const s = await load.stream(STREAM);
    seen.push({ revision: s.revision, events: s.events.length });
    const event: PendingEvent =
      s.revision === -1
        ? ({ streamId: STREAM, type: 'platform.registered', data: { platformId: 'p1' }, effectiveDate: '2025-07-01' } as PendingEvent)
        : ({
            streamId: STREAM,
            type: 'platform.amended',
            data: { platformId: 'p1', changes: { description: `decided at ${s.revision} on ${s.events.length}` } },
            effectiveDate: '2025-07-01',
          } as PendingEvent);
    return { events: [event], id: 'p1', streamId: STREAM };
  };
}

describe('StreamCache: a cached stream never decides a command on a stale state', () => {
  let dir: string;
  let a: SqliteEventStore;
  let b: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ndp-stream-cache-'));
    // Two stores on one log file: two processes writing the same stream.
    a = new SqliteEventStore({ path: join(dir, 'events.db') });
    b = new SqliteEventStore({ path: join(dir, 'events.db') });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads only the tail after its cached revision, and so sees a write made by another process', async () => {
    const execA = executorOn(a);
    const execB = executorOn(b);
    const seenA: Array<{ revision: number; events: number }> = [];
    const reads: Array<number | undefined> = [];
    // The SQLite store reads streams for decisions from its covering index.
    const readStream = a.readStreamForDecision.bind(a);
    a.readStreamForDecision = (id: string, options?: ReadStreamOptions) => {
      reads.push(options?.fromRevision);
      return readStream(id, options);
    };

    await execA.execute('amend', meta, amend(seenA));
    await execA.execute('amend', meta, amend(seenA));
    expect(execA.streams.size).toMatchObject({ streams: 1, events: 1 }); // revision 0 cached; its own append at 1 is read as the tail next
    await execB.execute('amend', meta, amend([])); // the other process: revision 2
    const result = await execA.execute('amend', meta, amend(seenA));

    expect(seenA).toEqual([
      { revision: -1, events: 0 },
      { revision: 0, events: 1 },
      { revision: 2, events: 3 },
    ]);
    expect(result.revision).toBe(3);
    // First a whole read (nothing cached), then tails only: from revision 0's successor on.
    expect(reads).toEqual([undefined, undefined, 1]);
    const log = await a.readStream(STREAM);
    expect(log.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    expect((log[3].data as { changes: { description: string } }).changes.description).toBe('decided at 2 on 3');
  });

  it('when a read misses another process’s write, the append is refused and the command is decided again on a fresh read', async () => {
    const execA = executorOn(a);
    const execB = executorOn(b);
    const seenA: Array<{ revision: number; events: number }> = [];
    await execA.execute('amend', meta, amend(seenA));
    await execA.execute('amend', meta, amend(seenA));
    await execA.execute('amend', meta, amend(seenA)); // cached at revision 1
    await execB.execute('amend', meta, amend([])); // revision 3 by the other process

    // A lagging read (a replica behind the primary): the tail comes back empty once.
    const readStream = a.readStreamForDecision.bind(a);
    let lag = true;
    a.readStreamForDecision = async (id: string, options?: ReadStreamOptions): Promise<DecisionEvent[]> => {
      if (lag && options?.fromRevision !== undefined) {
        lag = false;
        return (await readStream(id, options)).slice(0, 0);
      }
      return readStream(id, options);
    };
    seenA.length = 0;
    const result = await execA.execute('amend', meta, amend(seenA));

    expect(seenA).toEqual([
      { revision: 1, events: 2 }, // stale: refused by the store's expected-revision check
      { revision: 3, events: 4 }, // decided again on the whole stream, read afresh
    ]);
    expect(result.revision).toBe(4);
    const log = await a.readStream(STREAM);
    expect(log.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
    expect((log[4].data as { changes: { description: string } }).changes.description).toBe('decided at 3 on 4');
  });

  it('with If-Match the client gets the conflict, and the stale entry is dropped', async () => {
    const execA = executorOn(a);
    const execB = executorOn(b);
    await execA.execute('amend', meta, amend([]));
    await execA.execute('amend', meta, amend([]));
    await execB.execute('amend', meta, amend([]));
    const readStream = a.readStreamForDecision.bind(a);
    a.readStreamForDecision = async (id: string, options?: ReadStreamOptions) => (options?.fromRevision !== undefined ? [] : readStream(id, options));
    await expect(execA.execute('amend', meta, amend([]), { retryOnConflict: false })).rejects.toBeInstanceOf(RevisionConflictError);
    expect(execA.streams.size.streams).toBe(0);
  });
});

describe('StreamCache: bounds and order', () => {
  const event = (i: number) => ({
    eventId: `e${i}`,
    type: 'platform.amended',
    schemaVersion: 1,
    data: { platformId: 'x', changes: {} },
    metadata: { effectiveDate: '2025-07-01', actor, legalBasis: null, reason: null, idempotencyKey: null, correlationId: 'c', causationId: null },
  });

  it('evicts the least recently used streams beyond its memory budget', async () => {
    const store = new InMemoryEventStore();
    for (const s of ['s1', 's2', 's3'])
      await store.append({
        writes: [{ streamId: s, expectedRevision: 'no-stream', events: [event(1), event(2)].map((e) => ({ ...e, eventId: `${s}-${e.eventId}` })) }],
      });
    const probe = new StreamCache(store);
    await probe.read('s1');
    const perStream = probe.size.bytes;
    expect(perStream).toBeGreaterThan(0);

    const cache = new StreamCache(store, 2 * perStream); // room for two of the three
    await cache.read('s1');
    await cache.read('s2');
    await cache.read('s1'); // s1 is now the most recent
    await cache.read('s3'); // over budget: s2 goes
    expect(cache.size).toEqual({ streams: 2, events: 4, bytes: 2 * perStream });
    const reads: Array<number | undefined> = [];
    const readStream = store.readStream.bind(store);
    store.readStream = (id: string, options?: ReadStreamOptions) => {
      reads.push(options?.fromRevision);
      return readStream(id, options);
    };
    await cache.read('s1');
    await cache.read('s2');
    expect(reads).toEqual([2, undefined]);
  });

  it('keeps nothing with a budget of 0, and still reads correctly', async () => {
    const store = new InMemoryEventStore();
    await store.append({ writes: [{ streamId: 's', expectedRevision: 'no-stream', events: [event(1), event(2)] }] });
    const cache = new StreamCache(store, 0);
    expect((await cache.read('s')).events.map((e) => e.position)).toEqual([1, 2]);
    expect(cache.size).toEqual({ streams: 0, events: 0, bytes: 0 });
  });

  it('estimates memory from the decoded payload: longer and non-Latin-1 text counts more', () => {
    expect(estimateBytes('abcd')).toBe(20);
    expect(estimateBytes('Cổng')).toBe(24); // 'ổ' is beyond Latin-1: two bytes a character
    // An object: 24 + 8 a property; an array: 32 + 8 an element; small numbers live in the pointer.
    expect(estimateBytes({ a: 'abcd', b: [1, 2] })).toBe(24 + (8 + 20) + (8 + 32 + 16));
    expect(estimateBytes({ changes: { description: 'x'.repeat(1000) } })).toBeGreaterThan(estimateBytes({ changes: { description: 'x' } }) + 990);
  });

  it('lends the same frozen array while the stream is unchanged and a decision holds it, a new one after a change', async () => {
    const store = new InMemoryEventStore();
    await store.append({ writes: [{ streamId: 's', expectedRevision: 'no-stream', events: [event(1)] }] });
    const cache = new StreamCache(store);
    const first = await cache.read('s');
    // The guard and then the command read the same unchanged stream: one array, one memoised timeline.
    expect((await cache.read('s')).events).toBe(first.events);
    await store.append({ writes: [{ streamId: 's', expectedRevision: 0, events: [event(2)] }] });
    const second = await cache.read('s');
    expect(second.events).not.toBe(first.events);
    expect(second.events.map((e) => e.position)).toEqual([1, 2]);
  });

  it('hands out frozen arrays: a decision cannot alter what the next one reads', async () => {
    const store = new InMemoryEventStore();
    await store.append({ writes: [{ streamId: 's', expectedRevision: 'no-stream', events: [event(1)] }] });
    const cache = new StreamCache(store);
    const first = await cache.read('s');
    expect(() => (first.events as unknown[]).push({})).toThrow(/not extensible/);
    await store.append({ writes: [{ streamId: 's', expectedRevision: 0, events: [event(2)] }] });
    const second = await cache.read('s');
    expect(second.revision).toBe(1);
    expect(second.events.map((e) => e.position)).toEqual([1, 2]);
    expect(first.events).toHaveLength(1);
  });
});
