import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kafka, logLevel } from 'kafkajs';
import { NewEvent, SqliteEventStore } from '@ndp/event-store';
import { CatalogueEventV1, CatalogueWatcher, KafkaSettings, topicName } from '@ndp/integration';
import { killBroker, startBroker } from '../libs/integration/src/testing/kafka-broker';
import { waitForExit } from './support/spawned-server';
import { client, platformBody, registerMinistries, removeDir, startTestApp, TestApp } from './support/test-app';

const RELAY_ENTRY = join(__dirname, '../dist/apps/relay/apps/relay/src/main.js');

let brokers: string[];
beforeAll(async () => {
  brokers = [await startBroker()];
}, 240_000);

function settings(prefix: string): KafkaSettings {
  return { brokers, clientId: 'test', topicPrefix: prefix, partitions: 3 };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Consumes everything on the topics with a fresh group; reports what a consumer team would check. */
async function consumeAll(prefix: string, expected: number, timeoutMs = 60_000) {
  const delivered: CatalogueEventV1[] = [];
  const watcher = new CatalogueWatcher(settings(prefix), {
    groupId: `verify-${randomUUID()}`,
    fromBeginning: true,
    onChange: (e) => {
      delivered.push(e);
    },
  });
  await watcher.start();
  try {
    await until(() => delivered.length >= expected, timeoutMs, `${expected} events (have ${delivered.length})`);
    await new Promise((r) => setTimeout(r, 500)); // let stragglers (duplicates) arrive
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
  return { delivered, stats: watcher.stats, inversions };
}

function logEventIds(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'events.db'), { readonly: true });
  try {
    return (db.prepare('SELECT event_id FROM events ORDER BY position').all() as Array<{ event_id: string }>).map((r) => r.event_id);
  } finally {
    db.close();
  }
}

describe('Kafka relay against a real broker', () => {
  it('publishes every change of the running service, keyed by entry, in order', async () => {
    const prefix = `t${Date.now()}a.`;
    const t = await startTestApp({ env: { KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_PARTITIONS: '3' } });
    try {
      await registerMinistries(t, [{ code: 'BTC', name: 'Bộ Tài chính' }]);
      const editor = client(t.url, t.token('ministry-editor', 'BTC'));
      const { body } = await editor.post('/v1/platforms', platformBody());
      await editor.patch(`/v1/platforms/${body.id}`, { url: 'https://congkhaingansach.vn', effectiveDate: '2024-06-01' }, { 'if-match': '0' });
      await until(async () => (await client(t.url).get('/health')).body.relay?.lag === 0, 30_000, 'relay to catch up');
      const { delivered, inversions } = await consumeAll(prefix, 3);
      expect(delivered.map((e) => e.type).sort()).toEqual(['ministry.registered', 'platform.amended', 'platform.registered']);
      expect(delivered.find((e) => e.type === 'platform.amended')).toMatchObject({
        platform: { id: body.id, name: 'Cổng công khai ngân sách nhà nước', ministry: 'BTC' },
        change: { changes: { url: 'https://congkhaingansach.vn' } },
        effectiveDate: '2024-06-01',
      });
      expect(inversions).toBe(0);
      // Keys and headers as documented.
      const kafka = new Kafka({ clientId: 'raw', brokers, logLevel: logLevel.NOTHING });
      const raw = kafka.consumer({ groupId: `raw-${randomUUID()}` });
      await raw.connect();
      await raw.subscribe({ topic: topicName('platform', prefix), fromBeginning: true });
      const seen: Array<{ key: string; headers: Record<string, string> }> = [];
      await raw.run({
        eachMessage: async ({ message }) =>
          void seen.push({ key: message.key!.toString(), headers: Object.fromEntries(Object.entries(message.headers!).map(([k, v]) => [k, String(v)])) }),
      });
      await until(() => seen.length >= 2, 30_000, 'raw messages');
      await raw.disconnect();
      expect(seen.every((m) => m.key === body.id)).toBe(true);
      expect(Object.keys(seen[0].headers).sort()).toEqual(['ndp-correlation-id', 'ndp-event-id', 'ndp-event-type', 'ndp-position', 'ndp-schema-version']);
    } finally {
      await t.close();
      removeDir(t.dataDir);
    }
  });

  it('loses nothing when the broker is SIGKILLed mid-stream and started again', async () => {
    const prefix = `t${Date.now()}b.`;
    const t: TestApp = await startTestApp({ env: { KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_PARTITIONS: '3' } });
    try {
      await registerMinistries(t, [{ code: 'BTC', name: 'Bộ Tài chính' }]);
      const editor = client(t.url, t.token('ministry-editor', 'BTC'));
      const ids: string[] = [];
      const write = async (n: number, tag: string) => {
        for (let i = 0; i < n; i++) {
          const r = await editor.post('/v1/platforms', platformBody({ name: `Hệ thống ${tag}-${i}` }));
          expect(r.status).toBe(201);
          ids.push(r.body.id);
          await editor.patch(`/v1/platforms/${r.body.id}`, { description: `mô tả ${tag}-${i}`, effectiveDate: '2024-06-01' }, { 'if-match': '0' });
        }
      };
      await write(20, 'before');
      await killBroker();
      await write(40, 'while-down'); // the service keeps accepting writes; the relay retries
      await startBroker();
      await write(20, 'after');
      await until(async () => (await client(t.url).get('/health')).body.relay?.lag === 0, 90_000, 'relay to catch up after the broker came back');
      const sent = t.logLength();
      const { delivered, stats, inversions } = await consumeAll(prefix, sent, 90_000);
      const missing = logEventIds(t.dataDir).filter((id) => !delivered.some((e) => e.eventId === id));
      console.log(
        `broker kill: ${sent} events sent, ${stats.received} received, ${stats.duplicates} duplicates dropped, ${missing.length} missing, ${inversions} order inversions`,
      );
      expect(missing).toEqual([]);
      expect(delivered).toHaveLength(sent);
      expect(inversions).toBe(0);
    } finally {
      await t.close();
      removeDir(t.dataDir);
    }
  });

  it('loses nothing when the relay is SIGKILLed several times during 10,000 events; the consumer drops the repeats', async () => {
    const prefix = `t${Date.now()}c.`;
    const dataDir = mkdtempSync(join(tmpdir(), 'ndp-relay-'));
    try {
      // 10,000 valid catalogue events: one ministry, 100 entries × (1 registration + 99 amendments), interleaved.
      const store = new SqliteEventStore({ path: join(dataDir, 'events.db'), synchronous: 'NORMAL' });
      const meta = (effectiveDate: string) => ({
        effectiveDate,
        actor: { sub: 's', name: 'Tải dữ liệu', role: 'mic-admin', ministry: null },
        legalBasis: null,
        reason: null,
        idempotencyKey: null,
        correlationId: 'load',
        causationId: null,
      });
      const ev = (type: string, data: unknown, effectiveDate: string): NewEvent => ({
        eventId: randomUUID(),
        type,
        schemaVersion: 1,
        data,
        metadata: meta(effectiveDate),
      });
      await store.append({
        writes: [
          { streamId: 'ministry-BTC', expectedRevision: 'no-stream', events: [ev('ministry.registered', { code: 'BTC', name: 'Bộ Tài chính' }, '2024-01-01')] },
        ],
      });
      for (let round = 0; round < 100; round++) {
        const writes = Array.from({ length: 100 }, (_, p) => ({
          streamId: `platform-p${p}`,
          expectedRevision: 'any' as const,
          events: [
            round === 0
              ? ev(
                  'platform.registered',
                  {
                    platformId: `p${p}`,
                    code: null,
                    name: `Nền tảng ${p}`,
                    kind: 'platform',
                    ownerMinistry: 'BTC',
                    coMinistries: [],
                    description: null,
                    operator: null,
                    contact: null,
                    url: null,
                    deploymentStatus: 'operational',
                    ndxpStatus: 'not-connected',
                  },
                  '2024-01-02',
                )
              : ev('platform.amended', { platformId: `p${p}`, changes: { description: `lần ${round}` } }, '2024-01-02'),
          ],
        }));
        await store.append({ writes });
      }
      const total = await store.headPosition();
      await store.close();
      expect(total).toBe(10_001);

      const checkpoint = () => {
        try {
          const db = new Database(join(dataDir, 'relay.db'), { readonly: true });
          try {
            return (db.prepare('SELECT position FROM relay_checkpoint').pluck().get() as number | undefined) ?? 0;
          } finally {
            db.close();
          }
        } catch {
          return 0;
        }
      };
      const env = { ...process.env, DATA_DIR: dataDir, KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_PARTITIONS: '3' };
      let kills = 0;
      let relay: ChildProcess | undefined;
      const startRelay = () => (relay = spawn(process.execPath, [RELAY_ENTRY], { env, stdio: 'ignore' }));
      // Kill it each time it has moved on by a few hundred events, until it finishes.
      for (let target = 1500; kills < 4 && checkpoint() < total; target += 2000) {
        startRelay();
        await until(() => checkpoint() >= Math.min(target, total) || relay!.exitCode !== null, 60_000, `relay to pass ${target}`);
        if (checkpoint() >= total) break;
        relay!.kill('SIGKILL');
        await waitForExit(relay!);
        kills++;
      }
      if (!relay || relay.exitCode !== null || relay.signalCode !== null) startRelay();
      await until(() => checkpoint() >= total, 120_000, 'relay to reach the end of the log');
      relay!.kill('SIGTERM');
      await waitForExit(relay!);

      const { delivered, stats, inversions } = await consumeAll(prefix, total, 120_000);
      const ids = new Set(delivered.map((e) => e.eventId));
      const missing = logEventIds(dataDir).filter((id) => !ids.has(id));
      console.log(
        `relay kills: ${kills} SIGKILLs, ${total} events in the log, ${stats.received} messages received, ${stats.duplicates} duplicates dropped by event id, ${missing.length} missing, ${inversions} order inversions`,
      );
      expect(kills).toBeGreaterThanOrEqual(3);
      expect(missing).toEqual([]);
      expect(delivered).toHaveLength(total);
      expect(stats.received).toBe(total + stats.duplicates);
      expect(inversions).toBe(0);
    } finally {
      removeDir(dataDir);
    }
  });

  it('reports a message that does not match the schema as rejected and goes on, and drops a repeat by event id', async () => {
    const prefix = `t${Date.now()}d.`;
    const kafka = new Kafka({ clientId: 'bad-producer', brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: topicName('platform', prefix), numPartitions: 1 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const valid = {
      eventId: 'ok-1',
      type: 'platform.withdrawn',
      schemaVersion: 1,
      position: 7,
      recordedAt: '2024-12-01T03:00:00.000Z',
      effectiveDate: '2024-12-01',
      legalBasis: { documentNumber: '99/QĐ-BTC', issuedOn: '2024-11-20' },
      reason: 'Dừng',
      actor: { name: 'A', role: 'ministry-editor', ministry: 'BTC' },
      correlationId: 'c',
      platform: { id: 'p1', name: 'Ứng dụng quản lý trước bạ nhà đất', ministry: 'BTC' },
      change: {},
    };
    await producer.send({
      topic: topicName('platform', prefix),
      acks: -1,
      messages: [
        { key: 'p1', value: 'this is not json' },
        { key: 'p1', value: JSON.stringify({ hello: 'world' }) },
        { key: 'p1', value: null },
        { key: 'p1', value: JSON.stringify(valid) },
        { key: 'p1', value: JSON.stringify(valid) },
      ],
    });
    await producer.disconnect();
    const delivered: CatalogueEventV1[] = [];
    const rejected: Array<{ offset: string; errors: string[] }> = [];
    const watcher = new CatalogueWatcher(settings(prefix), {
      groupId: `bad-${randomUUID()}`,
      fromBeginning: true,
      topics: ['platform'],
      onChange: (e) => void delivered.push(e),
      onRejected: (r) => void rejected.push(r),
    });
    await watcher.start();
    try {
      await until(() => delivered.length === 1 && watcher.stats.duplicates === 1, 30_000, 'the valid message after the bad ones, and its repeat');
    } finally {
      await watcher.stop();
    }
    console.log(`schema check: ${rejected.length} rejected, ${delivered.length} delivered, ${watcher.stats.duplicates} duplicate dropped`);
    expect(rejected.map((r) => r.offset)).toEqual(['0', '1', '2']);
    expect(rejected[0].errors[0]).toMatch(/not JSON/);
    expect(delivered[0].eventId).toBe('ok-1');
  });
});
