import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ndp/event-store';
import { randomHistory } from '../libs/projections/src/testing/random-history';
import { spawnServer, SpawnedServer, waitForExit } from './support/spawned-server';
import { removeDir } from './support/test-app';

const READ_MODELS = 'read-models.db';

/** A log long enough that rebuilding its read models takes a few seconds. */
async function writeLog(dataDir: string): Promise<number> {
  const events = randomHistory(7, { ministries: 20, platforms: 1000, changes: 7000 });
  const store = new SqliteEventStore({ path: join(dataDir, 'events.db'), synchronous: 'NORMAL' });
  try {
    for (let i = 0; i < events.length; i += 1000) {
      await Promise.all(
        events.slice(i, i + 1000).map((e) =>
          store.append({
            writes: [
              {
                streamId: e.streamId,
                expectedRevision: e.revision === 0 ? 'no-stream' : e.revision - 1,
                events: [{ eventId: `${e.eventId}-${e.position}`, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata }],
              },
            ],
          }),
        ),
      );
    }
  } finally {
    await store.close();
  }
  return events.length;
}

async function stop(server: SpawnedServer): Promise<void> {
  server.child.kill('SIGTERM');
  await waitForExit(server.child);
}

/** Starts the service and follows /ready from its first answer to 200. */
async function startAndWaitReady(
  dataDir: string,
): Promise<{ server: SpawnedServer; firstReady: { status: number; problems: string[] }; readyAfterMs: number }> {
  const server = await spawnServer(dataDir);
  const started = Date.now();
  const r = await fetch(`${server.url}/ready`);
  const firstReady = { status: r.status, problems: ((await r.json()) as { problems: string[] }).problems };
  let status = r.status;
  while (status !== 200 && Date.now() - started < 60000) {
    await new Promise((res) => setTimeout(res, 100));
    status = (await fetch(`${server.url}/ready`)).status;
  }
  if (status !== 200) {
    await stop(server);
    throw new Error(`not ready after 60 s:\n${server.output().slice(-3000)}`);
  }
  return { server, firstReady, readyAfterMs: Date.now() - started };
}

/**
 * read-models.db is disposable: deleted, truncated, garbled or of an older projection version,
 * it is rebuilt from the log when the service starts, with progress in the service's log, and
 * /ready answers 503 until that is done. Each case ends with the same answers as before.
 */
describe('read models that are missing, corrupt or of an older schema', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ndp-readmodels-'));
  let server: SpawnedServer | null = null;
  let events = 0;
  let reference: { catalogue: string; past: string } = { catalogue: '', past: '' };
  const answers = async (url: string) => ({
    catalogue: await (await fetch(`${url}/v1/catalogue?asOf=2024-09-01&status=all`)).text(),
    past: await (await fetch(`${url}/v1/catalogue?asOf=2024-03-01&knownAt=2024-07-01T00:00:00Z&status=all`)).text(),
  });

  beforeAll(async () => {
    events = await writeLog(dataDir);
    const first = await startAndWaitReady(dataDir);
    server = first.server;
    reference = await answers(server.url);
    expect(JSON.parse(reference.catalogue).total).toBeGreaterThan(500);
    await stop(server);
  }, 180000);
  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) await stop(server);
    removeDir(dataDir);
  });

  const file = () => join(dataDir, READ_MODELS);
  const cases: Array<[string, () => void, RegExp]> = [
    ['deleted', () => rmSync(file()), /there is no read-model file: rebuilding the read models from the log/],
    [
      'truncated to half its size',
      () => truncateSync(file(), Math.floor(statSync(file()).size / 2 / 4096) * 4096),
      /the read-model file was unreadable \(.+\); deleted it: rebuilding/,
    ],
    [
      'garbled (64 KiB of random bytes in the middle)',
      () => {
        const fd = openSync(file(), 'r+');
        writeSync(fd, randomBytes(64 * 1024), 0, 64 * 1024, Math.floor(statSync(file()).size / 2 / 4096) * 4096);
        closeSync(fd);
      },
      /the read-model file was unreadable \(.+\); deleted it: rebuilding/,
    ],
    [
      'not a database at all',
      () => {
        const fd = openSync(file(), 'r+');
        writeSync(fd, randomBytes(4096), 0, 4096, 0);
        closeSync(fd);
      },
      /the read-model file was unreadable \(SQLITE_NOTADB: .+\)/,
    ],
    [
      'of an older projection version',
      () => {
        const db = new Database(file());
        db.prepare('UPDATE projection_checkpoints SET version = version - 1').run();
        db.close();
      },
      /projection catalogue-index has schema version \d+, the code has \d+: rebuilding it from the log/,
    ],
  ];

  it.each(cases)('%s: rebuilt from the log at start, /ready 503 until done, same answers', async (_name, damage, said) => {
    expect(existsSync(file())).toBe(true);
    expect(existsSync(`${file()}-wal`)).toBe(false); // a clean stop checkpointed it
    damage();
    const run = await startAndWaitReady(dataDir);
    server = run.server;
    try {
      await check(run, said, _name);
    } finally {
      await stop(server);
    }
  });

  async function check(run: Awaited<ReturnType<typeof startAndWaitReady>>, said: RegExp, name: string): Promise<void> {
    const log = run.server.output();
    expect(log).toMatch(said);
    expect(run.firstReady.status).toBe(503);
    expect(run.firstReady.problems.join('\n')).toMatch(/read models are (being built from the log: position \d+ of \d+|starting)/);
    expect(log).toMatch(new RegExp(`read models at position 0, log at ${events}: applying ${events} events before ready`));
    expect(log).toMatch(new RegExp(`read models caught up with the log at position ${events} in \\d+ ms`));
    console.log(`read models ${name}: ready ${run.readyAfterMs} ms after the first answer (${events} events)`);
    expect(await answers(run.server.url)).toEqual(reference);
  }
});
