import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { TEST_RATE_LIMITS, TEST_SECRET } from './test-app';

export const SERVER_ENTRY = join(__dirname, '../../dist/apps/api/apps/api/src/main.js');
export const CLI_ENTRY = join(__dirname, '../../dist/apps/api/apps/api/src/cli.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface SpawnedServer {
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** The built service as its own process (`npm test` builds it first), for kill and restart tests. */
export async function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<SpawnedServer> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    // KAFKA_BROKERS and EVENTSTORE_CONNECTION_STRING from CI's environment must not reach a
    // service under test unless the test asks for them.
    env: {
      ...process.env,
      KAFKA_BROKERS: '',
      EVENTSTORE_CONNECTION_STRING: '',
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      JWT_SECRET: TEST_SECRET,
      SEED: 'false',
      ...TEST_RATE_LIMITS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, child, output: () => output };
}

export function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}
