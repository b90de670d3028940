import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { StoredEvent } from '../event-store.port';
import { ChainLink, ChainVerification, ChainVerifier, VerifyOptions } from './event-hash';

/**
 * The export format: JSON Lines, one stored event per line in log order, each with its
 * `prevHash` and `hash`, UTF-8, '\n' after every line. Member order is fixed for
 * readability only; hashes are over the canonical form, so any JSON tool may re-serialise.
 */
export const EXPORT_MEDIA_TYPE = 'application/x-ndjson';

export function exportLine(e: StoredEvent | ChainLink): string {
  return (
    JSON.stringify({
      position: e.position,
      eventId: e.eventId,
      streamId: e.streamId,
      revision: e.revision,
      type: e.type,
      schemaVersion: e.schemaVersion,
      recordedAt: e.recordedAt,
      data: e.data,
      metadata: e.metadata,
      prevHash: e.prevHash,
      hash: e.hash,
    }) + '\n'
  );
}

export interface FileVerification extends ChainVerification {
  lines: number;
}

/**
 * Verifies an exported log offline: no database, no service, only the file (and the heads the
 * auditor trusts). A file that starts after position 1 is checked from `options.from`, the
 * head just before its first line.
 */
export async function verifyLogFile(path: string, options: VerifyOptions = {}): Promise<FileVerification> {
  const verifier = new ChainVerifier(options);
  let lines = 0;
  const input = createReadStream(path, { encoding: 'utf8' });
  const reader = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of reader) {
      lines++;
      if (line.trim() === '') {
        verifier.fail(verifier.expectedPosition, `line ${lines} is empty`);
        break;
      }
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        verifier.fail(verifier.expectedPosition, `line ${lines} is not JSON`);
        break;
      }
      if (!verifier.push(value)) break;
    }
  } catch (e) {
    verifier.fail(verifier.expectedPosition, `the file cannot be read: ${(e as Error).message}`);
  } finally {
    reader.close();
    input.destroy();
  }
  return { ...verifier.result(), lines };
}
