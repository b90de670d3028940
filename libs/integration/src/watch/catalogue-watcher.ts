import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { CatalogueEventV1 } from '../integration-event.v1';
import { KafkaSettings, kafkaClient } from '../kafka-config';
import { parseCatalogueEventV1 } from '../schema.v1';
import { topicName, TopicKind } from '../topics';

export interface RejectedMessage {
  topic: string;
  partition: number;
  offset: string;
  errors: string[];
}

export interface WatcherOptions {
  groupId: string;
  /** Only changes by or about this ministry (owner, transfer source or target, successor, the ministry itself). */
  ministry?: string;
  fromBeginning?: boolean;
  topics?: TopicKind[];
  onChange: (event: CatalogueEventV1) => Promise<void> | void;
  onRejected?: (message: RejectedMessage) => Promise<void> | void;
  /** How many recent event ids to remember for dropping repeats. */
  dedupeCapacity?: number;
}

export interface WatcherStats {
  received: number;
  delivered: number;
  duplicates: number;
  rejected: number;
  filtered: number;
}

/** Remembers the most recent ids (insertion order) up to a bound. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
  }
}

export function concernsMinistry(e: CatalogueEventV1, ministry: string): boolean {
  if (e.platform?.ministry === ministry || e.ministry?.code === ministry || e.actor.ministry === ministry) return true;
  switch (e.type) {
    case 'platform.transferred':
      return e.change.fromMinistry === ministry || e.change.toMinistry === ministry || e.change.reorganisation?.ministry === ministry;
    case 'platform.co-ministries-reassigned':
      return e.change.reorganisation.ministry === ministry || e.change.replaced.some((r) => r.from === ministry || r.to === ministry);
    case 'ministry.merged':
      return e.change.into === ministry;
    case 'ministry.dissolved':
      return e.change.defaultSuccessor === ministry || Object.values(e.change.assignments).includes(ministry);
    default:
      return false;
  }
}

/**
 * A consumer of the published topics as a consumer team would write it: every message is
 * validated against the v1 schema (a bad one is reported and skipped, never fatal), repeats
 * are dropped by event id, and offsets are committed only after the batch was handled.
 */
export class CatalogueWatcher {
  private readonly kafka: Kafka;
  private consumer: Consumer | null = null;
  private readonly recent: RecentIds;
  readonly stats: WatcherStats = { received: 0, delivered: 0, duplicates: 0, rejected: 0, filtered: 0 };

  constructor(
    private readonly settings: KafkaSettings,
    private readonly options: WatcherOptions,
  ) {
    this.kafka = kafkaClient(settings);
    this.recent = new RecentIds(options.dedupeCapacity ?? 100_000);
  }

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    await this.consumer.connect();
    for (const kind of this.options.topics ?? (['platform', 'ministry', 'edition'] as TopicKind[]))
      await this.consumer.subscribe({ topic: topicName(kind, this.settings.topicPrefix), fromBeginning: this.options.fromBeginning ?? false });
    await this.consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    let last: string | null = null;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      this.stats.received++;
      const parsed = parseCatalogueEventV1(message.value);
      if (!parsed.ok) {
        this.stats.rejected++;
        await this.options.onRejected?.({ topic: batch.topic, partition: batch.partition, offset: message.offset, errors: parsed.errors });
      } else if (this.recent.has(parsed.event.eventId)) {
        this.stats.duplicates++;
      } else {
        if (this.options.ministry && !concernsMinistry(parsed.event, this.options.ministry)) this.stats.filtered++;
        else {
          await this.options.onChange(parsed.event);
          this.stats.delivered++;
        }
        this.recent.add(parsed.event.eventId);
      }
      resolveOffset(message.offset);
      last = message.offset;
      await heartbeat();
    }
    // Committed only now that every message up to here was handled.
    if (last !== null) await this.consumer!.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
