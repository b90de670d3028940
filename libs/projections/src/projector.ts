import type Database from 'better-sqlite3';
import type { EventStore, StoredEvent, Subscription } from '@ndp/event-store';
import { Projection } from './projection';

export interface ProjectorOptions {
  onError?: (error: unknown) => void;
  onBatch?: (info: { position: number; events: number; ms: number }) => void;
}

interface Checkpoint {
  version: number;
  position: number;
}

/**
 * Keeps projections up to date from the log. Each batch is applied to every projection and
 * its checkpoint is written in the same read-model transaction, so a crash never leaves a
 * projection half a batch ahead of its checkpoint.
 */
export class Projector {
  private subscription: Subscription | null = null;
  private position = 0;
  private waiters: Array<{ position: number; resolve: () => void }> = [];

  constructor(
    private readonly store: EventStore,
    private readonly db: Database.Database,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectorOptions = {},
  ) {}

  /** The position every projection has reached. */
  get checkpoint(): number {
    return this.position;
  }

  /** Creates the projections' tables and resets any projection whose version changed. */
  setUp(): void {
    if (this.ready) return;
    this.prepare();
    this.ready = true;
  }

  private ready = false;

  /** Follows the log from the checkpoint; projections whose version changed start from zero. */
  start(): void {
    if (this.subscription) return;
    this.setUp();
    this.subscription = this.store.subscribe(this.position, (events) => this.handle(events));
  }

  async stop(): Promise<void> {
    const sub = this.subscription;
    this.subscription = null;
    await sub?.close();
  }

  /** Resolves once the projections include `position` (e.g. a command's own write). */
  waitFor(position: number, timeoutMs = 10000): Promise<void> {
    if (this.position >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`projections did not reach position ${position} within ${timeoutMs} ms (at ${this.position})`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ position, resolve: done });
    });
  }

  /** Applies the whole log from position zero into fresh tables; the caller must have stopped the projector. */
  async rebuild(batchSize = 5000): Promise<{ events: number; position: number }> {
    if (this.subscription) throw new Error('stop the projector before rebuilding');
    this.db.transaction(() => {
      for (const p of this.projections) {
        p.tearDown(this.db);
        this.db.prepare('DELETE FROM projection_checkpoints WHERE name = ?').run(p.name);
      }
    })();
    this.prepare();
    let events = 0;
    for (;;) {
      const batch = await this.store.readAll(this.position, batchSize);
      if (batch.length === 0) break;
      this.handle(batch);
      events += batch.length;
    }
    return { events, position: this.position };
  }

  private prepare(): void {
    const read = this.db.prepare('SELECT version, position FROM projection_checkpoints WHERE name = ?');
    const positions: number[] = [];
    this.db.transaction(() => {
      for (const p of this.projections) {
        const cp = read.get(p.name) as Checkpoint | undefined;
        if (cp && cp.version !== p.version) {
          p.tearDown(this.db);
          this.writeCheckpoint(p, 0);
          positions.push(0);
        } else {
          if (!cp) this.writeCheckpoint(p, 0);
          positions.push(cp?.position ?? 0);
        }
        p.setUp(this.db);
      }
    })();
    // Projections share one subscription; any behind the others catch up through `handle`.
    this.position = positions.length ? Math.min(...positions) : 0;
    this.checkpoints = new Map(this.projections.map((p, i) => [p.name, positions[i]]));
  }

  private checkpoints = new Map<string, number>();

  private writeCheckpoint(p: Projection, position: number): void {
    this.db
      .prepare(
        `INSERT INTO projection_checkpoints (name, version, position) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position`,
      )
      .run(p.name, p.version, position);
  }

  private handle(events: StoredEvent[]): void {
    try {
      this.applyBatch(events);
    } catch (error) {
      // The subscription retries the same batch with backoff; say why it is stuck.
      this.options.onError?.(error);
      throw error;
    }
  }

  private applyBatch(events: StoredEvent[]): void {
    if (events.length === 0) return;
    const started = performance.now();
    const last = events[events.length - 1].position;
    this.db.transaction(() => {
      for (const p of this.projections) {
        const from = this.checkpoints.get(p.name) ?? 0;
        const pending = from === 0 ? events : events.filter((e) => e.position > from);
        if (pending.length === 0) continue;
        p.apply(this.db, pending);
        this.writeCheckpoint(p, last);
      }
    })();
    for (const p of this.projections) this.checkpoints.set(p.name, Math.max(this.checkpoints.get(p.name) ?? 0, last));
    this.position = last;
    this.options.onBatch?.({ position: last, events: events.length, ms: performance.now() - started });
    const ready = this.waiters.filter((w) => w.position <= last);
    this.waiters = this.waiters.filter((w) => w.position > last);
    for (const w of ready) w.resolve();
  }
}
