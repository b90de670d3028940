import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { mintToken } from '@ndp/auth';
import { runCli } from './support/cli';
import { spawnServer, SpawnedServer, waitForExit } from './support/spawned-server';
import { removeDir, TEST_SECRET } from './support/test-app';

const admin = mintToken({ sub: 'proj:admin', name: 'Admin', role: 'mic-admin' }, { secret: TEST_SECRET });
const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
const platform = (name: string) => JSON.stringify({ name, kind: 'portal', ownerMinistry: 'BTC', deploymentStatus: 'operational', effectiveDate: '2024-05-01' });

async function stop(server: SpawnedServer): Promise<void> {
  server.child.kill('SIGTERM');
  await waitForExit(server.child);
}

/**
 * A read model that refuses an event (here: a trigger planted in read-models.db, as a damaged
 * file or a bug would) must stop the projector at that event, say so once, keep /ready at 503,
 * and answer writes that wait for it with a bounded 503 that says the write was recorded.
 */
describe('a projection that cannot apply an event', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ndp-projfail-'));
  let server: SpawnedServer | null = null;
  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) await stop(server);
    removeDir(dataDir);
  });

  it('stops at the event, is loud once, answers 503 "recorded", and npm run rebuild repairs it', async () => {
    server = await spawnServer(dataDir);
    expect(
      (
        await fetch(`${server.url}/v1/ministries`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ code: 'BTC', name: 'Bộ Tài chính', effectiveDate: '2024-01-01' }),
        })
      ).status,
    ).toBe(201);
    expect((await fetch(`${server.url}/v1/platforms`, { method: 'POST', headers, body: platform('Hệ thống trước sự cố') })).status).toBe(201);
    await stop(server);

    const rm = new Database(join(dataDir, 'read-models.db'));
    rm.exec(`CREATE TRIGGER planted_failure BEFORE INSERT ON log BEGIN SELECT RAISE(ABORT, 'planted: this read model refuses the event'); END`);
    rm.close();

    server = await spawnServer(dataDir);
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    const started = Date.now();
    const w = await fetch(`${server.url}/v1/platforms`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': 'after-failure-1' },
      body: platform('Hệ thống sau sự cố'),
    });
    const ms = Date.now() - started;
    expect(w.status).toBe(503);
    expect(w.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await w.json()) as { type: string; recorded: boolean; position: number; detail: string };
    expect(problem).toMatchObject({ type: 'urn:ndp-catalogue:problem:recorded-not-yet-readable', recorded: true, position: 3 });
    expect(problem.detail).toMatch(/recorded at log position 3/);
    expect(ms).toBeLessThan(6000);

    // Recorded indeed, with its own idempotency key: a repeat gets the same position, not a second event.
    const repeat = await fetch(`${server.url}/v1/platforms`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': 'after-failure-1' },
      body: platform('Hệ thống sau sự cố'),
    });
    expect(repeat.status).toBe(201);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(((await repeat.json()) as { position: number }).position).toBe(3);
    // Once stopped, a write is answered at once.
    const t2 = Date.now();
    const w2 = await fetch(`${server.url}/v1/platforms`, { method: 'POST', headers, body: platform('Hệ thống thứ hai sau sự cố') });
    expect(w2.status).toBe(503);
    expect(((await w2.json()) as { position: number }).position).toBe(4);
    expect(Date.now() - t2).toBeLessThan(1000);

    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(503);
    const readyBody = (await ready.json()) as { ready: boolean; problems: string[] };
    expect(readyBody.ready).toBe(false);
    expect(readyBody.problems.join('\n')).toMatch(/projection stopped at position 3 \(platform\.registered\): planted: this read model refuses the event/);
    const health = (await (await fetch(`${server.url}/health`)).json()) as Record<string, any>;
    expect(health).toMatchObject({ status: 'degraded', logPosition: 4, projectionPosition: 2, projectionLag: 2 });
    expect(health.projection).toMatchObject({
      state: 'stopped',
      failure: { position: 3, eventType: 'platform.registered', code: 'SQLITE_CONSTRAINT_TRIGGER', transient: false },
    });
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/^ndp_projection_stopped 1$/m);
    // Reads still answer, with what was projected before the failure.
    const catalogue = (await (await fetch(`${server.url}/v1/catalogue`)).json()) as { total: number };
    expect(catalogue.total).toBe(1);

    // Logged once, not once per retry.
    await new Promise((r) => setTimeout(r, 1500));
    const stoppedLines = server
      .output()
      .split('\n')
      .filter((l) => l.includes('projection stopped at position'));
    expect(stoppedLines).toHaveLength(1);
    expect(stoppedLines[0]).toMatch(/position 3 \(platform\.registered [0-9a-f-]{36}\)/);

    // The repair: refused while the service runs, done once it is stopped.
    expect((await runCli(dataDir, ['rebuild'])).code).toBe(1);
    await stop(server);
    const rebuilt = await runCli(dataDir, ['rebuild']);
    expect(rebuilt).toMatchObject({ code: 0 });
    expect(rebuilt.stdout).toMatch(/rebuilt read models from 4 events up to position 4/);
    server = await spawnServer(dataDir);
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/^ndp_projection_stopped 0$/m);
    const after = (await (await fetch(`${server.url}/v1/catalogue`)).json()) as { total: number; platforms: Array<{ name: string }> };
    expect(after.platforms.map((p) => p.name).sort()).toEqual(['Hệ thống sau sự cố', 'Hệ thống thứ hai sau sự cố', 'Hệ thống trước sự cố']);
    expect((await fetch(`${server.url}/v1/platforms`, { method: 'POST', headers, body: platform('Hệ thống sau sửa chữa') })).status).toBe(201);
    await stop(server);
  }, 180000);
});
