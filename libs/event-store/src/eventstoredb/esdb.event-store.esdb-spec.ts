import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { EsdbEventStore } from './esdb.event-store';

/**
 * The same contract suite as SQLite's, against a real EventStoreDB/KurrentDB server. Run with
 * `EVENTSTORE_CONNECTION_STRING=esdb://127.0.0.1:2113?tls=false npm run test:esdb` (the
 * docker-compose file starts one). Each test gets its own namespace, so it sees an empty log
 * on a shared server.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (!connectionString) {
  console.warn('SKIPPED: EventStoreDB contract suite — EVENTSTORE_CONNECTION_STRING is not set (no server on this machine).');
  it.skip('EventStoreDB contract suite (needs EVENTSTORE_CONNECTION_STRING)', () => undefined);
} else {
  describeEventStoreContract('eventstoredb', {
    serverClock: true,
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'ndp-esdb-'));
      return new EsdbEventStore({ connectionString, indexPath: join(dir, 'index.db'), namespace: `t${randomUUID().slice(0, 8)}-` });
    },
  });
}
