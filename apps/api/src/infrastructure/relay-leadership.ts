import { EventStore, PostgresLeaderLock } from '@ndp/event-store';
import { PostgresRelayState } from '@ndp/event-store';
import { EntityLabel, KafkaRelay, KafkaSettings } from '@ndp/integration';

/**
 * The Kafka relay on replicas sharing a PostgreSQL log: every replica waits for the relay's
 * advisory lock; the one that holds it relays from the shared checkpoint, and when it dies (its
 * connection closes, the server frees the lock) the next one takes over from that checkpoint.
 * Messages between the last checkpoint and the crash are sent again (at least once; consumers
 * drop repeats by event id); per-entry order holds because one relay runs at a time.
 */
export class RelayLeadership {
  private current: KafkaRelay | null = null;
  private loop: Promise<void> | null = null;
  private stopped = false;
  private wakeStop: () => void = () => undefined;
  private readonly stopSignal = new Promise<void>((r) => (this.wakeStop = r));
  private readonly lock: PostgresLeaderLock;

  constructor(
    private readonly store: EventStore,
    database: { url: string; schema: string },
    private readonly kafka: KafkaSettings,
    private readonly log: { info: (m: string) => void; error: (m: string) => void },
  ) {
    this.lock = new PostgresLeaderLock({
      connectionString: database.url,
      schema: database.schema,
      name: 'kafka-relay',
      onError: (e) => log.error(`relay leadership: ${e instanceof Error ? e.message : e}; retrying`),
    });
  }

  /** The relay while this replica leads, else null. */
  get relay(): KafkaRelay | null {
    return this.current;
  }

  start(): void {
    this.loop ??= this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const lease = await this.lock.acquire();
      if (!lease) return;
      try {
        const state = await PostgresRelayState.load<EntityLabel>(lease);
        this.log.info(`this replica leads the Kafka relay, from position ${state.position}`);
        const relay = new KafkaRelay(this.store, state, this.kafka, {
          onError: (e) => this.log.error(`kafka relay: ${e instanceof Error ? e.message : e}; retrying`),
        });
        this.current = relay;
        relay.start();
        await Promise.race([lease.lost, this.stopSignal]);
        this.current = null;
        await relay.stop();
        if (!this.stopped) this.log.error('lost the Kafka relay lock (database connection closed); waiting to lead again');
      } catch (e) {
        this.log.error(`relay leadership: ${e instanceof Error ? e.message : e}`);
      } finally {
        this.current = null;
        await lease.release();
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeStop();
    await this.lock.stop();
    await this.loop;
  }
}
