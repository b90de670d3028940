import { resolve } from 'node:path';
import { resolveJwtSecret, JwtSettings } from '@ndp/auth';
import { KafkaSettings, parseBrokers } from '@ndp/integration';

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  jwt: JwtSettings;
  /** Load the seed article's catalogue on first start with an empty store. */
  seed: boolean;
  /** SQLite synchronous mode for the event log; FULL means an acknowledged write is durable. */
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** Largest accepted request body. */
  bodyLimit: string;
  /** Injected clock: the server's, never the client's. */
  now: () => Date;
  /** Set → EventStoreDB holds the log instead of the embedded SQLite file. */
  eventStoreConnectionString: string | null;
  /** Set when KAFKA_BROKERS is: integration events are published. */
  kafka: KafkaSettings | null;
  /** Run the Kafka relay inside this process (default) or leave it to `apps/relay`. */
  relayInProcess: boolean;
}

function flag(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new Error(`${name} must be true or false, got '${value}'`);
}

/** Reads the environment names documented in API.md; unknown values fail at start, not later. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const dataDir = resolve(overrides.dataDir ?? env.DATA_DIR ?? './data');
  const port = overrides.port ?? Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got '${env.PORT}'`);
  const synchronous = (env.SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new Error('SQLITE_SYNCHRONOUS must be FULL or NORMAL');
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    jwt: {
      secret: resolveJwtSecret(env, dataDir),
      issuer: env.JWT_ISSUER || undefined,
      audience: env.JWT_AUDIENCE || undefined,
    },
    seed: flag(env.SEED, true, 'SEED'),
    sqliteSynchronous: synchronous,
    bodyLimit: env.BODY_LIMIT ?? '256kb',
    now: () => new Date(),
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING || null,
    kafka: kafkaSettings(env),
    relayInProcess: (env.KAFKA_RELAY ?? 'in-process') !== 'external',
    ...overrides,
  };
}

export function kafkaSettings(env: NodeJS.ProcessEnv): KafkaSettings | null {
  const brokers = parseBrokers(env.KAFKA_BROKERS);
  if (brokers.length === 0) return null;
  const partitions = Number(env.KAFKA_PARTITIONS ?? 6);
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1000) throw new Error('KAFKA_PARTITIONS must be a whole number from 1 to 1000');
  return { brokers, clientId: env.KAFKA_CLIENT_ID ?? 'ndp-catalogue', topicPrefix: env.KAFKA_TOPIC_PREFIX ?? '', partitions };
}
