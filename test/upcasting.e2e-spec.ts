import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ndp/event-store';
import { client, LEGAL, removeDir, startTestApp, TestApp } from './support/test-app';

/**
 * Old events keep reading (issue 13, point 6). The fixture is a log written by the service as it
 * was before `platform.transferred` became version 2 (exported with `npm run export-log`): a
 * merger of BKHDT into BTC on 2025-03-01, its transfer stored as v1 with `mergerOf`. The stored
 * bytes stay as they were — the hash chain covers them — and readers see them upcast to v2.
 */
describe('a log written with version 1 of platform.transferred', () => {
  const FIXTURE = join(__dirname, 'fixtures/log-v1-merger.jsonl');
  const lines = readFileSync(FIXTURE, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  let t: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ndp-v1-'));
    // The store creates its tables; the fixture's rows go in as they were stored, hashes included.
    await new SqliteEventStore({ path: join(dataDir, 'events.db') }).close();
    const db = new Database(join(dataDir, 'events.db'));
    const insert = db.prepare(
      `INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, recorded_at, data, metadata, prev_hash, hash)
       VALUES (@position, @eventId, @streamId, @revision, @type, @schemaVersion, @recordedAt, @data, @metadata, @prevHash, @hash)`,
    );
    db.transaction(() => {
      for (const e of lines) insert.run({ ...e, data: JSON.stringify(e.data), metadata: JSON.stringify(e.metadata) });
    })();
    db.close();
    t = await startTestApp({ dataDir, now: () => new Date('2026-11-30T03:00:00Z') });
  });
  afterAll(async () => {
    await t.close();
    removeDir(dataDir);
  });

  it('is stored as version 1 and verifies against the head it was exported with', async () => {
    const transfer = lines.find((e) => e.type === 'platform.transferred');
    expect(transfer).toMatchObject({ schemaVersion: 1, data: { mergerOf: 'BKHDT' } });
    const auditor = client(t.url, t.token('auditor'));
    const verify = (await auditor.get('/v1/audit/verify')).body;
    expect(verify).toMatchObject({ ok: true, head: { position: lines.length, hash: lines.at(-1).hash } });
  });

  it('reads correctly: the merger moved the entry, and the history shows the transfer', async () => {
    const admin = client(t.url, t.token('mic-admin'));
    const tender = lines.find((e) => e.type === 'platform.registered' && e.data.ownerMinistry === 'BKHDT').data.platformId;
    expect((await admin.get(`/v1/platforms/${tender}?asOf=2025-02-28`)).body.ownerMinistry).toBe('BKHDT');
    expect((await admin.get(`/v1/platforms/${tender}?asOf=2025-03-01`)).body.ownerMinistry).toBe('BTC');
    const versions = (await admin.get(`/v1/platforms/${tender}/history`)).body.versions;
    expect(versions.map((v: { type: string }) => v.type)).toEqual(['platform.registered', 'platform.transferred']);
  });

  it("decides on the upcast shape: the merger makes BTC answer for BKHDT's period (I2)", async () => {
    const tender = lines.find((e) => e.type === 'platform.registered' && e.data.ownerMinistry === 'BKHDT').data.platformId;
    // Read as v1, the transfer would be an ordinary one and BTC could not touch 2024; as v2 it is the merger's.
    const btc = client(t.url, t.token('ministry-editor', 'BTC'));
    const r = await btc.post(`/v1/platforms/${tender}/corrections`, {
      name: 'Hệ thống mạng đấu thầu quốc gia (đính chính)',
      effectiveFrom: '2024-05-01',
      reason: 'Đính chính',
      legalBasis: LEGAL,
    });
    expect(r.status).toBe(201);
    expect((await btc.get(`/v1/platforms/${tender}?asOf=2024-06-01`)).body.name).toBe('Hệ thống mạng đấu thầu quốc gia (đính chính)');
    // The old bytes are untouched: the chain still verifies, now with one more event.
    expect((await client(t.url, t.token('auditor')).get('/v1/audit/verify')).body).toMatchObject({ ok: true });
  });
});
