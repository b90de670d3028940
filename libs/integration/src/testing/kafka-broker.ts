import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const SCRIPTS = join(__dirname, '../../../../scripts/kafka');
const run = promisify(execFile);

/**
 * The real broker of scripts/kafka (downloaded from Maven Central on first use); idempotent.
 * Asynchronous on purpose: tests run the service in the same process, and a blocking call here
 * would freeze its event loop for the seconds a broker takes to start.
 */
export async function startBroker(): Promise<string> {
  const { stdout } = await run(join(SCRIPTS, 'start.sh'), { timeout: 240_000 });
  return stdout.trim();
}

/** SIGKILL: the crash a fault test needs. */
export async function killBroker(): Promise<void> {
  await run(join(SCRIPTS, 'kill.sh'), { timeout: 60_000 });
}
