import { Client } from 'pg';
import { createServer, Server, Socket } from 'node:net';
import { describeEventStoreContract, describeRebuildReadContract, newEvent } from '../testing/event-store.contract';
import { usePostgres } from '../testing/postgres-cluster';
import { verifyEventStore } from '../integrity/verify-store';
import { StoredEvent, WrongExpectedRevisionError } from '../event-store.port';
import { PostgresEventStore } from './postgres.event-store';
import { lockKey, MIGRATIONS } from './postgres-schema';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../sqlite/sqlite.event-store';
import { migrateLog, verifyMigration } from '../migration/log-migration';

const pg = usePostgres();
const schemas = new WeakMap<object, string>();

function open(schema: string, extra: Partial<ConstructorParameters<typeof PostgresEventStore>[0]> = {}): PostgresEventStore {
  const store = new PostgresEventStore({ connectionString: pg.url(), schema, pollMs: 50, ...extra });
  schemas.set(store, schema);
  return store;
}

describeEventStoreContract('postgres', {
  async create(o) {
    return open(pg.newSchema(), { now: o?.now });
  },
  async reopen(store) {
    const schema = schemas.get(store)!;
    await store.close();
    return open(schema);
  },
});

describeRebuildReadContract('postgres', async () => open(pg.newSchema()));

describe('postgres event store specifics', () => {
  it('applies its versioned migrations once, also when several stores start at the same moment', async () => {
    const schema = pg.newSchema();
    const stores = await Promise.all(Array.from({ length: 5 }, () => PostgresEventStore.open({ connectionString: pg.url(), schema })));
    await Promise.all(stores.map((s) => s.close()));
    const again = await PostgresEventStore.open({ connectionString: pg.url(), schema });
    await again.close();
    const client = new Client({ connectionString: pg.url() });
    await client.connect();
    const { rows } = await client.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
    await client.end();
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('keeps idempotency keys that hold any character (the service scopes keys to the caller with a NUL)', async () => {
    const store = open(pg.newSchema());
    const claim = { key: 'dev:mic-admin\u0000reg-1 "quoted" \\ ✓', requestHash: 'h', result: { id: 'p' } };
    const first = await store.append({ writes: [{ streamId: 'p', expectedRevision: 'no-stream', events: [newEvent()] }], idempotency: claim });
    const again = await store.append({ writes: [{ streamId: 'p', expectedRevision: 'no-stream', events: [newEvent()] }], idempotency: claim });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await store.findIdempotency(claim.key)).toMatchObject({ requestHash: 'h' });
    expect(await store.findIdempotency('dev:mic-admin')).toBeNull();
    await store.close();
  });

  it('group-commits concurrent appends into one transaction, and one refused append does not sink the others', async () => {
    const store = open(pg.newSchema());
    await store.append({ writes: [{ streamId: 'taken', expectedRevision: 'no-stream', events: [newEvent()] }] });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        store.append({ writes: [{ streamId: i === 7 ? 'taken' : `g-${i}`, expectedRevision: 'no-stream', events: [newEvent()] }] }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(49);
    expect((results[7] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    const all = await store.readAll(1, 100);
    expect(all.map((e) => e.position)).toEqual(Array.from({ length: 49 }, (_, i) => i + 2));
    // Queued in the same tick: one transaction, one recorded time.
    expect(new Set(all.map((e) => e.recordedAt)).size).toBe(1);
    expect(await verifyEventStore(store)).toMatchObject({ ok: true, checked: 50 });
    await store.close();
  });

  it('a multi-stream append with a no-stream reservation lets exactly one of many stores win (the code-reservation pattern)', async () => {
    const schema = pg.newSchema();
    const stores = Array.from({ length: 4 }, () => open(schema, { poolSize: 3 }));
    const attempts = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) =>
        stores[i % 4].append({
          writes: [
            { streamId: `platform-${i}`, expectedRevision: 'no-stream', events: [newEvent('platform.registered', { code: 'CSDLQG-DC' })] },
            { streamId: 'code-csdlqg-dc', expectedRevision: 'no-stream', events: [newEvent('code.reserved', { platformId: i })] },
          ],
        }),
      ),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const all = await stores[0].readAll(0, 100);
    expect(all).toHaveLength(2);
    expect(new Set(all.map((e) => e.streamId)).size).toBe(2);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('delivers another process\u2019s appends to a subscriber through LISTEN/NOTIFY, well before the polling fallback', async () => {
    const schema = pg.newSchema();
    const reader = open(schema, { pollMs: 60_000 });
    const writer = open(schema);
    await reader.headPosition();
    const seen: number[] = [];
    const sub = reader.subscribe(0, (events) => {
      seen.push(...events.map((e) => e.position));
    });
    await new Promise((r) => setTimeout(r, 300)); // the listener is connected
    const started = Date.now();
    await writer.append({ writes: [{ streamId: 'n', expectedRevision: 'any', events: [newEvent()] }] });
    while (seen.length < 1 && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 5));
    expect(seen).toEqual([1]);
    expect(Date.now() - started).toBeLessThan(2000);
    await sub.close();
    await Promise.all([reader.close(), writer.close()]);
  });

  it('imports a log as it is (ids, revisions, recorded times) and keeps a chain that started at position 1', async () => {
    const source = open(pg.newSchema());
    for (let i = 0; i < 12; i++)
      await source.append({ writes: [{ streamId: `s-${i % 3}`, expectedRevision: 'any', events: [newEvent('t', { i, text: 'Bộ Tài chính' })] }] });
    const original = await source.readAll(0, 100);
    const target = open(pg.newSchema());
    await target.importBatch(original.slice(0, 5));
    await target.importBatch(original.slice(5));
    const copied = await target.readAll(0, 100);
    expect(copied).toEqual(original);
    await expect(target.importBatch([{ ...original[0], eventId: 'other' }])).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await Promise.all([source.close(), target.close()]);
  });
});

/** A TCP hop in front of the server that can drop every connection and refuse new ones (the database "going away"). */
async function flakyProxy(target: URL): Promise<{ url: string; down: () => void; up: () => void; close: () => Promise<void> }> {
  let isUp = true;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!isUp) return void client.destroy();
    const upstream = new Socket();
    upstream.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = new URL(target.toString());
  url.port = String((server.address() as { port: number }).port);
  return {
    url: url.toString(),
    down: () => {
      isUp = false;
      for (const s of sockets) s.destroy();
    },
    up: () => void (isUp = true),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('when the database goes away and comes back', () => {
  it('a store opened while it is unreachable, and a subscription that loses its connections, both recover by themselves', async () => {
    const schema = pg.newSchema();
    const proxy = await flakyProxy(new URL(pg.url()));
    proxy.down();
    const follower = new PostgresEventStore({ connectionString: proxy.url, schema, pollMs: 100 });
    const seen: number[] = [];
    const sub = follower.subscribe(0, (events) => {
      seen.push(...events.map((e) => e.position));
    });
    await expect(follower.headPosition()).rejects.toThrow();
    proxy.up();
    const writer = open(schema);
    await writer.append({ writes: [{ streamId: 'x', expectedRevision: 'no-stream', events: [newEvent()] }] });
    const until = async (n: number) => {
      for (const end = Date.now() + 15_000; seen.length < n && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
    };
    await until(1);
    expect(seen).toEqual([1]);
    proxy.down(); // every connection of the follower (pool and LISTEN) is cut
    await writer.append({ writes: [{ streamId: 'x', expectedRevision: 0, events: [newEvent()] }] });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([1]);
    proxy.up();
    await until(2);
    expect(seen).toEqual([1, 2]);
    expect((await follower.append({ writes: [{ streamId: 'x', expectedRevision: 1, events: [newEvent()] }] })).position).toBe(3);
    await until(3);
    expect(seen).toEqual([1, 2, 3]);
    await sub.close();
    await Promise.all([follower.close(), writer.close()]);
    await proxy.close();
  });
});

describe('moving the embedded log into PostgreSQL', () => {
  it('copies it resumably, verified by counts and digests, with the same positions and the same hash chain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ndp-pgmig-'));
    const source = new SqliteEventStore({ path: join(dir, 'events.db') });
    try {
      for (let i = 0; i < 40; i++)
        await source.append({
          writes: [
            {
              streamId: `platform-p${i % 5}`,
              expectedRevision: 'any',
              events: [newEvent('platform.amended', { i, name: 'Cổng công khai ngân sách nhà nước' })],
            },
            ...(i % 7 === 0 ? [{ streamId: 'ministry-BTC', expectedRevision: 'any' as const, events: [newEvent('ministry.renamed', { i })] }] : []),
          ],
        });
      const total = await source.headPosition();
      const schema = pg.newSchema();
      const first = open(schema);
      expect(await migrateLog(source, first, { batchSize: 9, stopAfter: 20 })).toEqual({ copied: 20, alreadyThere: 0, total });
      await first.close(); // interrupted
      const target = open(schema);
      expect(await migrateLog(source, target, { batchSize: 9 })).toEqual({ copied: total - 20, alreadyThere: 20, total });
      const check = await verifyMigration(source, target);
      expect(check).toMatchObject({ ok: true, sourceCount: total, targetCount: total });
      const [a, b] = [await source.readAll(0, 1000), await target.readAll(0, 1000)];
      expect(b.map((e) => [e.position, e.hash])).toEqual(a.map((e) => [e.position, e.hash]));
      expect(await verifyEventStore(target)).toEqual(await verifyEventStore(source));
      expect(await migrateLog(source, target)).toEqual({ copied: 0, alreadyThere: total, total });
      // The service carries on appending to the moved log: the chain continues.
      await target.append({
        writes: [{ streamId: 'platform-p0', expectedRevision: (await target.readStream('platform-p0')).length - 1, events: [newEvent()] }],
      });
      expect(await verifyEventStore(target)).toMatchObject({ ok: true, checked: total + 1 });
      await target.close();
    } finally {
      await source.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('global order without gaps: many concurrent writers, a catch-up reader', () => {
  it('the pitfall is real on this server: with a sequence and no lock, a catch-up reader loses an event for ever', async () => {
    const schema = pg.newSchema();
    const [a, b, reader] = [new Client({ connectionString: pg.url() }), new Client({ connectionString: pg.url() }), new Client({ connectionString: pg.url() })];
    await Promise.all([a.connect(), b.connect(), reader.connect()]);
    try {
      await reader.query(`CREATE SCHEMA "${schema}"; CREATE TABLE "${schema}".naive (position bigserial PRIMARY KEY, writer text NOT NULL)`);
      await a.query('BEGIN');
      await a.query(`INSERT INTO "${schema}".naive (writer) VALUES ('a')`); // takes position 1, not yet committed
      await b.query(`INSERT INTO "${schema}".naive (writer) VALUES ('b')`); // takes position 2, commits at once
      const read = async (after: number) =>
        (await reader.query(`SELECT position::int AS p FROM "${schema}".naive WHERE position > $1 ORDER BY position`, [after])).rows.map((r) => r.p as number);
      const first = await read(0);
      expect(first).toEqual([2]); // the reader moves past 1…
      await a.query('COMMIT');
      expect(await read(2)).toEqual([]); // …and never sees it
      expect(await read(0)).toEqual([1, 2]);
    } finally {
      await Promise.all([a.end(), b.end(), reader.end()]);
    }
  });

  it('the append lock closes it: an append waits while another append transaction is open, so nothing commits out of order', async () => {
    const schema = pg.newSchema();
    const store = open(schema);
    await store.headPosition(); // schema in place
    const inFlight = new Client({ connectionString: pg.url() });
    await inFlight.connect();
    try {
      // Stand-in for another replica's append transaction, between taking the lock and COMMIT.
      await inFlight.query('BEGIN');
      await inFlight.query('SELECT pg_advisory_xact_lock($1)', [lockKey(schema, 'append')]);
      let done = false;
      const append = store.append({ writes: [{ streamId: 's', expectedRevision: 'no-stream', events: [newEvent()] }] }).then((r) => ((done = true), r));
      await new Promise((r) => setTimeout(r, 300));
      expect(done).toBe(false);
      expect(await store.readAll(0, 10)).toEqual([]);
      await inFlight.query('COMMIT');
      expect((await append).position).toBe(1);
    } finally {
      await inFlight.end();
      await store.close();
    }
  });

  it('the reader sees every position exactly once and in order while 6 stores (separate pools) append concurrently', async () => {
    const schema = pg.newSchema();
    const WRITERS = 6;
    const PER_WRITER = 300;
    // Half group-commit, half one transaction per append: both kinds race for the append lock.
    const writers = Array.from({ length: WRITERS }, (_, w) => open(schema, { poolSize: 4, groupCommit: w % 2 === 0 }));
    const reader = open(schema, { pollMs: 20 });
    const seenBySubscriber: StoredEvent[] = [];
    const sub = reader.subscribe(0, (events) => {
      seenBySubscriber.push(...events);
    });
    // A second, naive reader: polls readAll with small pages and moves on from whatever it got.
    const polled: number[] = [];
    let writing = true;
    const poller = (async () => {
      let after = 0;
      while (writing || after < WRITERS * PER_WRITER) {
        const page = await reader.readAll(after, 7);
        for (const e of page) polled.push(e.position);
        if (page.length) after = page[page.length - 1].position;
        else await new Promise((r) => setImmediate(r));
      }
    })();
    const acknowledged: number[] = [];
    await Promise.all(
      writers.map(async (store, w) => {
        // 4 concurrent streams of appends per writer; some appends carry two events on two streams.
        await Promise.all(
          Array.from({ length: 4 }, async (_, lane) => {
            for (let i = lane; i < PER_WRITER; i += 4) {
              const r = await store.append({
                writes: [{ streamId: `w${w}-l${lane}`, expectedRevision: 'any', events: [newEvent('t', { w, i })] }],
              });
              acknowledged.push(r.position);
            }
          }),
        );
      }),
    );
    writing = false;
    const total = WRITERS * PER_WRITER;
    const deadline = Date.now() + 30_000;
    while (seenBySubscriber.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await poller;
    await sub.close();
    const expected = Array.from({ length: total }, (_, i) => i + 1);
    expect(seenBySubscriber.map((e) => e.position)).toEqual(expected);
    expect(polled).toEqual(expected);
    expect([...acknowledged].sort((a, b) => a - b)).toEqual(expected);
    // Every writer's events are there, each exactly once.
    const perWriter = new Map<number, number>();
    for (const e of seenBySubscriber) perWriter.set((e.data as { w: number }).w, (perWriter.get((e.data as { w: number }).w) ?? 0) + 1);
    expect([...perWriter.values()]).toEqual(Array(WRITERS).fill(PER_WRITER));
    expect(await verifyEventStore(reader)).toMatchObject({ ok: true, checked: total });
    console.log(`gap test: ${total} appends from ${WRITERS} pools; subscriber and naive poller each saw positions 1..${total} exactly once, in order`);
    await Promise.all([...writers, reader].map((s) => s.close()));
  }, 120_000);
});
