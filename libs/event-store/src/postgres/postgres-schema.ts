import type { ClientBase } from 'pg';

/**
 * The PostgreSQL event store's schema, as numbered migrations. `migrate` applies the ones a
 * database has not seen yet, each in its own transaction under a transaction-level advisory
 * lock, so replicas starting at the same moment apply each migration exactly once; a database
 * that is up to date is left untouched (idempotent). A migration is never edited once
 * released: a change is a new, higher version.
 */
export interface Migration {
  version: number;
  name: string;
  sql: (schema: string) => string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events and idempotency keys',
    sql: (s) => `
      CREATE TABLE ${s}.events (
        position       bigint  PRIMARY KEY,
        event_id       text    NOT NULL UNIQUE,
        stream_id      text    NOT NULL,
        revision       integer NOT NULL,
        type           text    NOT NULL,
        schema_version integer NOT NULL,
        -- ISO 8601 UTC with milliseconds, exactly as hashed (integrity/event-hash.ts).
        recorded_at    text    NOT NULL,
        -- json (not jsonb): the text is kept as written, so it hashes the same when read back.
        data           json    NOT NULL,
        metadata       json    NOT NULL,
        prev_hash      text    NOT NULL,
        hash           text    NOT NULL,
        UNIQUE (stream_id, revision)
      );
      CREATE TABLE ${s}.idempotency (
        -- The key as a JSON string (keys may hold NUL, which text cannot).
        key          text PRIMARY KEY,
        request_hash text NOT NULL,
        outcome      json NOT NULL
      );`,
  },
  {
    version: 2,
    name: 'relay checkpoint and labels, shared by the replicas',
    sql: (s) => `
      CREATE TABLE ${s}.relay_checkpoint (name text PRIMARY KEY, position bigint NOT NULL);
      CREATE TABLE ${s}.relay_labels (name text NOT NULL, stream_id text NOT NULL, label json NOT NULL, PRIMARY KEY (name, stream_id));`,
  },
];

/** A quoted SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Advisory-lock keys (one 64-bit key space per database): derived from the schema name. */
export function lockKey(schema: string, purpose: string): string {
  // FNV-1a 64-bit, as a signed bigint literal: stable across processes and versions.
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(`ndp-catalogue/${purpose}/${schema}`, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return BigInt.asIntN(64, h).toString();
}

export async function migrate(client: ClientBase, schema: string): Promise<number[]> {
  const s = ident(schema);
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [lockKey(schema, 'migrate')]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = await client.query(`SELECT 1 FROM ${s}.schema_migrations WHERE version = $1`, [m.version]);
      if (done.rowCount === 0) {
        await client.query(m.sql(s));
        await client.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
        applied.push(m.version);
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }
  return applied;
}
