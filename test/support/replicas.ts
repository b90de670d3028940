import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { spawnServer, SpawnedServer, waitForExit } from './spawned-server';
import { removeDir } from './test-app';

export interface Replica extends SpawnedServer {
  dataDir: string;
}

/**
 * Service replicas as separate processes on one PostgreSQL log, each with its own DATA_DIR
 * (read models, keys); `npm test` builds the service first. The JWT secret and signing key
 * come from the shared test secret, so a token works on every replica.
 */
export async function startReplicas(count: number, databaseUrl: string, env: Record<string, string> = {}): Promise<Replica[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startReplica(databaseUrl, env)));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    // Leave nothing running or on disk behind a failed start.
    await stopReplicas(started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])));
    throw failed.reason;
  }
  return started.map((s) => (s as PromiseFulfilledResult<Replica>).value);
}

export async function startReplica(databaseUrl: string, env: Record<string, string> = {}, dataDir?: string): Promise<Replica> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'ndp-replica-'));
  try {
    const server = await spawnServer(dir, { DATABASE_URL: databaseUrl, ...env });
    return { ...server, dataDir: dir };
  } catch (e) {
    if (!dataDir) removeDir(dir);
    throw e;
  }
}

export async function stopReplicas(replicas: Replica[], options: { keepData?: boolean } = {}): Promise<void> {
  await Promise.all(
    replicas.map(async (r) => {
      if (r.child.exitCode === null && r.child.signalCode === null) {
        r.child.kill('SIGTERM');
        await waitForExit(r.child);
      }
      if (!options.keepData) removeDir(r.dataDir);
    }),
  );
}

/** A query on the shared database, independent of every replica. */
export async function sql<T extends Record<string, unknown>>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
