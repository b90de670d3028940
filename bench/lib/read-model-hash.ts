import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { CATALOGUE_INDEX_TABLES } from '@ndp/projections';

export interface ReadModelDigest {
  /** sha256 over every row of every read-model table, in primary-key order. */
  sha256: string;
  rows: Record<string, number>;
}

/** A digest of the read-model tables, comparable between a rebuild and a live projection of the same log. */
export function hashReadModels(path: string): ReadModelDigest {
  const db = new Database(path, { readonly: true });
  try {
    const hash = createHash('sha256');
    const rows: Record<string, number> = {};
    for (const table of [...CATALOGUE_INDEX_TABLES, 'projection_checkpoints']) {
      let n = 0;
      hash.update(`\u0000table ${table}\n`);
      for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY 1`).raw().iterate() as IterableIterator<unknown[]>) {
        hash.update(JSON.stringify(row));
        hash.update('\n');
        n++;
      }
      rows[table] = n;
    }
    return { sha256: hash.digest('hex'), rows };
  } finally {
    db.close();
  }
}
