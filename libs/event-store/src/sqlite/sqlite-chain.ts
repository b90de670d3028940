import Database from 'better-sqlite3';
import { ChainLink, ChainVerification, ChainVerifier, VerifyOptions } from '../integrity/event-hash';
import { EventRow, storedEventFromRow } from '../event-row';

/**
 * Reads an events.db file as it is on disk, read-only, in one scan (one consistent snapshot,
 * also while the service is writing to it). For tools: the CLI's verify and export, the
 * tampering tests. A row that cannot be decoded is handed on as it is, so that the chain
 * check, not this reader, says where the log stops being the recorded one.
 */
export function* readSqliteLog(path: string): Generator<ChainLink | { position: unknown; undecodable: string }> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT * FROM events ORDER BY position').iterate() as IterableIterator<Record<string, unknown>>;
    for (const row of rows) {
      let event: ChainLink;
      try {
        event = storedEventFromRow(row as unknown as EventRow) as ChainLink;
      } catch {
        yield { position: row.position, undecodable: 'data or metadata is not JSON' };
        return;
      }
      yield event;
    }
  } finally {
    db.close();
  }
}

/** Verifies an events.db file; a file SQLite cannot read fails at the first position it could not read. */
export function verifySqliteFile(path: string, options: VerifyOptions = {}): ChainVerification {
  const verifier = new ChainVerifier(options);
  try {
    for (const link of readSqliteLog(path)) {
      if ('undecodable' in link) {
        verifier.fail(verifier.expectedPosition, link.undecodable);
        break;
      }
      if (!verifier.push(link)) break;
    }
  } catch (e) {
    verifier.fail(verifier.expectedPosition, `the database cannot be read: ${(e as Error).message}`);
  }
  return verifier.result();
}
