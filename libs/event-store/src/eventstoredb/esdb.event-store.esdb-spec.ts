import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { EsdbEventStore } from './esdb.event-store';

/**
 * The same contract suite as SQLite's, against a real EventStoreDB/KurrentDB server. Run with
 * `EVENTSTORE_CONNECTION_STRING=esdb://127.0.0.1:2113?tls=false npm run test:esdb` (the
 * docker-compose file starts one). The contract expects an empty log per test, so every
 * test gets its own stream-name space is not enough: point it at a fresh server.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (!connectionString) {
  console.warn('SKIPPED: EventStoreDB contract suite — EVENTSTORE_CONNECTION_STRING is not set (no server on this machine).');
  it.skip('EventStoreDB contract suite (needs EVENTSTORE_CONNECTION_STRING)', () => undefined);
} else {
  describeEventStoreContract('eventstoredb', {
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'ndp-esdb-'));
      return new EsdbEventStore({ connectionString, indexPath: join(dir, `index-${randomUUID()}.db`) });
    },
  });
}
