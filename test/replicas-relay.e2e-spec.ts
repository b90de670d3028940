import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { mintToken } from '@ndp/auth';
import { CatalogueEventV1, CatalogueWatcher, KafkaSettings } from '@ndp/integration';
import { startBroker } from '../libs/integration/src/testing/kafka-broker';
import { usePostgres } from '../libs/event-store/src/testing/postgres-cluster';
import { waitForExit } from './support/spawned-server';

const RELAY_ENTRY = join(__dirname, '../dist/apps/relay/apps/relay/src/main.js');
import { Replica, sql, startReplicas, stopReplicas, until } from './support/replicas';
import { client, platformBody, TEST_SECRET } from './support/test-app';

/**
 * The Kafka relay on three replicas sharing a PostgreSQL log: exactly one leads (a session
 * advisory lock); kill -9 of the leader hands the relay to another replica, which resumes from
 * the shared checkpoint. Checked on a real broker: nothing missing, no per-entry inversion.
 */
describe('Kafka relay leadership across replicas (real broker, real PostgreSQL)', () => {
  const pg = usePostgres();
  let brokers: string[];
  let replicas: Replica[] = [];
  const editor = mintToken({ sub: 'relay:btc', name: 'Biên tập BTC', role: 'ministry-editor', ministry: 'BTC' }, { secret: TEST_SECRET });
  const admin = mintToken({ sub: 'relay:admin', name: 'Quản trị', role: 'mic-admin' }, { secret: TEST_SECRET });

  beforeAll(async () => {
    brokers = process.env.KAFKA_BROKERS ? process.env.KAFKA_BROKERS.split(',') : [await startBroker()];
  }, 240_000);
  afterAll(async () => {
    await stopReplicas(replicas);
  }, 60_000);

  const settings = (prefix: string): KafkaSettings => ({ brokers, clientId: 'replicas-test', topicPrefix: prefix, partitions: 3 });

  /** Everything on the topics, read by a fresh consumer group; what a consuming team would check. */
  async function consume(prefix: string, logIds: string[]) {
    const delivered: CatalogueEventV1[] = [];
    const watcher = new CatalogueWatcher(settings(prefix), { groupId: `verify-${randomUUID()}`, fromBeginning: true, onChange: (e) => void delivered.push(e) });
    await watcher.start();
    try {
      await until(() => delivered.length >= logIds.length, 90_000, `${logIds.length} events (have ${delivered.length})`);
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await watcher.stop();
    }
    const lastByKey = new Map<string, number>();
    let inversions = 0;
    for (const e of delivered) {
      const key = e.platform?.id ?? e.ministry?.code ?? e.edition!.id;
      if ((lastByKey.get(key) ?? 0) > e.position) inversions++;
      lastByKey.set(key, e.position);
    }
    const seen = new Set(delivered.map((e) => e.eventId));
    return { delivered, watcher, inversions, missing: logIds.filter((id) => !seen.has(id)) };
  }

  async function relayOf(r: Replica): Promise<{ position: number; lag: number } | null> {
    if (r.child.exitCode !== null || r.child.signalCode !== null) return null;
    try {
      return (await client(r.url).get('/health')).body.relay ?? null;
    } catch {
      return null;
    }
  }

  it('fails over after kill -9 of the leading replica: 0 missing, 0 per-entry order inversions', async () => {
    const prefix = `r${Date.now()}.`;
    const db = await pg.newDatabase();
    replicas = await startReplicas(3, db, { KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_PARTITIONS: '3' });
    expect((await client(replicas[0].url, admin).post('/v1/ministries', { code: 'BTC', name: 'Bộ Tài chính', effectiveDate: '2024-01-01' })).status).toBe(201);

    let leaders: Replica[] = [];
    await until(
      async () => {
        leaders = [];
        for (const r of replicas) if (await relayOf(r)) leaders.push(r);
        return leaders.length > 0;
      },
      60_000,
      'a replica to lead the relay',
    );
    expect(leaders).toHaveLength(1);
    const leader = leaders[0];

    // Writers on every replica: each registers entries and amends them, so every entry has a
    // sequence of events whose order the consumer can check.
    let stop = false;
    let acknowledged = 0;
    const writer = async (w: number) => {
      const r = replicas[w % 3];
      for (let i = 0; !stop; i++) {
        try {
          const c = client(r.url, editor);
          const created = await c.post('/v1/platforms', platformBody({ name: `Hệ thống chuyển giao w${w}-${i}` }));
          if (created.status !== 201) continue;
          acknowledged++;
          for (let rev = 0; rev < 3 && !stop; rev++) {
            const a = await c.patch(`/v1/platforms/${created.body.id}`, { description: `lần ${rev}`, effectiveDate: '2024-06-01' }, { 'if-match': `"${rev}"` });
            if (a.status === 200) acknowledged++;
          }
        } catch {
          if (r.child.exitCode !== null || r.child.signalCode !== null) return;
        }
      }
    };
    const writers = Array.from({ length: 6 }, (_, w) => writer(w));
    await until(async () => ((await relayOf(leader))?.position ?? 0) > 40, 60_000, 'the leader to publish something');
    const killedPosition = (await relayOf(leader))?.position;
    const killedAt = Date.now();
    leader.child.kill('SIGKILL');
    await waitForExit(leader.child);
    let next: Replica | undefined;
    await until(
      async () => {
        for (const r of replicas) if (r !== leader && (await relayOf(r))) next = r;
        return next !== undefined;
      },
      30_000,
      'another replica to take the relay over',
    );
    const failoverMs = Date.now() - killedAt;
    await new Promise((r) => setTimeout(r, 1500)); // the survivors keep writing under the new leader
    stop = true;
    await Promise.all(writers);

    const logIds = (await sql<{ event_id: string }>(db, 'SELECT event_id FROM events ORDER BY position')).map((r) => r.event_id);
    await until(async () => (await relayOf(next!))?.lag === 0, 60_000, 'the new leader to reach the end of the log');
    const others = replicas.filter((r) => r !== leader && r !== next);
    for (const r of others) expect(await relayOf(r)).toBeNull(); // still exactly one relay

    const { delivered, watcher, inversions, missing } = await consume(prefix, logIds);
    console.log(
      `relay failover: ${logIds.length} events in the log (${acknowledged} writes acknowledged), leader killed at relay position ${killedPosition}; ` +
        `new leader relaying ${failoverMs} ms after the kill; consumer received ${watcher.stats.received}, dropped ${watcher.stats.duplicates} repeats; ` +
        `${missing.length} missing, ${inversions} per-entry order inversions`,
    );
    expect(missing).toEqual([]);
    expect(delivered).toHaveLength(logIds.length);
    expect(inversions).toBe(0);
  }, 300_000);

  it('external relay processes (npm run relay with DATABASE_URL): one leads, another takes over after kill -9', async () => {
    await stopReplicas(replicas);
    const prefix = `x${Date.now()}.`;
    const db = await pg.newDatabase();
    const kafkaEnv = { KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_PARTITIONS: '3' };
    replicas = await startReplicas(1, db, { ...kafkaEnv, KAFKA_RELAY: 'external' });
    const api = client(replicas[0].url, editor);
    expect((await client(replicas[0].url, admin).post('/v1/ministries', { code: 'BTC', name: 'Bộ Tài chính', effectiveDate: '2024-01-01' })).status).toBe(201);
    expect(await relayOf(replicas[0])).toBeNull(); // the service itself does not relay
    const relays: Array<{ child: ChildProcess; out: () => string }> = [];
    for (let i = 0; i < 2; i++) {
      let out = '';
      const child = spawn(process.execPath, [RELAY_ENTRY], {
        env: { ...process.env, ...kafkaEnv, DATABASE_URL: db, EVENTSTORE_CONNECTION_STRING: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      relays.push({ child, out: () => out });
    }
    try {
      const leading = () => relays.filter((r) => r.out().includes('leads the Kafka relay'));
      await until(() => leading().length > 0, 60_000, 'an external relay to lead');
      const write = async (n: number, tag: string) => {
        for (let i = 0; i < n; i++) {
          const r = await api.post('/v1/platforms', platformBody({ name: `Hệ thống ngoài ${tag}-${i}` }));
          expect(r.status).toBe(201);
          await api.patch(`/v1/platforms/${r.body.id}`, { description: tag, effectiveDate: '2024-06-01' }, { 'if-match': '"0"' });
        }
      };
      await write(15, 'truoc');
      expect(leading()).toHaveLength(1);
      const [first] = leading();
      first.child.kill('SIGKILL');
      await waitForExit(first.child);
      await write(15, 'sau');
      await until(() => relays.some((r) => r !== first && r.out().includes('leads the Kafka relay')), 30_000, 'the other relay to take over');
      const logIds = (await sql<{ event_id: string }>(db, 'SELECT event_id FROM events ORDER BY position')).map((r) => r.event_id);
      await until(
        async () => Number((await sql<{ position: string }>(db, 'SELECT position FROM relay_checkpoint'))[0]?.position ?? 0) >= logIds.length,
        60_000,
        'the relay to reach the end',
      );
      const { delivered, inversions, missing } = await consume(prefix, logIds);
      console.log(
        `external relays: ${logIds.length} events, leader killed, the other took over; ${missing.length} missing, ${inversions} per-entry inversions`,
      );
      expect(missing).toEqual([]);
      expect(delivered).toHaveLength(logIds.length);
      expect(inversions).toBe(0);
    } finally {
      for (const r of relays)
        if (r.child.exitCode === null && r.child.signalCode === null) {
          r.child.kill('SIGTERM');
          await waitForExit(r.child);
        }
    }
  }, 300_000);
});
