import { Client } from 'pg';
import { ident, lockKey, migrate } from './postgres-schema';

export interface LeaderLockOptions {
  connectionString: string;
  schema?: string;
  /** What is being led (one lock per name), e.g. 'kafka-relay'. */
  name: string;
  onError?: (error: unknown) => void;
}

/**
 * Leadership among replicas through a session-level PostgreSQL advisory lock, held on a
 * dedicated connection: whoever holds it leads; when its process dies its connection closes,
 * the server releases the lock and the next waiter (blocked in `pg_advisory_lock`) gets it at
 * once. No clocks, no lease renewals.
 */
export class PostgresLeaderLock {
  private stopped = false;
  private waiting: Client | null = null;
  private readonly schema: string;

  constructor(private readonly options: LeaderLockOptions) {
    this.schema = options.schema ?? 'public';
  }

  /** Waits until this process leads; null when stopped first. Retries through connection failures. */
  async acquire(): Promise<PostgresLease | null> {
    for (let delay = 200; !this.stopped; delay = Math.min(delay * 2, 5000)) {
      const client = new Client({ connectionString: this.options.connectionString, keepAlive: true });
      client.on('error', (e) => this.options.onError?.(e));
      this.waiting = client;
      try {
        await client.connect();
        await migrate(client, this.schema); // the state tables exist before anyone leads
        await client.query('SELECT pg_advisory_lock($1)', [lockKey(this.schema, `lead/${this.options.name}`)]);
        this.waiting = null;
        if (this.stopped) {
          await client.end().catch(() => undefined);
          return null;
        }
        return new PostgresLease(client, this.schema, this.options.name);
      } catch (e) {
        this.waiting = null;
        await client.end().catch(() => undefined);
        if (this.stopped) return null;
        this.options.onError?.(e);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    return null;
  }

  /** Stops waiting (a pending acquire resolves to null). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.waiting?.end().catch(() => undefined);
  }
}

/**
 * Held leadership. `lost` resolves when the connection (and with it the lock) is gone. State
 * written through `commit` goes over the lock's own connection: a replica that lost the lock
 * cannot move the shared checkpoint any more.
 */
export class PostgresLease {
  readonly lost: Promise<void>;
  private released = false;
  private readonly s: string;

  constructor(
    private readonly client: Client,
    schema: string,
    readonly name: string,
  ) {
    this.s = ident(schema);
    this.lost = new Promise((resolve) => {
      client.once('end', () => resolve());
      client.once('error', () => resolve());
    });
  }

  /** The shared relay checkpoint and labels (tables of migration 2). */
  async loadRelayState<L>(): Promise<{ position: number; labels: Map<string, L> }> {
    const cp = await this.client.query<{ position: string }>(`SELECT position FROM ${this.s}.relay_checkpoint WHERE name = $1`, [this.name]);
    const labels = await this.client.query<{ stream_id: string; label: L }>(`SELECT stream_id, label FROM ${this.s}.relay_labels WHERE name = $1`, [this.name]);
    return { position: Number(cp.rows[0]?.position ?? 0), labels: new Map(labels.rows.map((r) => [r.stream_id, r.label])) };
  }

  async commitRelayState(position: number, changed: ReadonlyMap<string, unknown>): Promise<void> {
    await this.client.query('BEGIN');
    try {
      if (changed.size)
        await this.client.query(
          `INSERT INTO ${this.s}.relay_labels (name, stream_id, label) SELECT $1, * FROM unnest($2::text[], $3::json[])
           ON CONFLICT (name, stream_id) DO UPDATE SET label = excluded.label`,
          [this.name, [...changed.keys()], [...changed.values()].map((v) => JSON.stringify(v))],
        );
      await this.client.query(
        `INSERT INTO ${this.s}.relay_checkpoint (name, position) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
        [this.name, position],
      );
      await this.client.query('COMMIT');
    } catch (e) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  /** Gives leadership up (closing the connection releases the lock). */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.client.end().catch(() => undefined);
  }
}

/** The relay's checkpoint and labels in PostgreSQL, shared by whichever replica leads (same shape as the relay's SQLite RelayState). */
export class PostgresRelayState<L> {
  private constructor(
    private readonly lease: PostgresLease,
    private checkpoint: number,
    private readonly labels: Map<string, L>,
  ) {}

  static async load<L>(lease: PostgresLease): Promise<PostgresRelayState<L>> {
    const { position, labels } = await lease.loadRelayState<L>();
    return new PostgresRelayState<L>(lease, position, labels);
  }

  get position(): number {
    return this.checkpoint;
  }

  label(streamId: string): L | undefined {
    return this.labels.get(streamId);
  }

  async commit(position: number, changed: ReadonlyMap<string, L>): Promise<void> {
    await this.lease.commitRelayState(position, changed);
    for (const [streamId, label] of changed) this.labels.set(streamId, label);
    this.checkpoint = position;
  }
}
