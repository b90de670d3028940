import { Kafka, logLevel, RetryOptions } from 'kafkajs';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Prepended to every topic name (environments or test runs sharing a cluster). */
  topicPrefix: string;
  /** Partitions for topics the relay creates; entry ids spread over them, order kept per entry. */
  partitions: number;
}

export function parseBrokers(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Short retries: a broker restart should cost seconds, not the default minute-long backoff. */
export const RETRY: RetryOptions = { initialRetryTime: 100, maxRetryTime: 1000, retries: 8 };

export function kafkaClient(settings: KafkaSettings, log: 'nothing' | 'error' = 'nothing'): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    retry: RETRY,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    logLevel: log === 'error' ? logLevel.ERROR : logLevel.NOTHING,
  });
}
