/**
 * Scenario 7 — PostgreSQL as the shared log (issue 15).
 *
 * a) Durable append: 16 writers appending one event at a time straight to a PostgresEventStore
 *    (fsync and synchronous_commit on: PostgreSQL's defaults), with group commit (appends that
 *    arrive while a transaction runs share the next one) against the control of one
 *    transaction per event. Every transaction takes the single append lock, so this is also
 *    the ceiling of the whole cluster of replicas.
 * b) Read throughput: GET /v1/platforms/{id} on 1 replica against 3 replicas of the built
 *    service on the same database (the load split evenly), same total connections.
 *
 * The server is DATABASE_URL_BENCH (or DATABASE_URL_TEST) when set, otherwise a private cluster
 * started with scripts/postgres/start.sh and removed afterwards.
 */
import { execFile, spawn, ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { PostgresEventStore } from '@ndp/event-store';
import { runTask } from '../lib/child';
import { Row, row } from '../lib/results';
import { Summary } from '../lib/stats';
import type { LoadResult } from './http';
import { BENCH_JWT_SECRET, concurrentStoreWriters } from './durable-append';

export const POSTGRES_SCENARIO = '7 postgres';
const ROOT = resolve(__dirname, '..', '..', '..', '..');
const run = promisify(execFile);

export interface PgAppendArgs {
  url: string;
  schema: string;
  groupCommit: boolean;
  writers: number;
  warmupMs: number;
  durationMs: number;
}

export interface PgAppendResult {
  eventsPerSec: number;
  latency: Summary;
  appendsPerTransaction: number;
  errors: number;
}

/** Child task: the same writers and events as the SQLite store-only diagnostic of scenario 1. */
export async function pgAppendTask(a: PgAppendArgs): Promise<PgAppendResult> {
  const store = await PostgresEventStore.open({
    connectionString: a.url,
    schema: a.schema,
    groupCommit: a.groupCommit,
    poolSize: a.groupCommit ? 4 : a.writers,
    listen: false,
  });
  // Count transactions (bench-only peek at the private commit): appends per transaction = per WAL flush.
  const inner = store as unknown as { commit: (batch: unknown[]) => Promise<void> };
  const commit = inner.commit.bind(store);
  let transactions = 0;
  let appends = 0;
  inner.commit = (batch) => {
    transactions++;
    appends += batch.length;
    return commit(batch);
  };
  const measured = await concurrentStoreWriters(store, a);
  await store.close();
  return { ...measured, appendsPerTransaction: transactions ? appends / transactions : 0 };
}

export async function postgresServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = process.env.DATABASE_URL_BENCH || process.env.DATABASE_URL_TEST;
  if (given) return { url: given, stop: async () => undefined };
  const dir = join(tmpdir(), `ndp-bench-pg-${randomBytes(6).toString('hex')}`);
  const env = { ...process.env, PG_DIR: dir };
  const { stdout } = await run(join(ROOT, 'scripts/postgres/start.sh'), { env, timeout: 180_000 });
  return { url: stdout.trim(), stop: async () => void (await run(join(ROOT, 'scripts/postgres/stop.sh'), { env, timeout: 60_000 })) };
}

async function query(url: string, text: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

/** The built service (dist) as a replica on `url`. */
async function replica(url: string, seed: boolean): Promise<{ base: string; child: ChildProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ndp-bench-replica-'));
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/apps/api/src/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      EVENTSTORE_CONNECTION_STRING: '',
      KAFKA_BROKERS: '',
      DATA_DIR: dir,
      PORT: String(port),
      JWT_SECRET: BENCH_JWT_SECRET,
      SEED: String(seed),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_READS_PER_MINUTE: '0',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      RATE_LIMIT_AUDIT_PER_MINUTE: '0',
    },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  for (const end = Date.now() + 60_000; ;) {
    if (child.exitCode !== null) throw new Error('a benchmark replica exited at start');
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) throw new Error('a benchmark replica did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, child, dir };
}

async function stopReplica(r: { child: ChildProcess; dir: string }): Promise<void> {
  if (r.child.exitCode === null) {
    const exited = new Promise((ok) => r.child.once('exit', ok));
    r.child.kill('SIGTERM');
    await exited;
  }
  rmSync(r.dir, { recursive: true, force: true });
}

export async function postgresScenario(mode: 'quick' | 'full', log: (m: string) => void): Promise<Row[]> {
  const pg = await postgresServer();
  const writers = 16;
  const warmupMs = mode === 'quick' ? 500 : 1000;
  const durationMs = mode === 'quick' ? 2000 : 5000;
  const rows: Row[] = [];
  try {
    const append: Partial<Record<'group' | 'single', PgAppendResult>> = {};
    for (const groupCommit of [true, false]) {
      const schema = `bench_${groupCommit ? 'group' : 'single'}_${randomBytes(4).toString('hex')}`;
      log(`postgres: durable append, ${writers} writers, group commit ${groupCommit ? 'on' : 'off (control)'}`);
      append[groupCommit ? 'group' : 'single'] = await runTask<PgAppendResult>('pg-append', {
        url: pg.url,
        schema,
        groupCommit,
        writers,
        warmupMs,
        durationMs,
      });
      await query(pg.url, `DROP SCHEMA "${schema}" CASCADE`);
    }
    const { group, single } = { group: append.group!, single: append.single! };
    rows.push(
      row(
        POSTGRES_SCENARIO,
        `durable append events/s, ${writers} writers, store only (control: one transaction per event)`,
        'events/s',
        group.eventsPerSec,
        single.eventsPerSec,
        'higher',
      ),
      row(POSTGRES_SCENARIO, 'durable append ack latency p50', 'ms', group.latency.p50, single.latency.p50, 'lower'),
      row(POSTGRES_SCENARIO, 'durable append ack latency p99', 'ms', group.latency.p99, single.latency.p99, 'lower'),
      row(POSTGRES_SCENARIO, 'appends per transaction (= per WAL flush)', 'appends', group.appendsPerTransaction, single.appendsPerTransaction, null),
      row(POSTGRES_SCENARIO, 'failed appends', 'appends', group.errors, single.errors, null, { text: '0', met: (v) => v === 0 }),
    );

    // b) reads: the seed catalogue (44 entries) on one database, 1 replica vs 3.
    const db = `bench_read_${randomBytes(4).toString('hex')}`;
    await query(pg.url, `CREATE DATABASE ${db}`);
    const dbUrl = Object.assign(new URL(pg.url), { pathname: `/${db}` }).toString();
    const first = await replica(dbUrl, true);
    const replicas = [first];
    try {
      const ids = ((await (await fetch(`${first.base}/v1/catalogue?asOf=2024-07-03`)).json()) as { platforms: Array<{ id: string }> }).platforms.map(
        (p) => p.id,
      );
      const paths = ids.map((id) => `/v1/platforms/${id}`);
      const connections = 24;
      const load = async (bases: string[]) => {
        const results = await Promise.all(
          bases.map((base) =>
            runTask<LoadResult>('load', { base, paths, connections: Math.floor(connections / bases.length), warmupMs, durationMs, maxRequests: 1_000_000 }),
          ),
        );
        return {
          requestsPerSec: results.reduce((s, r) => s + r.requestsPerSec, 0),
          p99: Math.max(...results.map((r) => r.latency.p99)),
          failures: results.reduce((s, r) => s + r.non200 + r.errors, 0),
        };
      };
      // Three load-generator processes in both runs, so that only the number of replicas differs.
      log('postgres: reads on 1 replica');
      const one = await load([first.base, first.base, first.base]);
      replicas.push(await replica(dbUrl, false), await replica(dbUrl, false));
      log('postgres: reads on 3 replicas');
      const three = await load(replicas.map((r) => r.base));
      rows.push(
        row(
          POSTGRES_SCENARIO,
          `GET /v1/platforms/{id}, ${connections} conns: 3 replicas (control: 1 replica)`,
          'req/s',
          three.requestsPerSec,
          one.requestsPerSec,
          'higher',
        ),
        row(POSTGRES_SCENARIO, 'GET /v1/platforms/{id} p99: 3 replicas (control: 1 replica)', 'ms', three.p99, one.p99, 'lower'),
        row(POSTGRES_SCENARIO, 'failed or non-200 reads', 'responses', three.failures, one.failures, null, { text: '0', met: (v) => v === 0 }),
      );
    } finally {
      await Promise.all(replicas.map(stopReplica));
      await query(pg.url, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    }
  } finally {
    await pg.stop();
  }
  return rows;
}
