import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const SCRIPTS = join(__dirname, '../../../../scripts/kafka');

/** The real broker of scripts/kafka (downloaded from Maven Central on first use); idempotent. */
export function startBroker(): string {
  return execFileSync(join(SCRIPTS, 'start.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 240_000 }).trim();
}

/** SIGKILL: the crash a fault test needs. */
export function killBroker(): void {
  execFileSync(join(SCRIPTS, 'kill.sh'), { stdio: 'ignore', timeout: 60_000 });
}
