import { execFile, spawn } from 'node:child_process';
import { CLI_ENTRY, SERVER_ENTRY } from './spawned-server';
import { TEST_RATE_LIMITS, TEST_SECRET } from './test-app';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built operator CLI as its own process, on DATA_DIR; never throws on a non-zero exit. */
export function runCli(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI_ENTRY, ...args],
      {
        env: { ...process.env, KAFKA_BROKERS: '', EVENTSTORE_CONNECTION_STRING: '', DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, ...env },
        encoding: 'utf8',
        timeout: 120000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** A second service on the same DATA_DIR, to its exit (it must not get as far as listening). */
export function runServerToExit(dataDir: string, port: number): Promise<CliRun> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      env: {
        ...process.env,
        KAFKA_BROKERS: '',
        EVENTSTORE_CONNECTION_STRING: '',
        DATA_DIR: dataDir,
        PORT: String(port),
        JWT_SECRET: TEST_SECRET,
        SEED: 'false',
        ...TEST_RATE_LIMITS,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}
