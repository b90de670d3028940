import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { mintToken } from '@ndp/auth';
import { runCli } from './support/cli';
import { spawnServer, SpawnedServer, waitForExit } from './support/spawned-server';
import { removeDir, TEST_SECRET } from './support/test-app';

const admin = mintToken({ sub: 'backup:admin', name: 'Admin', role: 'mic-admin' }, { secret: TEST_SECRET });
const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };

function rows(file: string, upTo: number): unknown[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT * FROM events WHERE position <= ? ORDER BY position').all(upTo);
  } finally {
    db.close();
  }
}

async function stop(server: SpawnedServer): Promise<void> {
  server.child.kill('SIGTERM');
  await waitForExit(server.child);
}

/** SQLite's online backup of a service under write load, restored into an empty DATA_DIR. */
describe('backup while the service writes, restore into an empty DATA_DIR', () => {
  const source = mkdtempSync(join(tmpdir(), 'ndp-backup-src-'));
  const target = mkdtempSync(join(tmpdir(), 'ndp-backup-dst-'));
  const other = mkdtempSync(join(tmpdir(), 'ndp-backup-other-'));
  const out = mkdtempSync(join(tmpdir(), 'ndp-backup-out-'));
  const servers: SpawnedServer[] = [];
  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) await stop(s);
    for (const d of [source, target, other, out]) removeDir(d);
  });

  it('gives the same head hash and the same catalogue, byte for byte; refuses a DATA_DIR with a log and a file that does not verify', async () => {
    const live = await spawnServer(source, { SEED: 'true' });
    servers.push(live);
    let stopWriting = false;
    let written = 0;
    const writer = async (w: number) => {
      for (let i = 0; !stopWriting; i++) {
        const r = await fetch(`${live.url}/v1/platforms`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            name: `Hệ thống sao lưu ${w}-${i}`,
            kind: 'information-system',
            ownerMinistry: 'BTC',
            deploymentStatus: 'pilot',
            effectiveDate: '2024-07-03',
          }),
        });
        expect(r.status).toBe(201);
        written++;
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await new Promise((r) => setTimeout(r, 800));
    const file = join(out, 'catalogue-backup.db');
    const before = written;
    const backup = await runCli(source, ['backup', '--out', file]);
    const during = written - before;
    await new Promise((r) => setTimeout(r, 500));
    stopWriting = true;
    await Promise.all(writers);
    expect(backup).toMatchObject({ code: 0 });
    const head = JSON.parse(readFileSync(`${file}.head.json`, 'utf8')) as { position: number; hash: string; recordedAt: string; events: number };
    expect(JSON.parse(backup.stdout)).toMatchObject({ position: head.position, hash: head.hash });
    expect(backup.stderr).toContain(`head ${head.position}:${head.hash}`);
    // Taken while the writers ran: some writes were answered during the backup, more after it.
    const liveHead = ((await (await fetch(`${live.url}/health`)).json()) as { logPosition: number }).logPosition;
    console.log(`backup under load: ${head.events} events in the backup, ${during} writes answered while it ran, log at ${liveHead} when the writers stopped`);
    expect(head.position).toBeGreaterThan(61);
    expect(liveHead).toBeGreaterThan(head.position);
    expect(existsSync(`${file}-wal`)).toBe(false);

    const restored = await runCli(target, ['restore', file]);
    expect(restored).toMatchObject({ code: 0 });
    expect(JSON.parse(restored.stdout)).toMatchObject({ position: head.position, hash: head.hash, events: head.position });
    expect(restored.stderr).toContain(`head ${head.position}:${head.hash}`);
    // The restored log is the source's first head.position events, row for row (hashes included).
    expect(rows(join(target, 'events.db'), head.position)).toEqual(rows(join(source, 'events.db'), head.position));
    expect((await runCli(target, ['verify', '--head', `${head.position}:${head.hash}`])).code).toBe(0);

    // The catalogue as known at the backup's head: the same bytes from both services.
    const copy = await spawnServer(target);
    servers.push(copy);
    expect((await fetch(`${copy.url}/ready`)).status).toBe(200);
    for (const query of [`asOf=2024-07-03&knownAt=${head.recordedAt}`, `asOf=2025-01-01&knownAt=${head.recordedAt}&status=all`]) {
      const a = await (await fetch(`${live.url}/v1/catalogue?${query}`)).text();
      const b = await (await fetch(`${copy.url}/v1/catalogue?${query}`)).text();
      expect(b).toBe(a);
      expect(JSON.parse(a).total).toBeGreaterThan(44);
    }
    const exportLive = await (await fetch(`${live.url}/v1/catalogue/export?format=csv&asOf=2024-07-03&knownAt=${head.recordedAt}`)).text();
    const exportCopy = await (await fetch(`${copy.url}/v1/catalogue/export?format=csv&asOf=2024-07-03&knownAt=${head.recordedAt}`)).text();
    expect(exportCopy).toBe(exportLive);
    await stop(copy);

    // A DATA_DIR that holds a log is refused, and left as it was.
    const again = await runCli(target, ['restore', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/holds a log \(\d+ events, head \d+:[0-9a-f]{64}\); restore only into an empty DATA_DIR/);
    expect(rows(join(target, 'events.db'), 1e9)).toHaveLength(head.position);

    // A backup altered after it was taken does not restore.
    const altered = join(out, 'altered.db');
    copyFileSync(file, altered);
    copyFileSync(`${file}.head.json`, `${altered}.head.json`);
    const db = new Database(altered);
    db.prepare(`UPDATE events SET data = json_set(data, '$.name', 'Đã sửa') WHERE position = 70`).run();
    db.close();
    const refused = await runCli(other, ['restore', altered]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the backup does not verify: position 70/);
    expect(existsSync(join(other, 'events.db'))).toBe(false);
    await stop(live);
  }, 180000);
});
