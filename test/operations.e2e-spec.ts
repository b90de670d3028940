import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { mintToken } from '@ndp/auth';
import { spawnServer, waitForExit } from './support/spawned-server';
import { client, platformBody, registerMinistries, removeDir, startTestApp, TEST_SECRET, TestApp } from './support/test-app';

describe('operations: metrics, readiness, correlation ids, read-your-write', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await registerMinistries(t, [{ code: 'BTC', name: 'Bộ Tài chính' }]);
  });
  afterAll(async () => {
    await t.close();
    removeDir(t.dataDir);
  });

  it('counts commands by type and outcome and exposes append latency and projection lag', async () => {
    const editor = client(t.url, t.token('ministry-editor', 'BTC'));
    expect((await editor.post('/v1/platforms', platformBody())).status).toBe(201);
    expect((await client(t.url, t.token('mic-admin')).post('/v1/platforms', platformBody({ ownerMinistry: 'BXX' }))).status).toBe(422);
    const text = (await client(t.url).get('/metrics')).text;
    expect(text).toMatch(/ndp_commands_total\{command="register-platform",outcome="ok"\} 1/);
    expect(text).toMatch(/ndp_commands_total\{command="register-platform",outcome="rule"\} 1/);
    expect(text).toMatch(/ndp_commands_total\{command="register-ministry",outcome="ok"\} 1/);
    expect(text).toMatch(/ndp_event_store_append_duration_seconds_count 2/);
    expect(text).toMatch(/ndp_projection_lag_events 0/);
    expect(text).toMatch(/ndp_http_request_duration_seconds_count\{method="POST",route="\/v1\/platforms",status="201"\}/);
  });

  it('is ready when the store answers and projections are current', async () => {
    const r = await client(t.url).get('/ready');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ready: true, store: 'sqlite', projectionLag: 0, problems: [] });
  });

  it('echoes the client correlation id and records it on the events', async () => {
    const editor = client(t.url, t.token('ministry-editor', 'BTC'));
    const r = await editor.post('/v1/platforms', platformBody({ name: 'Hệ thống thông tin thống kê tài chính' }), { 'x-correlation-id': 'so-yeu-12345' });
    expect(r.headers.get('x-correlation-id')).toBe('so-yeu-12345');
    const history = await editor.get(`/v1/platforms/${r.body.id}/history`);
    expect(history.body.versions[0].correlationId).toBe('so-yeu-12345');
    expect((await editor.get('/health')).headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets a client wait for its own write with ?minPosition=', async () => {
    const editor = client(t.url, t.token('ministry-editor', 'BTC'));
    const w = await editor.post('/v1/platforms', platformBody({ name: 'Kho dữ liệu thu chi ngân sách nhà nước' }));
    const r = await editor.get(`/v1/platforms/${w.body.id}?minPosition=${w.body.position}`);
    expect(r.status).toBe(200);
    expect((await editor.get('/v1/catalogue?minPosition=abc')).status).toBe(400);
    const started = Date.now();
    const late = await editor.get(`/v1/catalogue?minPosition=${w.body.position + 1000}`);
    expect(late.status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
  });
});

describe('graceful shutdown and JSON logs of the real process', () => {
  it('finishes the commands in flight when stopped with SIGTERM, and logs one JSON line per request', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ndp-shutdown-'));
    try {
      const server = await spawnServer(dataDir);
      const token = mintToken({ sub: 'ops', name: 'Ops', role: 'mic-admin' }, { secret: TEST_SECRET });
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      expect(
        (
          await fetch(`${server.url}/v1/ministries`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ code: 'BTC', name: 'Bộ Tài chính', effectiveDate: '2024-01-01' }),
          })
        ).status,
      ).toBe(201);
      const inFlight = Array.from({ length: 40 }, (_, i) =>
        fetch(`${server.url}/v1/platforms`, { method: 'POST', headers, body: JSON.stringify(platformBody({ name: `Hệ thống ${i}` })) })
          .then(async (r) => ({ status: r.status, id: r.status === 201 ? ((await r.json()) as { id: string }).id : null }))
          .catch(() => ({ status: 0, id: null })),
      );
      await new Promise((r) => setTimeout(r, 30));
      server.child.kill('SIGTERM');
      const results = await Promise.all(inFlight);
      await waitForExit(server.child);
      expect(server.child.exitCode === 0 || server.child.signalCode === 'SIGTERM').toBe(true);
      const answered = results.filter((r) => r.status !== 0);
      // Whatever was answered succeeded, and is in the log.
      expect(answered.length).toBeGreaterThan(0);
      expect(answered.every((r) => r.status === 201)).toBe(true);
      const db = new Database(join(dataDir, 'events.db'), { readonly: true });
      const names = new Set(
        (db.prepare(`SELECT json_extract(data, '$.platformId') AS id FROM events WHERE type = 'platform.registered'`).all() as Array<{ id: string }>).map(
          (r) => r.id,
        ),
      );
      db.close();
      expect(answered.filter((r) => !names.has(r.id!))).toEqual([]);
      // Nothing was recorded without its caller being answered.
      expect(names.size).toBe(answered.length);
      console.log(
        `graceful shutdown: ${answered.length} of 40 commands were accepted before SIGTERM and all answered 201; ${names.size} in the log; the rest were refused at connect`,
      );
      const lines = server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'));
      const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
      expect(requests.length).toBeGreaterThan(0);
      expect(requests[0]).toMatchObject({
        service: 'ndp-catalogue',
        method: expect.any(String),
        status: expect.any(Number),
        correlationId: expect.any(String),
      });
    } finally {
      removeDir(dataDir);
    }
  });
});
