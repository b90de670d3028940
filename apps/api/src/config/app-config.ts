import { resolve } from 'node:path';
import { parseMaxLifetime, parseOidcSettings, resolveJwtSecret, JwtSettings } from '@ndp/auth';
import { DEFAULT_RATE_LIMITS, RateLimitSettings } from '../http/rate-limit';
import { parseCorsOrigins, parseTrustProxy, SecuritySettings } from '../http/security';
import { resolveHeadSigningKey } from './head-signing-key';
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
  /**
   * Group commit (default on): concurrent appends share one SQLite transaction, so one fsync
   * acknowledges all of them. Off (SQLITE_GROUP_COMMIT=false) = one transaction per append;
   * kept as a switch for the benchmark's control and for diagnosis.
   */
  sqliteGroupCommit: boolean;
  /** Largest accepted request body. */
  bodyLimit: string;
  /** Per-caller rate limits (RATE_LIMIT_*_PER_MINUTE; 0 turns one off). */
  rateLimits: RateLimitSettings;
  /** Memory for the answer cache of reads, in MiB (ANSWER_CACHE_MB, default 32; 0 turns it off). */
  answerCacheMiB?: number;
  /** Memory for the write path's decoded streams, in MiB (STREAM_CACHE_MB, default 256; 0 keeps none). */
  streamCacheMiB?: number;
  /** CORS (CORS_ORIGINS, CORS_ALLOW_WRITES) and TRUST_PROXY. */
  security: SecuritySettings;
  /** Ed25519 private key (PKCS#8 PEM) that signs published chain heads (AUDIT_SIGNING_KEY[_FILE]). */
  headSigningKey: string;
  /** Injected clock: the server's, never the client's. */
  now: () => Date;
  /** Set → EventStoreDB holds the log instead of the embedded SQLite file. */
  eventStoreConnectionString: string | null;
  /**
   * DATABASE_URL=postgres://… → PostgreSQL holds the log, shared by every replica (each keeps
   * its read models in its own DATA_DIR); DATABASE_SCHEMA names the schema (default public).
   */
  database: { url: string; schema: string } | null;
  /** Set when KAFKA_BROKERS is: integration events are published. */
  kafka: KafkaSettings | null;
  /** Run the Kafka relay inside this process (default) or leave it to `apps/relay`. */
  relayInProcess: boolean;
  /**
   * A read-only command (export): beside a running writer it neither takes the DATA_DIR lock
   * nor projects, and reads what the writer projects. Set by the CLI, never from the environment.
   */
  readOnly?: boolean;
}

/** The write path's stream cache's default memory bound (apps/api/src/infrastructure/stream-cache.ts). */
export const DEFAULT_STREAM_CACHE_MIB = 256;

/** The answer cache's default memory bound (apps/api/src/http/answer-cache.ts). */
export const DEFAULT_ANSWER_CACHE_MIB = 32;

function count(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value)) throw new Error(`${name} must be a whole number (0 = no limit), got '${value}'`);
  return Number(value);
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
  const oidc = parseOidcSettings(env);
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
      // One rule for both kinds of token (libs/auth/src/token-rules.ts).
      maxLifetimeMs: parseMaxLifetime(env),
      oidc,
    },
    seed: flag(env.SEED, true, 'SEED'),
    sqliteSynchronous: synchronous,
    sqliteGroupCommit: flag(env.SQLITE_GROUP_COMMIT, true, 'SQLITE_GROUP_COMMIT'),
    bodyLimit: env.BODY_LIMIT ?? '256kb',
    answerCacheMiB: count(env.ANSWER_CACHE_MB, DEFAULT_ANSWER_CACHE_MIB, 'ANSWER_CACHE_MB'),
    streamCacheMiB: count(env.STREAM_CACHE_MB, DEFAULT_STREAM_CACHE_MIB, 'STREAM_CACHE_MB'),
    rateLimits: {
      writesPerMinute: count(env.RATE_LIMIT_WRITES_PER_MINUTE, DEFAULT_RATE_LIMITS.writesPerMinute, 'RATE_LIMIT_WRITES_PER_MINUTE'),
      readsPerMinute: count(env.RATE_LIMIT_READS_PER_MINUTE, DEFAULT_RATE_LIMITS.readsPerMinute, 'RATE_LIMIT_READS_PER_MINUTE'),
      auditPerMinute: count(env.RATE_LIMIT_AUDIT_PER_MINUTE, DEFAULT_RATE_LIMITS.auditPerMinute, 'RATE_LIMIT_AUDIT_PER_MINUTE'),
    },
    security: {
      cors: { origins: parseCorsOrigins(env.CORS_ORIGINS), allowWrites: flag(env.CORS_ALLOW_WRITES, false, 'CORS_ALLOW_WRITES') },
      trustProxy: parseTrustProxy(env.TRUST_PROXY),
      // The viewer signs in by calling the provider's token endpoint from the browser.
      connectSources: oidc ? [new URL(oidc.issuer).origin] : [],
    },
    headSigningKey: resolveHeadSigningKey(env, dataDir),
    now: () => new Date(),
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING || null,
    database: databaseSettings(env),
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

/** DATABASE_URL (PostgreSQL); refused together with EVENTSTORE_CONNECTION_STRING: the log lives in one place. */
export function databaseSettings(env: NodeJS.ProcessEnv): { url: string; schema: string } | null {
  const url = env.DATABASE_URL || '';
  if (!url) return null;
  if (env.EVENTSTORE_CONNECTION_STRING)
    throw new Error(
      'DATABASE_URL and EVENTSTORE_CONNECTION_STRING are both set: the event log is either in PostgreSQL or in EventStoreDB, not both. Unset one of them (to move a log, use `npm run migrate -- --to …`).',
    );
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must be a postgres://user:password@host:port/database URL');
  const schema = env.DATABASE_SCHEMA || 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`DATABASE_SCHEMA must be a lowercase SQL identifier, got '${schema}'`);
  return { url, schema };
}
