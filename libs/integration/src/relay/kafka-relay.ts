import { Admin, CompressionTypes, Kafka, Message, Producer, TopicMessages } from 'kafkajs';
import type { EventStore, StoredEvent, Subscription } from '@ndp/event-store';
import type { EntityLabel } from '../integration-event.v1';
import { KafkaSettings, kafkaClient } from '../kafka-config';
import { TOPICS, topicName, TopicKind } from '../topics';
import { translate } from '../translate';
import { RelayCheckpointStore } from './relay-state';

export interface RelayOptions {
  /** Many events per produce request (default). Off: one request per event — the benchmark's control. */
  batching?: boolean;
  onError?: (error: unknown) => void;
}

export interface RelayStatus {
  position: number;
  connected: boolean;
  published: number;
  lastError: string | null;
}

/**
 * Log → Kafka, at least once and in log order. Reads from its checkpoint, translates to the
 * published schema, produces with acks=all, and only then advances the checkpoint. If the
 * broker is down the same batch is retried with backoff; after a crash the relay resumes from
 * the last acknowledged batch, so a crash between send and checkpoint repeats that batch
 * (consumers drop repeats by event id). One request at a time, with an idempotent producer,
 * keeps the events of an entry in order on its partition.
 */
export class KafkaRelay {
  private readonly kafka: Kafka;
  private producer: Producer | null = null;
  private subscription: Subscription | null = null;
  private stopping = false;
  private readonly status_: RelayStatus;
  private starting: Promise<void> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly state: RelayCheckpointStore,
    private readonly settings: KafkaSettings,
    private readonly options: RelayOptions = {},
  ) {
    this.kafka = kafkaClient(settings);
    this.status_ = { position: state.position, connected: false, published: 0, lastError: null };
  }

  status(): RelayStatus {
    return { ...this.status_, position: this.state.position };
  }

  /** Returns at once; connects (retrying while the broker is unreachable) and then follows the log. */
  start(): void {
    this.starting ??= this.connectAndFollow();
  }

  /** Resolves when the relay has started following the log (for tools and tests). */
  async ready(): Promise<void> {
    this.start();
    await this.starting;
  }

  private async connectAndFollow(): Promise<void> {
    for (let delay = 200; !this.stopping; delay = Math.min(delay * 2, 5000)) {
      try {
        this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
        await this.producer.connect();
        await this.ensureTopics();
        this.status_.connected = true;
        break;
      } catch (e) {
        this.fail(e);
        await this.producer?.disconnect().catch(() => undefined);
        this.producer = null;
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    if (this.stopping) return;
    this.subscription = this.store.subscribe(this.state.position, (events) => this.publish(events));
  }

  private async ensureTopics(): Promise<void> {
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = (Object.keys(TOPICS) as TopicKind[]).map((k) => topicName(k, this.settings.topicPrefix)).filter((t) => !existing.has(t));
      if (missing.length)
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: this.settings.partitions, replicationFactor: -1 })),
        });
    } finally {
      await admin.disconnect();
    }
  }

  private async publish(events: StoredEvent[]): Promise<void> {
    const changed = new Map<string, EntityLabel>();
    const outgoing: Array<{ topic: string; message: Message }> = [];
    for (const e of events) {
      const before = changed.get(e.streamId) ?? this.state.label(e.streamId);
      const { message, label } = translate(e, before);
      if (label && label !== before) changed.set(e.streamId, label);
      if (message)
        outgoing.push({
          topic: topicName(message.topic, this.settings.topicPrefix),
          message: { key: message.key, value: JSON.stringify(message.value), headers: message.headers },
        });
    }
    try {
      const producer = this.producer!;
      if (this.options.batching === false) {
        // The benchmark's control: one acknowledged request per event.
        for (const o of outgoing) await producer.send({ topic: o.topic, acks: -1, messages: [o.message] });
      } else if (outgoing.length > 0) {
        const byTopic = new Map<string, TopicMessages>();
        for (const o of outgoing) {
          const tm = byTopic.get(o.topic) ?? { topic: o.topic, messages: [] };
          tm.messages.push(o.message);
          byTopic.set(o.topic, tm);
        }
        await producer.sendBatch({ topicMessages: [...byTopic.values()], acks: -1, compression: CompressionTypes.None });
      }
    } catch (e) {
      this.fail(e);
      throw e; // the subscription retries the same batch after a backoff
    }
    try {
      await this.state.commit(events[events.length - 1].position, changed);
    } catch (e) {
      this.fail(e);
      throw e; // published but not checkpointed: repeated on retry (consumers drop repeats by event id)
    }
    this.status_.published += outgoing.length;
    this.status_.connected = true;
    this.status_.lastError = null;
  }

  private fail(e: unknown): void {
    this.status_.connected = false;
    this.status_.lastError = e instanceof Error ? e.message : String(e);
    this.options.onError?.(e);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.starting?.catch(() => undefined);
    await this.subscription?.close();
    await this.producer?.disconnect().catch(() => undefined);
  }
}
