import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '@ndp/auth';
import { runCli, runServerToExit } from './support/cli';
import { freePort, spawnServer, SpawnedServer, waitForExit } from './support/spawned-server';
import { removeDir, TEST_SECRET } from './support/test-app';

/**
 * One writer per DATA_DIR, between real processes: the lock is the kernel's (SQLite's fcntl
 * lock on DATA_DIR/writer.lock), so it goes with its holder however that ends.
 */
describe('one writer per store', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ndp-lock-'));
  const outDir = mkdtempSync(join(tmpdir(), 'ndp-lock-out-'));
  let server: SpawnedServer | null = null;
  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await waitForExit(server.child);
    }
    removeDir(dataDir);
    removeDir(outDir);
  });

  it('refuses a second service and every writing command while a service runs, naming it; readers run beside it', async () => {
    server = await spawnServer(dataDir);
    const admin = mintToken({ sub: 'lock:admin', name: 'Admin', role: 'mic-admin' }, { secret: TEST_SECRET });
    const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    expect(
      (
        await fetch(`${server.url}/v1/ministries`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ code: 'BTC', name: 'Bộ Tài chính', effectiveDate: '2024-01-01' }),
        })
      ).status,
    ).toBe(201);
    const pid = server.child.pid!;
    const holder = new RegExp(`in use by another writer: PID ${pid} \\(service\\) on .+ since \\d{4}-\\d\\d-\\d\\dT`);

    const second = await runServerToExit(dataDir, await freePort());
    expect(second.code).not.toBe(0);
    expect(second.stderr + second.stdout).toMatch(holder);

    writeFileSync(join(outDir, 'import.csv'), 'name\n');
    for (const args of [
      ['rebuild'],
      ['seed'],
      ['import', join(outDir, 'import.csv')],
      ['migrate', '--to', 'esdb://127.0.0.1:1?tls=false'],
      ['restore', join(outDir, 'none.db'), '--head', `1:${'0'.repeat(64)}`],
    ]) {
      const r = await runCli(dataDir, args);
      expect({ args, code: r.code }).toEqual({ args, code: 1 });
      expect(r.stderr).toMatch(holder);
    }

    // The readers: beside the live service, exit 0.
    expect((await runCli(dataDir, ['verify'])).code).toBe(0);
    expect((await runCli(dataDir, ['export-log', '--out', join(outDir, 'log.jsonl')])).code).toBe(0);
    const exported = await runCli(dataDir, ['export', '--format', 'json', '--out', join(outDir, 'catalogue.json')]);
    expect(exported).toMatchObject({ code: 0 });
    expect(existsSync(join(outDir, 'catalogue.json'))).toBe(true);
    expect((await runCli(dataDir, ['backup', '--out', join(outDir, 'backup.db')])).code).toBe(0);

    // The service is still the one writer and still writes.
    expect(
      (
        await fetch(`${server.url}/v1/platforms`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            name: 'Cổng công khai ngân sách',
            kind: 'portal',
            ownerMinistry: 'BTC',
            deploymentStatus: 'operational',
            effectiveDate: '2024-05-01',
          }),
        })
      ).status,
    ).toBe(201);
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
  }, 180000);

  it('passes to the next writer when the holder is killed with SIGKILL (the stale holder file is overwritten)', async () => {
    const dead = server!.child.pid!;
    server!.child.kill('SIGKILL');
    await waitForExit(server!.child);
    // The holder file still names the dead process: it is informative only.
    expect(JSON.parse(readFileSync(join(dataDir, 'writer.lock.json'), 'utf8')).pid).toBe(dead);
    const rebuilt = await runCli(dataDir, ['rebuild']);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/rebuilt read models from 2 events/);
    // The rebuild released the lock on exit: a service starts and holds it.
    server = await spawnServer(dataDir);
    expect(JSON.parse(readFileSync(join(dataDir, 'writer.lock.json'), 'utf8'))).toMatchObject({ pid: server.child.pid, command: 'service' });
    const again = await runCli(dataDir, ['rebuild']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`PID ${server.child.pid} (service)`);
    server.child.kill('SIGTERM');
    await waitForExit(server.child);
    // A clean stop removes the holder file.
    expect(existsSync(join(dataDir, 'writer.lock.json'))).toBe(false);
    // With no service running, export is the writer: it rebuilds missing read models before it reads.
    rmSync(join(dataDir, 'read-models.db'));
    const exported = await runCli(dataDir, ['export', '--format', 'json', '--as-of', '2024-07-03', '--out', join(outDir, 'alone.json')]);
    expect(exported).toMatchObject({ code: 0 });
    expect(JSON.parse(readFileSync(join(outDir, 'alone.json'), 'utf8')).platforms ?? JSON.parse(readFileSync(join(outDir, 'alone.json'), 'utf8'))).toHaveLength(
      1,
    );
  });
});
