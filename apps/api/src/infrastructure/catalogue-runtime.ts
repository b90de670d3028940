import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { EventStore, SqliteEventStore, WalCheckpointer } from '@ndp/event-store';
import { Logger } from '@nestjs/common';
import { AuditQueries, CatalogueIndexProjection, CatalogueQueries, EditionQueries, openCheckedReadModelDb, openReadModelDb, Projector } from '@ndp/projections';
import { KafkaRelay, RelayState } from '@ndp/integration';
import { AppConfig } from '../config/app-config';
import { acquireDataDirLock, DataDirLock, DataDirLockedError } from './data-dir-lock';
import { projectorReporting } from './projection-reporting';
import { openEventStore } from './event-store-factory';
import { RelayLeadership } from './relay-leadership';

/**
 * The process's one event store, read-model database and projector. Created once by the
 * module and closed on shutdown; everything else reaches them through this object.
 */
export class CatalogueRuntime {
  readonly store: EventStore;
  readonly readDb: Database.Database;
  readonly projector: Projector;
  readonly catalogue: CatalogueQueries;
  readonly editions: EditionQueries;
  readonly audit: AuditQueries;
  /** Publishes to Kafka when configured to run in this process (on PostgreSQL: on the replica that leads). */
  get relay(): KafkaRelay | null {
    return this.leadership ? this.leadership.relay : this.localRelay;
  }
  private readonly localRelay: KafkaRelay | null = null;
  private readonly leadership: RelayLeadership | null = null;
  private readonly relayState: RelayState | null = null;
  /** The DATA_DIR writer lock (data-dir-lock.ts); null for a reader beside a running writer. */
  private readonly lock: DataDirLock | null = null;
  private readonly readCheckpointer: WalCheckpointer | null = null;

  constructor(readonly config: AppConfig) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      this.lock = acquireDataDirLock(config.dataDir, 'ndp-catalogue');
    } catch (e) {
      // A read-only command beside a running writer reads what that writer projects.
      if (!(config.readOnly && e instanceof DataDirLockedError)) throw e;
    }
    this.store = openEventStore(config, { backgroundCheckpoint: this.lock !== null });
    const log = new Logger('projections');
    const readModels = join(config.dataDir, 'read-models.db');
    this.readDb = this.lock
      ? openCheckedReadModelDb(readModels, (reason) => log.warn(`${reason}: rebuilding the read models from the log`))
      : openReadModelDb(readModels, { readonly: true });
    // Projection commits no longer checkpoint the WAL on the event loop (docs/operations.md).
    if (this.lock) this.readCheckpointer = new WalCheckpointer(this.readDb, readModels);
    this.projector = new Projector(this.store, this.readDb, [new CatalogueIndexProjection()], projectorReporting(log));
    if (this.lock) this.projector.setUp();
    else if (this.store instanceof SqliteEventStore) awaitWriterProjection(this.store, this.readDb);
    this.catalogue = new CatalogueQueries(this.readDb);
    this.editions = new EditionQueries(this.readDb, this.catalogue);
    this.audit = new AuditQueries(this.readDb);
    if (config.kafka && config.relayInProcess && config.database) {
      this.leadership = new RelayLeadership(this.store, config.database, config.kafka, { info: (m) => console.log(m), error: (m) => console.error(m) });
    } else if (config.kafka && config.relayInProcess) {
      this.relayState = new RelayState(join(config.dataDir, 'relay.db'));
      this.localRelay = new KafkaRelay(this.store, this.relayState, config.kafka, {
        onError: (e) => console.error(`kafka relay: ${e instanceof Error ? e.message : e}; retrying`),
      });
    }
  }

  /** True for a read-only command sharing DATA_DIR with a running writer: it projects nothing. */
  get readOnly(): boolean {
    return this.lock === null;
  }

  start(): void {
    if (this.readOnly) return;
    this.projector.start();
    this.localRelay?.start();
    this.leadership?.start();
  }

  async close(): Promise<void> {
    await this.localRelay?.stop();
    await this.leadership?.stop();
    this.relayState?.close();
    await this.projector.stop();
    await this.store.close();
    await this.readCheckpointer?.close();
    this.readDb.close();
    this.lock?.release();
  }
}

/**
 * A reader beside a running writer (export) must not read half-built read models (the writer
 * may be rebuilding them): wait until the writer's checkpoints reach the log's head as it is
 * now. Gives up if they do not move for 30 s (a stopped projector: see the writer's /ready).
 */
function awaitWriterProjection(store: SqliteEventStore, readDb: Database.Database, stallMs = 30000): void {
  const head = (store.database.prepare('SELECT COALESCE(MAX(position), 0) FROM events').pluck().get() as number) ?? 0;
  const checkpoint = () => {
    try {
      return (readDb.prepare('SELECT COALESCE(MIN(position), 0) FROM projection_checkpoints').pluck().get() as number) ?? 0;
    } catch {
      return 0; // not created yet by the writer
    }
  };
  const sleep = new Int32Array(new SharedArrayBuffer(4));
  let at = checkpoint();
  let movedAt = Date.now();
  let saidAt = 0;
  while (at < head) {
    if (Date.now() - movedAt > stallMs)
      throw new Error(`the running service's read models are at position ${at} and have not moved for ${stallMs / 1000} s (log at ${head}); see its /ready`);
    if (Date.now() - saidAt > 5000) {
      saidAt = Date.now();
      // stderr: an export may be writing its file to stdout.
      process.stderr.write(`waiting for the running service's read models: position ${at} of ${head}\n`);
    }
    Atomics.wait(sleep, 0, 0, 100);
    const now = checkpoint();
    if (now !== at) movedAt = Date.now();
    at = now;
  }
}
