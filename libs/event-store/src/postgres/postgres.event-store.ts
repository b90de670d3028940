import { Client, Pool, PoolClient, types as pgTypes } from 'pg';
import { AppendNotifier } from '../append-notifier';
import {
  AppendedStream,
  AppendRequest,
  AppendResult,
  DuplicateEventIdError,
  EventBatchHandler,
  EventStore,
  IdempotencyKeyReusedError,
  IdempotencyRecord,
  nextRecordedTime,
  revisionMatches,
  ReadStreamOptions,
  RebuildEvent,
  StoredEvent,
  Subscription,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { eventHash, GENESIS_HASH } from '../integrity/event-hash';
import { catchUpSubscription } from '../subscription';
import { ident, lockKey, migrate } from './postgres-schema';
import { EventRow, REBUILD_COLUMNS, rebuildEventFromRow, storedEventFromRow } from '../event-row';

export interface PostgresEventStoreOptions {
  /** postgres://user:password@host:port/database */
  connectionString: string;
  /** The schema that holds the tables (default `public`); several catalogues or test runs can share a database. */
  schema?: string;
  /**
   * Group commit (default on): appends that arrive while a transaction is running share the
   * next one (one WAL flush); each caller is answered after that commit. Off → one transaction
   * per append (the benchmark's control).
   */
  groupCommit?: boolean;
  /** Upper bound on appends per shared transaction. */
  maxBatch?: number;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  now?: () => Date;
  /** The polling fallback of subscriptions when no notification arrives (default 1000 ms). */
  pollMs?: number;
  /** LISTEN for other processes' appends (default true); polling alone otherwise. */
  listen?: boolean;
  /**
   * A session that sits inside a transaction longer than this (a frozen or partitioned replica
   * holding the append lock) is ended by the server, which frees the lock for the others
   * (default 10,000 ms; PostgreSQL's idle_in_transaction_session_timeout on this store's connections).
   */
  stuckTransactionTimeoutMs?: number;
  onError?: (error: unknown) => void;
}

interface Pending {
  request: AppendRequest;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

type Outcome = Omit<AppendResult, 'replayed'>;

const INT8 = 20;
/** Positions are bigint columns; JavaScript numbers hold them exactly up to 2^53. */
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (v: string) => Number(v) : pgTypes.getTypeParser(oid, format as 'text')) as typeof pgTypes.getTypeParser,
};

/**
 * The EventStore port on PostgreSQL (`pg`), for a log shared by several service replicas.
 *
 * Every append takes one transaction-level advisory lock (`pg_advisory_xact_lock`) before it
 * reads the head, so appends from every process commit one after the other, in position
 * order: a reader can never see position n+1 before n has committed, and positions have no
 * gaps (a refused append takes none). That same order lets the hash chain be computed inside
 * the append transaction exactly as the SQLite adapter does. Concurrent appends of one process
 * are grouped into one transaction (group commit); each is checked on its own (revisions,
 * event ids, idempotency key), so one refused append does not sink its neighbours.
 *
 * Other processes' appends are announced by NOTIFY inside the append transaction (delivered at
 * commit) and picked up by a LISTEN connection; subscriptions also poll, so a lost
 * notification connection only delays delivery.
 */
export class PostgresEventStore implements EventStore {
  readonly name = 'postgres';
  readonly schema: string;
  private readonly pool: Pool;
  private readonly s: string;
  private readonly channel: string;
  private readonly appendLock: string;
  private readonly notifier = new AppendNotifier();
  private readonly now: () => Date;
  private readyPromise: Promise<void> | null = null;
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private inFlight = new Set<Promise<void>>();
  private closed = false;
  private listener: Client | null = null;
  private listening: Promise<void> | null = null;
  private listenRetry: NodeJS.Timeout | null = null;

  constructor(private readonly options: PostgresEventStoreOptions) {
    this.schema = options.schema ?? 'public';
    this.s = ident(this.schema);
    this.channel = `ndp_events_${this.schema}`.slice(0, 63);
    this.appendLock = lockKey(this.schema, 'append');
    this.now = options.now ?? (() => new Date());
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      types: typeParsers,
      keepAlive: true,
      idle_in_transaction_session_timeout: options.stuckTransactionTimeoutMs ?? 10_000,
    });
    // An idle connection that dies (server restart) must not crash the process; the pool replaces it.
    this.pool.on('error', (e) => this.options.onError?.(e));
    this.ready.catch(() => undefined); // surfaced by the operations that need it
  }

  /**
   * The schema is up to date. A failure (server unreachable at start) is not remembered: the
   * next operation tries again, so a replica started before its database recovers by itself.
   */
  private get ready(): Promise<void> {
    if (!this.readyPromise) {
      const attempt = this.migrate();
      this.readyPromise = attempt;
      attempt.catch(() => {
        if (this.readyPromise === attempt) this.readyPromise = null;
      });
    }
    return this.readyPromise;
  }

  /** Opens a store and waits until its schema is up to date (errors surface here, at start). */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    try {
      await store.ready;
    } catch (e) {
      await store.close().catch(() => undefined);
      throw e;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await migrate(client, this.schema);
    } finally {
      client.release();
    }
  }

  /** Reachability and schema, for readiness probes and tools. */
  async ping(): Promise<void> {
    await this.ready;
    await this.pool.query('SELECT 1');
  }

  // ------------------------------------------------------------------ append

  append(request: AppendRequest): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    return new Promise((resolve, reject) => {
      const item = { request, resolve, reject };
      if (this.options.groupCommit === false) {
        const p = this.ready.then(() => this.commit([item]), reject);
        this.inFlight.add(p);
        void p.finally(() => this.inFlight.delete(p));
        return;
      }
      this.queue.push(item);
      this.flushing ??= this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      await this.ready;
    } catch (e) {
      for (const item of this.queue.splice(0)) item.reject(e);
      this.flushing = null;
      return;
    }
    // Everything queued while the previous transaction ran goes into the next one.
    while (this.queue.length > 0) await this.commit(this.queue.splice(0, this.options.maxBatch ?? 512));
    this.flushing = null;
  }

  /** One transaction for the batch; if it fails as a whole, each append is tried on its own. */
  private async commit(batch: Pending[]): Promise<void> {
    let outcomes: Array<{ ok: true; value: AppendResult } | { ok: false; error: unknown }>;
    try {
      outcomes = await this.transaction((client) =>
        this.appendBatch(
          client,
          batch.map((b) => b.request),
        ),
      );
    } catch (error) {
      if (batch.length > 1) {
        for (const item of batch) await this.commit([item]);
      } else batch[0].reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const o = outcomes[i];
      if (o.ok) item.resolve(o.value);
      else item.reject(o.error);
    });
    this.notifier.notify();
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      // The single append lock: appends commit one after the other, in position order.
      await client.query('SELECT pg_advisory_xact_lock($1)', [this.appendLock]);
      const value = await work(client);
      await client.query('COMMIT');
      return value;
    } catch (e) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError as Error; // the connection is gone: do not hand it out again
      }
      throw e;
    } finally {
      client.release(broken);
    }
  }

  /** Decides every append of the batch against the database's state and the batch's own earlier appends, then inserts the accepted ones. */
  private async appendBatch(client: PoolClient, requests: AppendRequest[]) {
    const s = this.s;
    const head = (
      await client.query<{ position: number; recorded_at: string; hash: string }>(
        `SELECT position, recorded_at, hash FROM ${s}.events ORDER BY position DESC LIMIT 1`,
      )
    ).rows[0];
    const keys = [...new Set(requests.flatMap((r) => (r.idempotency ? [r.idempotency.key] : [])))];
    const streamIds = [...new Set(requests.flatMap((r) => r.writes.map((w) => w.streamId)))];
    const eventIds = requests.flatMap((r) => r.writes.flatMap((w) => w.events.map((e) => e.eventId)));
    const claims = new Map<string, { requestHash: string; outcome: Outcome }>();
    if (keys.length)
      for (const row of (
        await client.query<{ key: string; request_hash: string; outcome: Outcome }>(
          `SELECT key, request_hash, outcome FROM ${s}.idempotency WHERE key = ANY($1)`,
          [keys.map(keyText)],
        )
      ).rows)
        claims.set(JSON.parse(row.key) as string, { requestHash: row.request_hash, outcome: row.outcome });
    const revisions = new Map<string, number>();
    if (streamIds.length)
      for (const row of (
        await client.query<{ stream_id: string; revision: number }>(
          `SELECT stream_id, max(revision) AS revision FROM ${s}.events WHERE stream_id = ANY($1) GROUP BY stream_id`,
          [streamIds],
        )
      ).rows)
        revisions.set(row.stream_id, row.revision);
    const knownIds = new Set<string>();
    if (eventIds.length)
      for (const row of (await client.query<{ event_id: string }>(`SELECT event_id FROM ${s}.events WHERE event_id = ANY($1)`, [eventIds])).rows)
        knownIds.add(row.event_id);

    const recordedAt = nextRecordedTime(this.now(), head?.recorded_at ?? null);
    const cursor = { position: head?.position ?? 0, hash: head?.hash ?? GENESIS_HASH };
    const rows: EventRow[] = [];
    const keyRows: Array<{ key: string; requestHash: string; outcome: string }> = [];
    const outcomes = requests.map((request) => {
      try {
        const claim = request.idempotency;
        if (claim) {
          const seen = claims.get(claim.key);
          if (seen) {
            if (seen.requestHash !== claim.requestHash) throw new IdempotencyKeyReusedError(claim.key);
            return { ok: true as const, value: { ...seen.outcome, replayed: true } };
          }
        }
        // Tentative state: kept only if the whole append is accepted.
        let { position, hash } = cursor;
        const mine: EventRow[] = [];
        const myRevisions = new Map<string, number>();
        const myIds = new Set<string>();
        const streams: AppendedStream[] = [];
        for (const write of request.writes) {
          const current = myRevisions.get(write.streamId) ?? revisions.get(write.streamId) ?? -1;
          if (!revisionMatches(write.expectedRevision, current)) throw new WrongExpectedRevisionError(write.streamId, write.expectedRevision, current);
          let revision = current;
          const firstPosition = position + 1;
          for (const e of write.events) {
            if (knownIds.has(e.eventId) || myIds.has(e.eventId)) throw new DuplicateEventIdError(e.eventId);
            myIds.add(e.eventId);
            revision += 1;
            position += 1;
            const data = JSON.stringify(e.data);
            const metadata = JSON.stringify(e.metadata);
            // As in SQLite: hashed over exactly what is stored (the JSON round trip), in log order,
            // inside the transaction that holds the append lock.
            const next = eventHash(hash, {
              position,
              eventId: e.eventId,
              streamId: write.streamId,
              revision,
              type: e.type,
              schemaVersion: e.schemaVersion,
              recordedAt,
              data: JSON.parse(data),
              metadata: JSON.parse(metadata),
            });
            mine.push({
              position,
              event_id: e.eventId,
              stream_id: write.streamId,
              revision,
              type: e.type,
              schema_version: e.schemaVersion,
              recorded_at: recordedAt,
              data,
              metadata,
              prev_hash: hash,
              hash: next,
            });
            hash = next;
          }
          myRevisions.set(write.streamId, revision);
          streams.push({ streamId: write.streamId, revision, firstPosition, lastPosition: position });
        }
        const outcome: Outcome = { position, streams, result: claim?.result ?? {} };
        cursor.position = position;
        cursor.hash = hash;
        for (const [id, r] of myRevisions) revisions.set(id, r);
        for (const id of myIds) knownIds.add(id);
        rows.push(...mine);
        if (claim) {
          claims.set(claim.key, { requestHash: claim.requestHash, outcome });
          keyRows.push({ key: claim.key, requestHash: claim.requestHash, outcome: JSON.stringify(outcome) });
        }
        return { ok: true as const, value: { ...outcome, replayed: false } };
      } catch (error) {
        return { ok: false as const, error };
      }
    });
    await this.insertRows(client, rows);
    if (keyRows.length)
      await client.query(`INSERT INTO ${s}.idempotency (key, request_hash, outcome) SELECT * FROM unnest($1::text[], $2::text[], $3::json[])`, [
        keyRows.map((k) => keyText(k.key)),
        keyRows.map((k) => k.requestHash),
        keyRows.map((k) => k.outcome),
      ]);
    if (rows.length) await client.query('SELECT pg_notify($1, $2)', [this.channel, String(cursor.position)]);
    return outcomes;
  }

  private async insertRows(client: PoolClient, rows: EventRow[]): Promise<void> {
    if (rows.length === 0) return;
    await client.query(
      `INSERT INTO ${this.s}.events (position, event_id, stream_id, revision, type, schema_version, recorded_at, data, metadata, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::text[], $8::json[], $9::json[], $10::text[], $11::text[])`,
      [
        rows.map((r) => r.position),
        rows.map((r) => r.event_id),
        rows.map((r) => r.stream_id),
        rows.map((r) => r.revision),
        rows.map((r) => r.type),
        rows.map((r) => r.schema_version),
        rows.map((r) => r.recorded_at),
        rows.map((r) => r.data),
        rows.map((r) => r.metadata),
        rows.map((r) => r.prev_hash),
        rows.map((r) => r.hash),
      ],
    );
  }

  // ------------------------------------------------------------------ reads

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    await this.ready;
    const { rows } = await this.pool.query<EventRow>(`SELECT * FROM ${this.s}.events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision`, [
      streamId,
      options?.fromRevision ?? 0,
    ]);
    return rows.map(storedEventFromRow);
  }

  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    await this.ready;
    const { rows } = await this.pool.query<EventRow>(`SELECT * FROM ${this.s}.events WHERE position > $1 ORDER BY position LIMIT $2`, [afterPosition, limit]);
    return rows.map(storedEventFromRow);
  }

  /** For rebuilds: `readAll` with the stored JSON text (`json` keeps it as written) and without the chain's columns. */
  async readAllForRebuild(afterPosition: number, limit: number): Promise<RebuildEvent[]> {
    await this.ready;
    const columns = REBUILD_COLUMNS.replace('data, metadata', 'data::text AS data, metadata::text AS metadata');
    const { rows } = await this.pool.query<EventRow & { data: string; metadata: string }>(
      `SELECT ${columns} FROM ${this.s}.events WHERE position > $1 ORDER BY position LIMIT $2`,
      [afterPosition, limit],
    );
    return rows.map(rebuildEventFromRow);
  }

  async headPosition(): Promise<number> {
    await this.ready;
    const { rows } = await this.pool.query<{ position: number | null }>(`SELECT max(position) AS position FROM ${this.s}.events`);
    return rows[0].position ?? 0;
  }

  async findIdempotency(key: string): Promise<IdempotencyRecord | null> {
    await this.ready;
    const { rows } = await this.pool.query<{ request_hash: string; outcome: Outcome }>(
      `SELECT request_hash, outcome FROM ${this.s}.idempotency WHERE key = $1`,
      [keyText(key)],
    );
    return rows[0] ? { requestHash: rows[0].request_hash, outcome: rows[0].outcome } : null;
  }

  subscribe(afterPosition: number, handler: EventBatchHandler): Subscription {
    if (this.options.listen !== false) this.listening ??= this.listen();
    const sub = catchUpSubscription(
      { readAll: (p, l) => this.readAll(p, l), waitForAppend: (signal, ms) => this.notifier.wait(signal, ms) },
      afterPosition,
      handler,
      { pollMs: this.options.pollMs ?? 1000, onError: this.options.onError },
    );
    return {
      close: async () => {
        const closing = sub.close(); // marks it closed at once…
        this.notifier.notify(); // …and wakes it from its wait, so closing never waits for a poll
        await closing;
      },
    };
  }

  /** A dedicated connection that LISTENs for appends; reconnects with backoff when it is lost. */
  private async listen(delay = 200): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.options.connectionString, keepAlive: true });
    const retry = (e?: unknown) => {
      if (e) this.options.onError?.(e);
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => undefined);
      this.notifier.notify(); // readers poll once right away
      if (!this.closed) this.listenRetry = setTimeout(() => void this.listen(Math.min(delay * 2, 5000)), delay);
    };
    this.listener = client;
    client.on('notification', () => this.notifier.notify());
    client.on('error', retry);
    client.on('end', () => retry());
    try {
      await client.connect();
      await client.query(`LISTEN ${ident(this.channel)}`);
      if (this.closed) await client.end();
      // Whatever was appended while (re)connecting is read by the next poll, which this triggers.
      this.notifier.notify();
    } catch (e) {
      retry(e);
    }
  }

  // ------------------------------------------------------------------ migration target

  /**
   * For the migration tool: appends events as they are — ids, stream revisions, recorded times
   * — in the given order, in one transaction under the append lock, with this log's positions
   * and chain. When the positions are the source's (an embedded log copied from its start) the
   * chain is the source's too, and a hash that differs is refused.
   */
  async importBatch(events: readonly StoredEvent[]): Promise<void> {
    await this.ready;
    await this.transaction(async (client) => {
      const s = this.s;
      const head = (
        await client.query<{ position: number; recorded_at: string; hash: string }>(
          `SELECT position, recorded_at, hash FROM ${s}.events ORDER BY position DESC LIMIT 1`,
        )
      ).rows[0];
      const revisions = new Map<string, number>();
      const streamIds = [...new Set(events.map((e) => e.streamId))];
      for (const row of (
        await client.query<{ stream_id: string; revision: number }>(
          `SELECT stream_id, max(revision) AS revision FROM ${s}.events WHERE stream_id = ANY($1) GROUP BY stream_id`,
          [streamIds],
        )
      ).rows)
        revisions.set(row.stream_id, row.revision);
      let position = head?.position ?? 0;
      let hash = head?.hash ?? GENESIS_HASH;
      let recordedAt = head?.recorded_at ?? '';
      const rows: EventRow[] = [];
      for (const e of events) {
        const current = revisions.get(e.streamId) ?? -1;
        if (e.revision !== current + 1) throw new WrongExpectedRevisionError(e.streamId, e.revision - 1, current);
        if (e.recordedAt < recordedAt) throw new Error(`event ${e.eventId}: recorded time goes backwards (${e.recordedAt} after ${recordedAt})`);
        position += 1;
        const data = JSON.stringify(e.data);
        const metadata = JSON.stringify(e.metadata);
        const next = eventHash(hash, { ...e, position, data: JSON.parse(data), metadata: JSON.parse(metadata) });
        if (e.position === position && e.hash !== undefined && e.hash !== next)
          throw new Error(`event ${e.eventId} at position ${position}: its hash in the source differs from the one computed here`);
        rows.push({
          position,
          event_id: e.eventId,
          stream_id: e.streamId,
          revision: e.revision,
          type: e.type,
          schema_version: e.schemaVersion,
          recorded_at: e.recordedAt,
          data,
          metadata,
          prev_hash: hash,
          hash: next,
        });
        revisions.set(e.streamId, e.revision);
        hash = next;
        recordedAt = e.recordedAt;
      }
      await this.insertRows(client, rows);
      if (rows.length) await client.query('SELECT pg_notify($1, $2)', [this.channel, String(position)]);
    });
    this.notifier.notify();
  }

  /** For the migration tool: idempotency records of the source (kept forever there too); keys already here are left as they are. */
  async importIdempotency(records: ReadonlyArray<{ key: string } & IdempotencyRecord>): Promise<number> {
    await this.ready;
    if (records.length === 0) return 0;
    const r = await this.pool.query(
      `INSERT INTO ${this.s}.idempotency (key, request_hash, outcome) SELECT * FROM unnest($1::text[], $2::text[], $3::json[]) ON CONFLICT (key) DO NOTHING`,
      [records.map((x) => keyText(x.key)), records.map((x) => x.requestHash), records.map((x) => JSON.stringify(x.outcome))],
    );
    return r.rowCount ?? 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Answer whatever is queued or running before the pool goes away.
    await this.flushing;
    await Promise.allSettled([...this.inFlight]);
    this.notifier.notify();
    if (this.listenRetry) clearTimeout(this.listenRetry);
    await this.listening?.catch(() => undefined);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}

/**
 * Idempotency keys are stored as JSON strings: the service scopes a key to its caller with a
 * NUL separator, which PostgreSQL's text type cannot hold; JSON escapes it, one to one.
 */
function keyText(key: string): string {
  return JSON.stringify(key);
}
