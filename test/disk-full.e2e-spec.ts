import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { mintToken } from '@ndp/auth';
import { verifySqliteFile } from '@ndp/event-store';
import { spawnServer, SpawnedServer, waitForExit } from './support/spawned-server';
import { removeDir, TEST_SECRET } from './support/test-app';

const admin = mintToken({ sub: 'disk:admin', name: 'Admin', role: 'mic-admin' }, { secret: TEST_SECRET });
const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };

/** Fills the filesystem at `dir` with one file until `leave` bytes are left. */
function fill(file: string, dir: string, leave: number): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  try {
    for (;;) {
      const s = statfsSync(dir);
      const free = s.bavail * s.bsize;
      if (free <= leave) break;
      writeSync(fd, chunk, 0, Math.min(chunk.length, free - leave));
    }
  } finally {
    closeSync(fd);
  }
}

/** A registration with a long description (so that a few hundred fill what is left). */
async function spawnedPost(url: string) {
  return (key: string) =>
    fetch(`${url}/v1/platforms`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': key },
      body: JSON.stringify({
        name: `Hệ thống ${key}`,
        description: `Mô tả ${key} `.repeat(150),
        kind: 'information-system',
        ownerMinistry: 'BTC',
        deploymentStatus: 'operational',
        effectiveDate: '2024-07-03',
      }),
    });
}

type Outcome = { key: string; name: string; status: number; body: { type?: string; recorded?: boolean; position?: number } };

/**
 * The store on a real 8 MB filesystem mounted by the test (tmpfs; CI runs as root), filled
 * until appends fail. The service must answer 507/503 problem+json (never 500), acknowledge
 * nothing it did not store, keep serving reads, and take writes again once space is freed.
 */
describe('a full disk', () => {
  const mount = mkdtempSync(join(tmpdir(), 'ndp-tmpfs-'));
  const dataDir = join(mount, 'data');
  const filler = join(mount, 'filler');
  let server: SpawnedServer | null = null;
  beforeAll(() => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mount]);
    mkdirSync(dataDir);
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await waitForExit(server.child);
    }
    execFileSync('umount', ['-l', mount]);
    removeDir(mount);
  });

  it('answers 507 without storing, serves reads, recovers without a restart, and loses no acknowledged write', async () => {
    server = await spawnServer(dataDir);
    const url = server.url;
    expect(
      (
        await fetch(`${url}/v1/ministries`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ code: 'BTC', name: 'Bộ Tài chính', effectiveDate: '2024-01-01' }),
        })
      ).status,
    ).toBe(201);
    const outcomes: Outcome[] = [];
    let n = 0;
    const write = async (): Promise<Outcome> => {
      const key = `disk-${n++}`;
      // Long descriptions so that a few hundred writes fill what is left.
      const name = `Hệ thống ${key}`;
      const r = await fetch(`${url}/v1/platforms`, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': key },
        body: JSON.stringify({
          name,
          description: `Mô tả ${key} `.repeat(150),
          kind: 'information-system',
          ownerMinistry: 'BTC',
          deploymentStatus: 'operational',
          effectiveDate: '2024-07-03',
        }),
      });
      if (r.status !== 201) expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const o = { key, name, status: r.status, body: (await r.json()) as Outcome['body'] };
      outcomes.push(o);
      return o;
    };
    for (let i = 0; i < 5; i++) expect((await write()).status).toBe(201);

    fill(filler, mount, 400 * 1024);
    // Four writers until 40 writes in a row have been refused for lack of space.
    let refusedInARow = 0;
    let reads = 0;
    const started = Date.now();
    const writer = async () => {
      while (refusedInARow < 40 && Date.now() - started < 60000) {
        const o = await write();
        refusedInARow = o.status === 507 || o.body.type?.endsWith('storage-unavailable') ? refusedInARow + 1 : 0;
      }
    };
    await Promise.all([writer(), writer(), writer(), writer()]);
    const full = outcomes.filter((o) => o.status === 507);
    expect(full.length).toBeGreaterThanOrEqual(40);
    expect(full[0].body).toMatchObject({ type: 'urn:ndp-catalogue:problem:storage-full', recorded: false });

    // Still up: reads answer from the read models, health and metrics too.
    const catalogue = await fetch(`${url}/v1/catalogue?asOf=2024-07-03`);
    expect(catalogue.status).toBe(200);
    const seen = ((await catalogue.json()) as { total: number }).total;
    expect(seen).toBeGreaterThanOrEqual(5);
    reads++;
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(
      (await fetch(`${url}/v1/platforms/${((await (await fetch(`${url}/v1/catalogue`)).json()) as { platforms: Array<{ id: string }> }).platforms[0].id}`))
        .status,
    ).toBe(200);
    reads++;

    // Space returns: writes are accepted again by the same process.
    rmSync(filler);
    const freedAt = Date.now();
    let recovered: Outcome | null = null;
    while (!recovered && Date.now() - freedAt < 20000) {
      const o = await write();
      if (o.status === 201) recovered = o;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(recovered).not.toBeNull();
    const recoveryMs = Date.now() - freedAt;
    for (let i = 0; i < 10; i++) expect((await write()).status).toBe(201);
    let ready = 0;
    for (let i = 0; i < 100 && ready !== 200; i++) {
      ready = (await fetch(`${url}/ready`)).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready).toBe(200);
    const pid = server.child.pid;

    const statuses = outcomes.reduce<Record<number, number>>((m, o) => ({ ...m, [o.status]: (m[o.status] ?? 0) + 1 }), {});
    expect(outcomes.filter((o) => o.status === 500)).toEqual([]);
    expect(
      Object.keys(statuses)
        .map(Number)
        .every((s) => [201, 503, 507].includes(s)),
    ).toBe(true);
    server.child.kill('SIGTERM');
    await waitForExit(server.child);
    expect(server.child.pid).toBe(pid);

    // The log, read directly: every acknowledged write is there, nothing refused is.
    const db = new Database(join(dataDir, 'events.db'), { readonly: true });
    const names = new Set(
      (db.prepare(`SELECT json_extract(data, '$.name') AS n FROM events WHERE type = 'platform.registered'`).all() as Array<{ n: string }>).map((r) => r.n),
    );
    const integrity = db.pragma('integrity_check', { simple: true });
    db.close();
    const acknowledged = outcomes.filter((o) => o.status === 201 || o.body.recorded === true);
    const refused = outcomes.filter((o) => o.body.recorded === false);
    const lost = acknowledged.filter((o) => !names.has(o.name));
    const storedThoughRefused = refused.filter((o) => names.has(o.name));
    const chain = verifySqliteFile(join(dataDir, 'events.db'));
    console.log(
      `disk full on an 8 MB tmpfs: ${outcomes.length} writes, answers ${JSON.stringify(statuses)}, ${acknowledged.length} acknowledged ` +
        `(${outcomes.filter((o) => o.body.recorded === true).length} as 503 recorded), ${lost.length} lost, ${storedThoughRefused.length} refused but stored, ` +
        `${reads} reads answered while full, writes accepted again ${recoveryMs} ms after space was freed; integrity_check ${integrity}; chain ${chain.ok ? 'ok' : chain.reason}`,
    );
    expect(lost).toEqual([]);
    expect(storedThoughRefused).toEqual([]);
    expect(integrity).toBe('ok');
    expect(chain.ok).toBe(true);
    expect(names.size).toBe(acknowledged.length);
  }, 180000);

  it('comes back up after kill -9 while the disk is still full: reads answer, writes 507, then 201 once space returns', async () => {
    server = await spawnServer(dataDir);
    const post = await spawnedPost(server.url);
    expect((await post('again-0')).status).toBe(201);
    fill(filler, mount, 64 * 1024);
    let status = 0;
    for (let i = 1; i < 200 && status !== 507; i++) status = (await post(`again-${i}`)).status;
    expect(status).toBe(507);
    server.child.kill('SIGKILL');
    await waitForExit(server.child);

    // Restarted on the full disk: the lock needs no space, the log opens, reads answer.
    server = await spawnServer(dataDir);
    expect((await fetch(`${server.url}/v1/catalogue?asOf=2024-07-03`)).status).toBe(200);
    const again = await spawnedPost(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 50 && !statuses.includes(507); i++) statuses.push((await again(`while-full-after-restart-${i}`)).status);
    expect(statuses).toContain(507);
    expect(statuses.every((s) => s === 201 || s === 503 || s === 507)).toBe(true);
    rmSync(filler);
    let ok = 0;
    for (let i = 0; i < 100 && ok !== 201; i++) {
      ok = (
        await fetch(`${server.url}/v1/platforms`, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': `after-restart-${i}` },
          body: JSON.stringify({
            name: `Hệ thống sau khởi động ${i}`,
            kind: 'information-system',
            ownerMinistry: 'BTC',
            deploymentStatus: 'operational',
            effectiveDate: '2024-07-03',
          }),
        })
      ).status;
      if (ok !== 201) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ok).toBe(201);
    let ready = 0;
    for (let i = 0; i < 100 && ready !== 200; i++) {
      ready = (await fetch(`${server.url}/ready`)).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready).toBe(200);
    server.child.kill('SIGTERM');
    await waitForExit(server.child);
    expect(verifySqliteFile(join(dataDir, 'events.db')).ok).toBe(true);
  }, 180000);
});
