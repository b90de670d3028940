import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { EventStore } from '@ndp/event-store';
import {
  AuditQueries,
  CatalogueIndexProjection,
  CatalogueQueries,
  EditionQueries,
  openReadModelDb,
  Projector,
} from '@ndp/projections';
import { KafkaRelay, RelayState } from '@ndp/integration';
import { AppConfig } from '../config/app-config';
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

  constructor(readonly config: AppConfig) {
    mkdirSync(config.dataDir, { recursive: true });
    this.store = openEventStore(config);
    this.readDb = openReadModelDb(join(config.dataDir, 'read-models.db'));
    this.projector = new Projector(this.store, this.readDb, [new CatalogueIndexProjection()], {
      onError: (e) => console.error('projection failed; retrying', e),
    });
    this.projector.setUp();
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

  start(): void {
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
    this.readDb.close();
  }
}
