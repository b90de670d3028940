import type Database from 'better-sqlite3';
import type { EventStore, StoredEvent, Subscription } from '@ndp/event-store';
import { Projection } from './projection';

/** Why the projections are not where the log is: a stopped projector, or a store that cannot be written yet. */
export interface ProjectionFailure {
  /** The first position that could not be applied. */
  position: number;
  eventType: string | null;
  eventId: string | null;
  message: string;
  /** SQLite's error code when there is one (SQLITE_FULL, SQLITE_CONSTRAINT_TRIGGER, …). */
  code: string | null;
  /**
   * Transient (the read-model file cannot be written: full disk, I/O error, busy): retried with
   * backoff and resumed when it clears. Otherwise the projector has stopped at `position`.
   */
  transient: boolean;
  since: string;
}

/** A write was recorded at `position` but the read models do not include it (yet). */
export class ProjectionLagError extends Error {
  constructor(
    readonly position: number,
    readonly projectedTo: number,
    readonly reason: string,
  ) {
    super(`recorded at position ${position}; read models are at ${projectedTo}: ${reason}`);
  }
}

export interface ProjectorOptions {
  /** Called once per failure episode (not once per retry). */
  onError?: (error: unknown, failure: ProjectionFailure) => void;
  /** Called once when a transient failure clears. */
  onRecovered?: (failure: ProjectionFailure) => void;
  onBatch?: (info: { position: number; events: number; ms: number }) => void;
  /** A projection's stored version differs from the code's: it is rebuilt from zero. */
  onReset?: (info: { projection: string; storedVersion: number; version: number }) => void;
  /**
   * Progress while the log that existed at start is applied (a new, reset or lagging read
   * model): once at the beginning, after every batch, and once with `done`.
   */
  onCatchUp?: (info: { from: number; position: number; target: number; done: boolean }) => void;
  /** How long `waitFor` waits by default (ms). */
  waitTimeoutMs?: number;
}

interface Checkpoint {
  version: number;
  position: number;
}

/**
 * The read-model cache during a rebuild (KiB, as `cache_size` takes it when negative): 128 MiB.
 * The index builds at the end sort with as much again; the whole must stay under 1 GiB at 1M events.
 */
const REBUILD_CACHE_KIB = -131072;

/** The checkpoint version of a projection whose rebuild has not finished: never a projection's own. */
const REBUILDING = -1;

/** SQLite errors that say "the file cannot be written right now", not "this event cannot be applied". */
const TRANSIENT_CODES = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|CANTOPEN|NOMEM|READONLY|PROTOCOL)/;

export function isTransientStorageError(error: unknown): boolean {
  const e = error as { code?: unknown } | null;
  if (typeof e?.code !== 'string') return false;
  return TRANSIENT_CODES.test(e.code) || e.code === 'ENOSPC' || e.code === 'EIO';
}

/**
 * Keeps projections up to date from the log. Each batch is applied to every projection and
 * its checkpoint is written in the same read-model transaction, so a crash never leaves a
 * projection half a batch ahead of its checkpoint.
 *
 * An event that cannot be applied stops the projector at that event (reported once, with its
 * position and type; `npm run rebuild` repairs it). A read-model file that cannot be written
 * (full disk, I/O error) is retried with backoff and resumes by itself when it can be.
 */
export class Projector {
  private subscription: Subscription | null = null;
  private closing: Promise<void> | null = null;
  private position = 0;
  private waiters: Array<{ position: number; resolve: () => void; reject: (e: unknown) => void }> = [];
  private failureState: ProjectionFailure | null = null;
  private target: number | null = null;
  private startedAt = 0;

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

  /** Why the projections are behind, or null. */
  get failure(): ProjectionFailure | null {
    return this.failureState;
  }

  /** Stopped at an event it cannot apply. */
  get halted(): boolean {
    return this.failureState !== null && !this.failureState.transient;
  }

  /**
   * While the log that existed at start is still being applied (a new, reset or lagging read
   * model): the position to reach. Null once reached (or before start).
   */
  get catchingUp(): { position: number; target: number } | null {
    if (this.target === null || this.position >= this.target) return null;
    return { position: this.position, target: this.target };
  }

  /** Started and has applied the log as it was at start. */
  get caughtUp(): boolean {
    return this.target !== null && this.position >= this.target;
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
    this.startedAt = this.position;
    this.subscription = this.store.subscribe(this.position, (events) => this.handle(events));
    this.store.headPosition().then(
      (head) => {
        if (!this.subscription) return; // stopped meanwhile (e.g. for a rebuild)
        this.target = head;
        if (this.position < head) this.options.onCatchUp?.({ from: this.startedAt, position: this.position, target: head, done: false });
        if (this.position > head && !this.failureState)
          this.halt(
            {
              position: head + 1,
              eventType: null,
              eventId: null,
              code: null,
              message: `the read models are at position ${this.position} but the log ends at ${head} (a different or older log?)`,
            },
            null,
          );
      },
      () => (this.target = 0),
    );
  }

  async stop(): Promise<void> {
    const sub = this.subscription;
    this.subscription = null;
    await sub?.close();
    await this.closing;
  }

  /** Resolves once the projections include `position` (e.g. a command's own write); else ProjectionLagError. */
  waitFor(position: number, timeoutMs = this.options.waitTimeoutMs ?? 5000): Promise<void> {
    if (this.position >= position) return Promise.resolve();
    if (this.halted) return Promise.reject(this.lagError(position));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(this.lagError(position));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const fail = (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      };
      this.waiters.push({ position, resolve: done, reject: fail });
    });
  }

  private lagError(position: number): ProjectionLagError {
    const f = this.failureState;
    const reason = f
      ? f.transient
        ? `the read models cannot be written (${f.message}); retrying`
        : `projection stopped at position ${f.position}${f.eventType ? ` (${f.eventType})` : ''}: ${f.message}`
      : `the read models are still applying the log (at position ${this.position})`;
    return new ProjectionLagError(position, this.position, reason);
  }

  /** Applies the whole log from position zero into fresh tables; the caller must have stopped the projector. */
  async rebuild(batchSize = 5000, onProgress?: (position: number) => void): Promise<{ events: number; position: number }> {
    if (this.subscription) throw new Error('stop the projector before rebuilding');
    this.db.transaction(() => {
      for (const p of this.projections) {
        p.tearDown(this.db);
        this.db.prepare('DELETE FROM projection_checkpoints WHERE name = ?').run(p.name);
      }
    })();
    this.failureState = null;
    this.target = null; // a rebuild reports its own progress
    this.prepare();
    // The log is the durable copy: a rebuild cut short is started again, so its writes need not
    // reach the disk one commit at a time, and a larger cache keeps the tables' hot pages in memory.
    const restore = { synchronous: this.db.pragma('synchronous', { simple: true }), cacheSize: this.db.pragma('cache_size', { simple: true }) };
    this.db.pragma('synchronous = OFF');
    this.db.pragma(`cache_size = ${REBUILD_CACHE_KIB}`);
    for (const p of this.projections) p.beginRebuild?.(this.db);
    // Until the deferred work is done the tables are not fit to follow the log from their
    // checkpoint: the checkpoints say "being rebuilt", which a later start resets to zero.
    this.rebuilding = true;
    let finished = false;
    try {
      const result = await this.applyWholeLog(batchSize, onProgress);
      this.rebuilding = false;
      this.db.transaction(() => {
        for (const p of this.projections) {
          p.endRebuild?.(this.db);
          this.writeCheckpoint(p, this.checkpoints.get(p.name) ?? 0);
        }
      })();
      finished = true;
      return result;
    } finally {
      this.rebuilding = false;
      if (!finished)
        for (const p of this.projections)
          try {
            p.endRebuild?.(this.db);
          } catch {
            /* the rebuild's own error is the one to report */
          }
      this.db.pragma(`synchronous = ${Number(restore.synchronous)}`);
      this.db.pragma(`cache_size = ${Number(restore.cacheSize)}`);
    }
  }

  private async applyWholeLog(batchSize: number, onProgress?: (position: number) => void): Promise<{ events: number; position: number }> {
    let events = 0;
    for (;;) {
      // The stored JSON text comes along where the store can give it (the log's copy keeps it as is).
      const batch = this.store.readAllForRebuild
        ? await this.store.readAllForRebuild(this.position, batchSize)
        : await this.store.readAll(this.position, batchSize);
      if (batch.length === 0) break;
      try {
        this.applyBatch(batch);
      } catch (error) {
        // Name the event: apply the batch one event at a time up to the one that fails.
        for (const e of batch) {
          if (e.position <= this.position) continue;
          try {
            this.applyBatch([e]);
          } catch (single) {
            const f = describe(e, single);
            throw Object.assign(
              new Error(`rebuild stopped at position ${f.position} (${f.eventType} ${f.eventId}): ${f.code ? `${f.code} ` : ''}${f.message}`),
              { code: f.code, position: f.position },
            );
          }
        }
        throw error;
      }
      events += batch.length;
      onProgress?.(this.position);
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
          this.options.onReset?.({ projection: p.name, storedVersion: cp.version, version: p.version });
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
  private rebuilding = false;

  private writeCheckpoint(p: Projection, position: number): void {
    this.db
      .prepare(
        `INSERT INTO projection_checkpoints (name, version, position) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position`,
      )
      .run(p.name, this.rebuilding && p.beginRebuild ? REBUILDING : p.version, position);
  }

  private handle(events: StoredEvent[]): void {
    if (this.halted) return;
    try {
      this.applyBatch(events);
    } catch (error) {
      if (isTransientStorageError(error)) {
        this.stall(events[0], error);
        throw error; // the subscription retries the same batch with backoff
      }
      // Find the event itself: apply the batch one event at a time.
      for (const e of events) {
        if (e.position <= this.position) continue;
        try {
          this.applyBatch([e]);
        } catch (single) {
          if (isTransientStorageError(single)) {
            this.stall(e, single);
            throw single;
          }
          this.halt(describe(e, single), single);
          return;
        }
      }
    }
    if (this.failureState?.transient) {
      const f = this.failureState;
      this.failureState = null;
      this.options.onRecovered?.(f);
    }
  }

  private stall(e: StoredEvent, error: unknown): void {
    if (this.failureState) return; // reported once per episode
    this.failureState = { ...describe(e, error), transient: true, since: new Date().toISOString() };
    this.options.onError?.(error, this.failureState);
  }

  /** Stops at the event: no retry loop, one report, every waiting write answered. */
  private halt(f: Omit<ProjectionFailure, 'transient' | 'since'>, error: unknown): void {
    this.failureState = { ...f, transient: false, since: new Date().toISOString() };
    this.options.onError?.(error ?? new Error(f.message), this.failureState);
    const sub = this.subscription;
    this.subscription = null;
    // Closed without waiting: we are inside its handler.
    this.closing = sub ? sub.close() : null;
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w.reject(this.lagError(w.position));
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
    const before = this.position;
    this.position = last;
    if (this.target !== null && before < this.target)
      this.options.onCatchUp?.({ from: this.startedAt, position: last, target: this.target, done: last >= this.target });
    this.options.onBatch?.({ position: last, events: events.length, ms: performance.now() - started });
    const ready = this.waiters.filter((w) => w.position <= last);
    this.waiters = this.waiters.filter((w) => w.position > last);
    for (const w of ready) w.resolve();
  }
}

function describe(e: StoredEvent, error: unknown): Omit<ProjectionFailure, 'transient' | 'since'> {
  const err = error as { message?: string; code?: unknown } | null;
  return {
    position: e.position,
    eventType: e.type,
    eventId: e.eventId,
    message: err?.message ?? String(error),
    code: typeof err?.code === 'string' ? err.code : null,
  };
}
