import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { mintToken } from '@ndp/auth';
import { usePostgres } from '../libs/event-store/src/testing/postgres-cluster';
import { CLI_ENTRY, SERVER_ENTRY, waitForExit } from './support/spawned-server';
import { Replica, sql, startReplica, startReplicas, stopReplicas, until } from './support/replicas';
import { client, platformBody, removeDir, TEST_SECRET } from './support/test-app';

const run = promisify(execFile);

const ROUNDS = Number(process.env.REPLICA_ROUNDS ?? 20);

/**
 * Three service processes on one PostgreSQL log (issue 15): each keeps its read models in its
 * own DATA_DIR and follows the shared log; every write goes through one append lock.
 */
describe('three replicas on one PostgreSQL database', () => {
  const pg = usePostgres();
  let db: string;
  let replicas: Replica[];
  const admin = mintToken({ sub: 'replicas:admin', name: 'Quản trị', role: 'mic-admin' }, { secret: TEST_SECRET });
  const editor = mintToken({ sub: 'replicas:btc', name: 'Biên tập BTC', role: 'ministry-editor', ministry: 'BTC' }, { secret: TEST_SECRET });
  const auditor = mintToken({ sub: 'replicas:auditor', name: 'Kiểm toán', role: 'auditor' }, { secret: TEST_SECRET });

  beforeAll(async () => {
    db = await pg.newDatabase();
    replicas = await startReplicas(3, db);
    const r = await client(replicas[0].url, admin).post('/v1/ministries', { code: 'BTC', name: 'Bộ Tài chính', effectiveDate: '2024-01-01' });
    expect(r.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await stopReplicas(replicas ?? []);
  }, 60_000);

  it('is refused at start when DATABASE_URL and EVENTSTORE_CONNECTION_STRING are both set', async () => {
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      env: { ...process.env, DATABASE_URL: db, EVENTSTORE_CONNECTION_STRING: 'esdb://127.0.0.1:2113?tls=false', DATA_DIR: replicas[0].dataDir, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr!.on('data', (d) => (output += d));
    await waitForExit(child);
    expect(child.exitCode).toBe(1);
    expect(output).toMatch(/DATABASE_URL and EVENTSTORE_CONNECTION_STRING are both set/);
  });

  it('the seed CLI loads an empty PostgreSQL log once (as the compose profile does), and every replica serves it', async () => {
    const fresh = await pg.newDatabase();
    const env = {
      ...process.env,
      DATABASE_URL: fresh,
      EVENTSTORE_CONNECTION_STRING: '',
      KAFKA_BROKERS: '',
      DATA_DIR: replicas[0].dataDir + '-seed',
      JWT_SECRET: TEST_SECRET,
    };
    expect((await run(process.execPath, [CLI_ENTRY, 'seed'], { env })).stdout).toMatch(/seeded the catalogue/);
    expect((await run(process.execPath, [CLI_ENTRY, 'seed'], { env })).stdout).toMatch(/not empty: nothing seeded/);
    const seeded = await startReplicas(3, fresh, { SEED: 'true' }); // they find the log not empty
    try {
      const counts = await sql<{ type: string; n: string }>(fresh, 'SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY type');
      expect(Object.fromEntries(counts.map((c) => [c.type, Number(c.n)]))).toEqual({
        'edition.published': 1,
        'ministry.registered': 16,
        'platform.registered': 44,
      });
      for (const r of seeded) expect((await client(r.url).get('/v1/catalogue?asOf=2024-07-03')).body.total).toBe(44);
      // ETags are made from the log position, the same on every replica: a tag read from one
      // replica revalidates on another (README "ETags and 304").
      const tags = await Promise.all(seeded.map(async (r) => (await client(r.url).get('/v1/catalogue?asOf=2024-07-03')).headers.get('etag')));
      expect(tags[0]).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
      expect(new Set(tags).size).toBe(1);
      for (const r of seeded) expect((await client(r.url).get('/v1/catalogue?asOf=2024-07-03', { 'if-none-match': tags[0]! })).status).toBe(304);
    } finally {
      await stopReplicas(seeded);
      removeDir(env.DATA_DIR);
    }
  }, 120_000);

  it(`conflicting PATCHes with one If-Match through different replicas: one 200, the rest 409, no lost update (${ROUNDS} rounds)`, async () => {
    const created = await client(replicas[0].url, editor).post('/v1/platforms', platformBody({ name: 'Hệ thống tranh chấp giữa các bản sao' }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const winners: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const answers = await Promise.all(
        replicas.map((r, i) =>
          client(r.url, editor).patch(
            `/v1/platforms/${id}`,
            { description: `vòng ${round} qua bản sao ${i}`, effectiveDate: '2024-06-01' },
            { 'if-match': `"${round}"` },
          ),
        ),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([200, 409, 409]);
      const w = answers.findIndex((a) => a.status === 200);
      expect(answers[w].body.revision).toBe(round + 1);
      for (const loser of answers.filter((a) => a.status === 409)) expect(loser.body).toMatchObject({ currentRevision: round + 1 });
      winners.push(`vòng ${round} qua bản sao ${w}`);
      // Every replica, asked for at least the winner's position, shows the winner's value.
      for (const r of replicas) {
        const read = await client(r.url).get(`/v1/platforms/${id}?minPosition=${answers[w].body.position}`);
        expect(read.body).toMatchObject({ description: winners[round], revision: round + 1 });
      }
    }
    const history = await client(replicas[2].url).get(`/v1/platforms/${id}/history`);
    expect(history.body.versions).toHaveLength(ROUNDS + 1);
    const amended = await sql<{ d: string }>(
      db,
      `SELECT data->'changes'->>'description' AS d FROM events WHERE stream_id = $1 AND type = 'platform.amended' ORDER BY revision`,
      [`platform-${id}`],
    );
    expect(amended.map((r) => r.d)).toEqual(winners);
    const spread = new Set(winners.map((w) => w.slice(-1)));
    console.log(
      `replicas: ${ROUNDS} rounds of 3 conflicting PATCHes: ${ROUNDS} × 200 and ${2 * ROUNDS} × 409; winners on replicas ${[...spread].sort().join(', ')}`,
    );
  }, 120_000);

  it('one Idempotency-Key sent to all replicas at once records one event, and every replica answers the same entry', async () => {
    for (let k = 0; k < 10; k++) {
      const key = `dang-ky-dong-thoi-${k}`;
      const body = platformBody({ name: `Hệ thống gửi lại ${k}` });
      const answers = await Promise.all(replicas.map((r) => client(r.url, editor).post('/v1/platforms', body, { 'idempotency-key': key })));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
      const recorded = await sql<{ n: string }>(db, `SELECT count(*) AS n FROM events WHERE type = 'platform.registered' AND data->>'name' = $1`, [body.name]);
      expect(Number(recorded[0].n)).toBe(1);
    }
  }, 60_000);

  it('a frozen process holding the append lock (SIGSTOP mid-transaction) stops the others only until the server ends its session', async () => {
    const store = join(__dirname, '../dist/apps/api/libs/event-store/src/postgres/postgres.event-store.js');
    const script = `
      const { PostgresEventStore } = require(${JSON.stringify(store)});
      PostgresEventStore.open({ connectionString: ${JSON.stringify(db)}, stuckTransactionTimeoutMs: 1500, listen: false }).then((s) =>
        s.transaction(() => { console.log('holding'); setTimeout(() => process.kill(process.pid, 'SIGSTOP'), 50); return new Promise(() => {}); }));`;
    const frozen = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    frozen.stdout!.on('data', (d) => (out += d));
    try {
      await until(() => out.includes('holding'), 20_000, 'the other process to hold the append lock');
      await new Promise((r) => setTimeout(r, 200)); // it is stopped now, inside its transaction
      const started = Date.now();
      const r = await client(replicas[0].url, editor).post('/v1/platforms', platformBody({ name: 'Hệ thống sau khi một tiến trình treo' }));
      const waited = Date.now() - started;
      console.log(
        `frozen lock holder: a write through a replica waited ${waited} ms, then succeeded (server ended the stuck session after 1.5 s idle in transaction)`,
      );
      expect(r.status).toBe(201);
      expect(waited).toBeGreaterThanOrEqual(1000);
      expect(waited).toBeLessThan(10_000);
    } finally {
      frozen.kill('SIGKILL');
      await waitForExit(frozen);
    }
  }, 60_000);

  // The code reservation (a stream per lower-cased code, appended with 'no-stream' in the
  // registration's own atomic append) holds across processes on one PostgreSQL log.
  it('one code registered concurrently through all replicas succeeds once', async () => {
    for (let k = 0; k < 5; k++) {
      const code = `MA-DONG-THOI-${k}`;
      const answers = await Promise.all(
        replicas.map((r, i) =>
          client(r.url, editor).post('/v1/platforms', platformBody({ name: `Hệ thống mã ${k} qua bản sao ${i}`, code: i % 2 ? code : code.toLowerCase() })),
        ),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      for (const a of answers.filter((x) => x.status !== 201)) expect([409, 422]).toContain(a.status);
      const recorded = await sql<{ n: string }>(
        db,
        `SELECT count(*) AS n FROM events WHERE type = 'platform.registered' AND lower(data->>'code') = lower($1)`,
        [code],
      );
      expect(Number(recorded[0].n)).toBe(1);
    }
  }, 60_000);

  it('kill -9 of a replica during writes loses no acknowledged write (checked through another replica)', async () => {
    const acknowledged = new Map<string, { id: string; position: number }>();
    let attempted = 0;
    let stop = false;
    const writer = async (w: number) => {
      const r = replicas[w % 3];
      for (let i = 0; !stop; i++) {
        const key = `kill-w${w}-${i}`;
        attempted++;
        try {
          const a = await client(r.url, editor).post('/v1/platforms', platformBody({ name: `Hệ thống ${key}` }), { 'idempotency-key': key });
          if (a.status === 201) acknowledged.set(key, a.body);
        } catch {
          if (r.child.exitCode !== null || r.child.signalCode !== null) return; // that replica is gone
        }
      }
    };
    const writers = Array.from({ length: 9 }, (_, w) => writer(w));
    // Counted, not timed, so that a busy machine changes the duration, not what is tested.
    await until(() => acknowledged.size >= 40, 60_000, '40 acknowledged writes before the kill');
    const victim = replicas[2];
    victim.child.kill('SIGKILL');
    await waitForExit(victim.child);
    const atKill = acknowledged.size;
    await until(() => acknowledged.size >= atKill + 20, 60_000, '20 more acknowledged writes on the survivors');
    stop = true;
    await Promise.all(writers);
    const last = Math.max(...[...acknowledged.values()].map((a) => a.position));
    const survivor = client(replicas[0].url);
    const missing: string[] = [];
    for (const [key, { id }] of acknowledged) {
      const read = await survivor.get(`/v1/platforms/${id}?minPosition=${last}`);
      if (read.status !== 200 || read.body.name !== `Hệ thống ${key}`) missing.push(key);
    }
    const duplicates = await sql<{ n: string }>(
      db,
      `SELECT count(*) AS n FROM (SELECT data->>'name' FROM events WHERE type = 'platform.registered' GROUP BY 1 HAVING count(*) > 1) d`,
    );
    const verify = await client(replicas[1].url, auditor).get('/v1/audit/verify');
    // The killed replica comes back on its DATA_DIR and catches up with what the others wrote.
    replicas[2] = await startReplica(db, {}, victim.dataDir);
    const head = Number((await sql<{ p: string }>(db, 'SELECT max(position) AS p FROM events'))[0].p);
    await until(async () => (await client(replicas[2].url).get('/health')).body.projectionPosition === head, 30_000, 'the restarted replica to catch up');
    console.log(
      `replica kill -9: ${attempted} writes attempted over 3 replicas, ${acknowledged.size} acknowledged, ${missing.length} acknowledged but missing, ` +
        `${duplicates[0].n} duplicates, chain ${verify.body.ok ? `ok over ${verify.body.checked} events` : 'BROKEN'}; the restarted replica caught up to ${head}`,
    );
    expect(acknowledged.size).toBeGreaterThanOrEqual(60);
    expect(missing).toEqual([]);
    expect(Number(duplicates[0].n)).toBe(0);
    expect(verify.body).toMatchObject({ ok: true });
  }, 120_000);
});
