import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { EsdbEventStore, EventStore, SqliteEventStore } from '@ndp/event-store';
import { Logger } from '@nestjs/common';
import {
  AuditQueries,
  CatalogueIndexProjection,
  CatalogueQueries,
  EditionQueries,
  openCheckedReadModelDb,
  openReadModelDb,
  Projector,
} from '@ndp/projections';
import { KafkaRelay, RelayState } from '@ndp/integration';
import { AppConfig } from '../config/app-config';
import { acquireDataDirLock, DataDirLock, DataDirLockedError } from './data-dir-lock';
import { projectorReporting } from './projection-reporting';

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
  /** Publishes to Kafka when configured to run in this process. */
  readonly relay: KafkaRelay | null = null;
  private readonly relayState: RelayState | null = null;
  /** The DATA_DIR writer lock (data-dir-lock.ts); null for a reader beside a running writer. */
  private readonly lock: DataDirLock | null = null;

  constructor(readonly config: AppConfig) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      this.lock = acquireDataDirLock(config.dataDir, 'ndp-catalogue');
    } catch (e) {
      // A read-only command beside a running writer reads what that writer projects.
      if (!(config.readOnly && e instanceof DataDirLockedError)) throw e;
    }
    this.store = config.eventStoreConnectionString
      ? new EsdbEventStore({ connectionString: config.eventStoreConnectionString, indexPath: join(config.dataDir, 'esdb-positions.db') })
      : new SqliteEventStore({
          path: join(config.dataDir, 'events.db'),
          synchronous: config.sqliteSynchronous,
          groupCommit: config.sqliteGroupCommit,
          now: config.now,
        });
    const log = new Logger('projections');
    const readModels = join(config.dataDir, 'read-models.db');
    this.readDb = this.lock
      ? openCheckedReadModelDb(readModels, (reason) => log.warn(`${reason}: rebuilding the read models from the log`))
      : openReadModelDb(readModels, { readonly: true });
    this.projector = new Projector(this.store, this.readDb, [new CatalogueIndexProjection()], projectorReporting(log));
    if (this.lock) this.projector.setUp();
    this.catalogue = new CatalogueQueries(this.readDb);
    this.editions = new EditionQueries(this.readDb, this.catalogue);
    this.audit = new AuditQueries(this.readDb);
    if (config.kafka && config.relayInProcess) {
      this.relayState = new RelayState(join(config.dataDir, 'relay.db'));
      this.relay = new KafkaRelay(this.store, this.relayState, config.kafka, {
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
    this.relay?.start();
  }

  async close(): Promise<void> {
    await this.relay?.stop();
    this.relayState?.close();
    await this.projector.stop();
    await this.store.close();
    this.readDb.close();
    this.lock?.release();
  }
}
