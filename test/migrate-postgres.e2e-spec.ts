import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mintToken } from '@ndp/auth';
import { usePostgres } from '../libs/event-store/src/testing/postgres-cluster';
import { CLI_ENTRY, spawnServer, waitForExit } from './support/spawned-server';
import { sql, startReplica, stopReplicas } from './support/replicas';
import { client, platformBody, removeDir, TEST_SECRET } from './support/test-app';

const run = promisify(execFile);

/** `npm run migrate -- --to postgres://…`: the embedded log moves into PostgreSQL and the service carries on there. */
describe('moving in: the embedded log into PostgreSQL with the operator CLI', () => {
  const pg = usePostgres();
  const dataDir = mkdtempSync(join(tmpdir(), 'ndp-migrate-pg-'));
  afterAll(() => removeDir(dataDir));

  it('copies the log and the idempotency keys, verifies counts, digests and the chain, and a replica then serves the same catalogue', async () => {
    const editor = mintToken({ sub: 'move:btc', name: 'Biên tập', role: 'ministry-editor', ministry: 'BTC' }, { secret: TEST_SECRET });
    const body = platformBody({ name: 'Hệ thống trước khi chuyển', effectiveDate: '2024-08-01' });
    const embedded = await spawnServer(dataDir, { SEED: 'true' });
    let created, before;
    try {
      created = await client(embedded.url, editor).post('/v1/platforms', body, { 'idempotency-key': 'truoc-khi-chuyen' });
      before = (await client(embedded.url).get('/v1/catalogue?asOf=2024-12-31')).body;
    } finally {
      embedded.child.kill('SIGTERM');
      await waitForExit(embedded.child);
    }
    expect(created.status).toBe(201);

    const db = await pg.newDatabase();
    const env = { ...process.env, DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, KAFKA_BROKERS: '', EVENTSTORE_CONNECTION_STRING: '', DATABASE_URL: '' };
    const migrated = await run(process.execPath, [CLI_ENTRY, 'migrate', '--to', db, '--batch-size', '7'], { env });
    expect(migrated.stdout).toMatch(/copied \d+ events \(0 were already there\)/);
    expect(migrated.stdout).toMatch(/copied [1-9]\d* idempotency keys \(0 were already there\)/);
    expect(JSON.parse(migrated.stdout.split('\n').find((l) => l.startsWith('{'))!)).toMatchObject({ ok: true });
    // Run again: nothing left to copy, still verified.
    expect((await run(process.execPath, [CLI_ENTRY, 'migrate', '--to', db], { env })).stdout).toMatch(/copied 0 events \(\d+ were already there\)/);

    // `npm run verify` on the moved log: the chain is the embedded one's, hash for hash.
    const embeddedHead = JSON.parse((await run(process.execPath, [CLI_ENTRY, 'verify'], { env })).stdout);
    const movedHead = JSON.parse((await run(process.execPath, [CLI_ENTRY, 'verify'], { env: { ...env, DATABASE_URL: db } })).stdout);
    expect(movedHead).toMatchObject({ ok: true, store: 'postgres', head: embeddedHead.head });

    const replica = await startReplica(db);
    try {
      expect((await client(replica.url).get('/v1/catalogue?asOf=2024-12-31')).body).toEqual(before);
      const count = async () => Number((await sql<{ n: string }>(db, 'SELECT count(*) AS n FROM events'))[0].n);
      const n = await count();
      const again = await client(replica.url, editor).post('/v1/platforms', body, { 'idempotency-key': 'truoc-khi-chuyen' });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(created.body.id);
      expect(await count()).toBe(n);
      console.log(
        `migrate to PostgreSQL: ${n} events and their idempotency keys moved; chain head ${movedHead.head.position}:${movedHead.head.hash.slice(0, 12)}… identical`,
      );
    } finally {
      await stopReplicas([replica]);
    }
  }, 120_000);
});
