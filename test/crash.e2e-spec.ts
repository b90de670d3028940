import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { mintToken } from '@ndp/auth';
import { verifySqliteFile } from '@ndp/event-store';
import { spawnServer, waitForExit } from './support/spawned-server';
import { removeDir, TEST_SECRET } from './support/test-app';

// `npm run test:long` (LONG_RUN=1) runs many more cycles; CRASH_CYCLES sets the number directly.
const CYCLES = Number(process.env.CRASH_CYCLES ?? (process.env.LONG_RUN === '1' ? 40 : 4));
const WRITERS = 8;

/**
 * SIGKILL the real server process while writers are streaming commands at it. Every write that
 * was answered 2xx must be in the log after a restart, the SQLite file must be intact, and the
 * projections must catch up with the log.
 */
describe('crash safety: SIGKILL in the middle of a stream of writes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ndp-crash-'));
  const admin = mintToken({ sub: 'crash:admin', name: 'Admin', role: 'mic-admin' }, { secret: TEST_SECRET });
  afterAll(() => removeDir(dataDir));

  it(`keeps every acknowledged write over ${CYCLES} kill/restart cycles`, async () => {
    const acknowledged = new Map<string, string>(); // idempotency key → platform id
    let attempted = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const server = await spawnServer(dataDir);
      const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
      if (cycle === 0) {
        const r = await fetch(`${server.url}/v1/ministries`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ code: 'BTC', name: 'Bộ Tài chính', effectiveDate: '2024-01-01' }),
        });
        expect(r.status).toBe(201);
      }
      let stop = false;
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const key = `c${cycle}-w${w}-${i}`;
          attempted++;
          try {
            const r = await fetch(`${server.url}/v1/platforms`, {
              method: 'POST',
              headers: { ...headers, 'idempotency-key': key },
              body: JSON.stringify({
                name: `Hệ thống ${key}`,
                kind: 'information-system',
                ownerMinistry: 'BTC',
                deploymentStatus: 'operational',
                effectiveDate: '2024-07-03',
              }),
            });
            if (r.status === 201) acknowledged.set(key, ((await r.json()) as { id: string }).id);
          } catch {
            return; // the server is gone
          }
        }
      };
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
      await new Promise((r) => setTimeout(r, 600 + cycle * 150));
      server.child.kill('SIGKILL');
      stop = true;
      await waitForExit(server.child);
      await Promise.all(writers);
    }

    // The log file after the last kill, read directly: intact and holding every acknowledged write.
    const db = new Database(join(dataDir, 'events.db'));
    const integrity = db.pragma('integrity_check', { simple: true });
    expect(integrity).toBe('ok');
    const names = new Set(
      (db.prepare(`SELECT json_extract(data, '$.name') AS n FROM events WHERE type = 'platform.registered'`).all() as Array<{ n: string }>).map((r) => r.n),
    );
    const keys = db.prepare('SELECT COUNT(*) AS n FROM idempotency').get() as { n: number };
    const duplicates = db.prepare(`SELECT COUNT(*) AS n FROM (SELECT json_extract(data, '$.name') AS n FROM events GROUP BY n HAVING COUNT(*) > 1)`).get() as {
      n: number;
    };
    db.close();
    const missing = [...acknowledged.keys()].filter((k) => !names.has(`Hệ thống ${k}`));
    // The hash chain survived every kill: each commit wrote its links with its events, or nothing.
    const chain = verifySqliteFile(join(dataDir, 'events.db'));
    console.log(
      `crash test: ${CYCLES} SIGKILL cycles, ${attempted} writes attempted, ${acknowledged.size} acknowledged, ${names.size} in the log, ` +
        `${missing.length} acknowledged but missing, ${duplicates.n} duplicates, ${keys.n} idempotency keys, integrity_check ${integrity}, ` +
        `hash chain ${chain.ok ? `ok over ${chain.checked} events` : `BROKEN at ${chain.firstBadPosition}: ${chain.reason}`}`,
    );
    expect(chain).toMatchObject({ ok: true });
    expect(acknowledged.size).toBeGreaterThan(50);
    expect(missing).toEqual([]);
    expect(duplicates.n).toBe(0);

    // Restart: the projections catch up and serve every acknowledged entry.
    const server = await spawnServer(dataDir);
    try {
      let health: { logPosition: number; projectionLag: number } = { logPosition: -1, projectionLag: -1 };
      for (let i = 0; i < 1200; i++) {
        health = (await (await fetch(`${server.url}/health`)).json()) as typeof health;
        if (health.projectionLag === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(health.projectionLag).toBe(0);
      const catalogue = (await (await fetch(`${server.url}/v1/catalogue?asOf=2024-07-03`)).json()) as { total: number; platforms: Array<{ id: string }> };
      expect(catalogue.total).toBe(names.size);
      const ids = new Set(catalogue.platforms.map((p) => p.id));
      expect([...acknowledged.values()].filter((id) => !ids.has(id))).toEqual([]);
    } finally {
      server.child.kill('SIGTERM');
      await waitForExit(server.child);
    }
  });
});
