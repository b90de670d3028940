import Database from 'better-sqlite3';
import { AppendNotifier } from '../append-notifier';
import {
  AppendRequest,
  AppendResult,
  AppendedStream,
  DecisionEvent,
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
import { catchUpSubscription } from '../subscription';
import { EventRow, REBUILD_COLUMNS, rebuildEventFromRow, storedEventFromRow } from '../event-row';
import { eventHash, GENESIS_HASH } from '../integrity/event-hash';
import { WalCheckpointer, WalCheckpointerOptions } from './wal-checkpointer';

export interface SqliteEventStoreOptions {
  /** A file path, or ':memory:' for throwaway stores in tests. */
  path: string;
  /** FULL (default): an acknowledged append survives power loss. NORMAL trades that for speed. */
  synchronous?: 'FULL' | 'NORMAL' | 'OFF';
  /**
   * Group commit: appends that arrive while a commit is being prepared share one transaction
   * (one fsync); each caller is answered only after that commit. Off → one transaction each.
   */
  groupCommit?: boolean;
  /** Upper bound on appends per shared transaction. */
  maxBatch?: number;
  now?: () => Date;
  pollMs?: number;
  /**
   * Checkpoint the WAL from a worker thread instead of inside the commit that crosses SQLite's
   * auto-checkpoint threshold (wal-checkpointer.ts). File paths only.
   */
  backgroundCheckpoint?: boolean | WalCheckpointerOptions;
}

interface Cursor {
  position: number;
  recordedAt: string;
  /** Hash of the event at `position` (the chain's running head). */
  hash: string;
}

interface Pending {
  request: AppendRequest;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY,
  event_id       TEXT    NOT NULL UNIQUE,
  stream_id      TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  recorded_at    TEXT    NOT NULL,
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  -- The tamper-evident chain (integrity/event-hash.ts), lowercase hex SHA-256.
  prev_hash      TEXT    NOT NULL,
  hash           TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS idempotency (
  key          TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  outcome      TEXT NOT NULL
) WITHOUT ROWID;
`;

/**
 * A stream as the write path reads it, in one range of one index. The table is in log order, so
 * a stream's events lie scattered over the whole file: at 1M events a decision's ~100 rows cost
 * ~100 B-tree descents (~10 µs an event). This index holds, in stream order, every column a
 * decision reads (`readStreamForDecision`), so the same read is a few adjacent pages (~2 µs an
 * event). Its price: ~25 % more file and one more index entry per append.
 */
const DECISION_INDEX = `CREATE INDEX IF NOT EXISTS events_decision_read
  ON events (stream_id, revision, position, type, schema_version, json_extract(metadata, '$.effectiveDate'), data)`;
/** Must name the index's expression as written there, or SQLite reads the table instead. */
const READ_FOR_DECISION = `SELECT revision, position, type, schema_version, json_extract(metadata, '$.effectiveDate') AS effective_date, data
  FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision`;

export class SqliteEventStore implements EventStore {
  readonly name = 'sqlite';
  private readonly db: Database.Database;
  private readonly notifier = new AppendNotifier();
  private readonly now: () => Date;
  private queue: Pending[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly stmts;
  /** The background WAL checkpointer, when asked for (its stats are for tests and metrics). */
  readonly checkpointer: WalCheckpointer | null = null;

  constructor(private readonly options: SqliteEventStoreOptions) {
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.adoptChain();
    this.createDecisionIndex();
    if (options.backgroundCheckpoint && options.path !== ':memory:')
      this.checkpointer = new WalCheckpointer(this.db, options.path, options.backgroundCheckpoint === true ? {} : options.backgroundCheckpoint);
    this.now = options.now ?? (() => new Date());
    this.stmts = {
      streamRevision: this.db.prepare('SELECT MAX(revision) AS r FROM events WHERE stream_id = ?').pluck(),
      head: this.db.prepare('SELECT position, recorded_at, hash FROM events ORDER BY position DESC LIMIT 1'),
      insert: this.db.prepare(
        `INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, recorded_at, data, metadata, prev_hash, hash)
         VALUES (@position, @event_id, @stream_id, @revision, @type, @schema_version, @recorded_at, @data, @metadata, @prev_hash, @hash)`,
      ),
      eventIdExists: this.db.prepare('SELECT 1 FROM events WHERE event_id = ?').pluck(),
      readStream: this.db.prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision'),
      readForDecision: this.db.prepare(READ_FOR_DECISION).raw(),
      readAll: this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      findKey: this.db.prepare('SELECT request_hash, outcome FROM idempotency WHERE key = ?'),
      insertKey: this.db.prepare('INSERT INTO idempotency (key, request_hash, outcome) VALUES (?, ?, ?)'),
    };
  }

  /**
   * A log written before this index existed gets it at open, once (~5 s at 1M events). Its
   * pages then go through the WAL; they are checkpointed here, not by the first appends.
   */
  private createDecisionIndex(): void {
    const exists = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'events_decision_read'").pluck().get();
    if (exists) return;
    try {
      this.db.exec(DECISION_INDEX);
    } catch (e) {
      // A row whose metadata is not JSON (a damaged or altered file) cannot be indexed. The
      // service still opens it as before: decisions then read the table, failing only on that
      // row's stream, and `verify` names the row.
      if (!/malformed JSON/i.test((e as Error).message)) throw e;
      return;
    }
    if (this.options.path !== ':memory:') this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /**
   * A log written before the chain existed (pre-release files) gets its columns and its chain
   * now, once, in one transaction: from here on it verifies like any other. The chain then
   * vouches for the log as it was at this moment, not for how it was written before.
   */
  private adoptChain(): void {
    const columns = (this.db.prepare('PRAGMA table_info(events)').all() as Array<{ name: string }>).map((c) => c.name);
    if (columns.includes('hash')) return;
    this.db
      .transaction(() => {
        this.db.exec(`ALTER TABLE events ADD COLUMN prev_hash TEXT NOT NULL DEFAULT ''; ALTER TABLE events ADD COLUMN hash TEXT NOT NULL DEFAULT ''`);
        const update = this.db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE position = ?');
        let prev = GENESIS_HASH;
        for (const row of this.db.prepare('SELECT * FROM events ORDER BY position').all() as EventRow[]) {
          const hash = eventHash(prev, storedEventFromRow(row));
          update.run(prev, hash, row.position);
          prev = hash;
        }
      })
      .immediate();
  }

  /** The underlying handle, for tools that verify or inspect the file (never for writes). */
  get database(): Database.Database {
    return this.db;
  }

  append(request: AppendRequest): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (this.options.groupCommit === false) {
        this.flush();
      } else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue.splice(0, this.options.maxBatch ?? 512);
    if (this.queue.length > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    if (batch.length === 0) return;
    const outcomes: Array<{ ok: true; value: AppendResult } | { ok: false; error: unknown }> = [];
    try {
      this.db
        .transaction(() => {
          const head = this.stmts.head.get() as { position: number; recorded_at: string; hash: string } | undefined;
          const cursor: Cursor = {
            position: head?.position ?? 0,
            recordedAt: nextRecordedTime(this.now(), head?.recorded_at ?? null),
            hash: head?.hash ?? GENESIS_HASH,
          };
          for (const item of batch) {
            // Each append in its own savepoint: one refused append must not sink its neighbours.
            const before = { ...cursor };
            try {
              outcomes.push({ ok: true, value: this.db.transaction(() => this.appendOne(item.request, cursor))() });
            } catch (error) {
              // SQLite may roll back the whole transaction itself (SQLITE_FULL, SQLITE_IOERR, …):
              // then the appends before this one are gone too, and the ones after must not run
              // outside it. Fail the whole batch: nobody is told "stored".
              if (!this.db.inTransaction) throw error;
              Object.assign(cursor, before); // its rows were rolled back; so are the positions and the chain it took
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const o = outcomes[i];
      if (o.ok) item.resolve(o.value);
      else item.reject(o.error);
    });
    this.notifier.notify();
    this.checkpointer?.enforceBound();
  }

  private appendOne(request: AppendRequest, cursor: Cursor): AppendResult {
    const claim = request.idempotency;
    if (claim) {
      const seen = this.stmts.findKey.get(claim.key) as { request_hash: string; outcome: string } | undefined;
      if (seen) {
        if (seen.request_hash !== claim.requestHash) throw new IdempotencyKeyReusedError(claim.key);
        return { ...(JSON.parse(seen.outcome) as Omit<AppendResult, 'replayed'>), replayed: true };
      }
    }
    const streams: AppendedStream[] = [];
    for (const write of request.writes) {
      const current = (this.stmts.streamRevision.get(write.streamId) as number | null) ?? -1;
      if (!revisionMatches(write.expectedRevision, current)) throw new WrongExpectedRevisionError(write.streamId, write.expectedRevision, current);
      let revision = current;
      const firstPosition = cursor.position + 1;
      for (const e of write.events) {
        if (this.stmts.eventIdExists.get(e.eventId)) throw new DuplicateEventIdError(e.eventId);
        revision += 1;
        cursor.position += 1;
        const data = JSON.stringify(e.data);
        const metadata = JSON.stringify(e.metadata);
        // The chain is computed over exactly what is stored (the JSON round trip), in log order,
        // inside the transaction that serialises appends: a later read hashes to the same value.
        const hash = eventHash(cursor.hash, {
          position: cursor.position,
          eventId: e.eventId,
          streamId: write.streamId,
          revision,
          type: e.type,
          schemaVersion: e.schemaVersion,
          recordedAt: cursor.recordedAt,
          data: JSON.parse(data),
          metadata: JSON.parse(metadata),
        });
        this.stmts.insert.run({
          position: cursor.position,
          event_id: e.eventId,
          stream_id: write.streamId,
          revision,
          type: e.type,
          schema_version: e.schemaVersion,
          recorded_at: cursor.recordedAt,
          data,
          metadata,
          prev_hash: cursor.hash,
          hash,
        });
        cursor.hash = hash;
      }
      streams.push({ streamId: write.streamId, revision, firstPosition, lastPosition: cursor.position });
    }
    const outcome = { position: cursor.position, streams, result: claim?.result ?? {} };
    if (claim) this.stmts.insertKey.run(claim.key, claim.requestHash, JSON.stringify(outcome));
    return { ...outcome, replayed: false };
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    return (this.stmts.readStream.all(streamId, options?.fromRevision ?? 0) as EventRow[]).map(storedEventFromRow);
  }

  async readStreamForDecision(streamId: string, options?: ReadStreamOptions): Promise<DecisionEvent[]> {
    // Rows as arrays: no object per row that would be dropped at once.
    const rows = this.stmts.readForDecision.all(streamId, options?.fromRevision ?? 0) as Array<[number, number, string, number, string, string]>;
    return rows.map(([revision, position, type, schemaVersion, effectiveDate, data]) => {
      // As readStream fails on metadata that is not JSON, so does this read, whatever SQLite's
      // json_extract made of it: a decision never runs without its valid date.
      if (typeof effectiveDate !== 'string') throw new Error(`the event at position ${position} has no readable effectiveDate in its metadata`);
      return { revision, position, type, schemaVersion, data: JSON.parse(data), effectiveDate };
    });
  }

  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    return (this.stmts.readAll.all(afterPosition, limit) as EventRow[]).map(storedEventFromRow);
  }

  /** For rebuilds: `readAll` with the stored JSON text and without the chain's columns. */
  async readAllForRebuild(afterPosition: number, limit: number): Promise<RebuildEvent[]> {
    this.readAllForRebuildStmt ??= this.db.prepare(`SELECT ${REBUILD_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`);
    return (this.readAllForRebuildStmt.all(afterPosition, limit) as Array<EventRow & { data: string; metadata: string }>).map(rebuildEventFromRow);
  }

  private readAllForRebuildStmt: Database.Statement | null = null;

  async headPosition(): Promise<number> {
    return (this.stmts.head.get() as { position: number } | undefined)?.position ?? 0;
  }

  async findIdempotency(key: string): Promise<IdempotencyRecord | null> {
    const row = this.stmts.findKey.get(key) as { request_hash: string; outcome: string } | undefined;
    return row ? { requestHash: row.request_hash, outcome: JSON.parse(row.outcome) } : null;
  }

  subscribe(afterPosition: number, handler: EventBatchHandler): Subscription {
    return catchUpSubscription({ readAll: (p, l) => this.readAll(p, l), waitForAppend: (s, ms) => this.notifier.wait(s, ms) }, afterPosition, handler, {
      pollMs: this.options.pollMs ?? 500,
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Answer whatever is queued before the handle goes away.
    while (this.queue.length > 0) this.flush();
    this.notifier.notify();
    await this.checkpointer?.close();
    this.db.close();
  }
}
