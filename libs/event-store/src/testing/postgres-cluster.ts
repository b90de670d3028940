import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const SCRIPTS = join(__dirname, '../../../../scripts/postgres');
const run = promisify(execFile);

/**
 * A real PostgreSQL server for a test file. Under `.ci/run` the cluster it started is named by
 * DATABASE_URL_TEST and shared by every test file; otherwise (a developer running one file with
 * `npx jest …`) the file starts its own private cluster with scripts/postgres/start.sh and
 * stops and removes it afterwards. Either way a test works in its own schema or database.
 * Call at the top level of a test file (registers beforeAll/afterAll).
 */
export function usePostgres(): { url: () => string; newSchema: () => string; newDatabase: () => Promise<string> } {
  let url = process.env.DATABASE_URL_TEST ?? '';
  let ownDir: string | null = null;
  const schemas: string[] = [];
  beforeAll(async () => {
    if (url) return;
    // Directly in the temp directory: the postgres user must be able to reach it.
    ownDir = join(tmpdir(), `ndp-pgtest-${randomBytes(6).toString('hex')}`);
    const { stdout } = await run(join(SCRIPTS, 'start.sh'), { env: { ...process.env, PG_DIR: ownDir }, timeout: 120_000 });
    url = stdout.trim();
  }, 180_000);
  afterAll(async () => {
    if (ownDir) {
      await run(join(SCRIPTS, 'stop.sh'), { env: { ...process.env, PG_DIR: ownDir }, timeout: 60_000 });
      return;
    }
    // A shared cluster: leave it as found.
    if (schemas.length === 0) return;
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    } finally {
      await client.end();
    }
  }, 60_000);
  return {
    url: () => url,
    newSchema() {
      const s = `t_${randomBytes(6).toString('hex')}`;
      schemas.push(s);
      return s;
    },
    /** A fresh database on the same server (for services, which use the default schema). */
    async newDatabase() {
      const name = `t_${randomBytes(6).toString('hex')}`;
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    },
  };
}
