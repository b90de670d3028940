/**
 * The relay as its own process: reads the embedded log in DATA_DIR (or the PostgreSQL log of
 * DATABASE_URL) and publishes to KAFKA_BROKERS. Run the api with KAFKA_RELAY=external when this
 * process does the relaying. On PostgreSQL several of these may run: one leads at a time.
 */
import { join } from 'node:path';
import { PostgresEventStore, SqliteEventStore } from '@ndp/event-store';
import { KafkaRelay, RelayState } from '@ndp/integration';
import { databaseSettings, kafkaSettings } from '../../api/src/config/app-config';
import { RelayLeadership } from '../../api/src/infrastructure/relay-leadership';

async function main(): Promise<void> {
  const settings = kafkaSettings(process.env);
  if (!settings) throw new Error('KAFKA_BROKERS is required');
  const database = databaseSettings(process.env);
  if (database) {
    const store = await PostgresEventStore.open({ connectionString: database.url, schema: database.schema, pollMs: 1000 });
    const log = (level: string) => (msg: string) => console.log(JSON.stringify({ level, msg }));
    const leadership = new RelayLeadership(store, database, settings, { info: log('info'), error: log('warn') });
    leadership.start();
    console.log(JSON.stringify({ level: 'info', msg: 'relay waiting to lead (PostgreSQL advisory lock)', brokers: settings.brokers }));
    const shutdown = async () => {
      await leadership.stop();
      await store.close();
      process.exit(0);
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
    return;
  }
  const dataDir = process.env.DATA_DIR ?? './data';
  const store = new SqliteEventStore({ path: join(dataDir, 'events.db'), pollMs: 200 });
  const state = new RelayState(join(dataDir, 'relay.db'));
  const relay = new KafkaRelay(store, state, settings, {
    batching: process.env.RELAY_BATCHING !== 'false',
    onError: (e) => console.error(JSON.stringify({ level: 'warn', msg: 'relay retrying', error: e instanceof Error ? e.message : String(e) })),
  });
  await relay.ready();
  console.log(JSON.stringify({ level: 'info', msg: 'relay started', position: state.position, brokers: settings.brokers }));
  const report = setInterval(async () => {
    const s = relay.status();
    console.log(JSON.stringify({ level: 'info', msg: 'relay status', ...s, lag: (await store.headPosition()) - s.position }));
  }, 10000);
  const shutdown = async () => {
    clearInterval(report);
    await relay.stop();
    state.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
