import { randomUUID } from 'node:crypto';
import {
  DomainError,
  EVENT_REGISTRY,
  ministryAsOf,
  MinistryHistories,
  PendingEvent,
  RecordedDomainEvent,
  recordedEvent,
  StreamHistory,
  streamIdOf,
  successorsOf,
} from '@ndp/catalogue';
import { IdempotencyKeyReusedError, NewEvent, WrongExpectedRevisionError } from '@ndp/event-store';
import { DEFAULT_STREAM_CACHE_MIB } from '../config/app-config';
import { CatalogueRuntime } from './catalogue-runtime';
import { CommandMetadata, CommandResult } from './command-metadata';
import { RevisionConflictError } from './revision-conflict.error';
import { StreamCache } from './stream-cache';

export { RevisionConflictError };

/**
 * Loads streams for a decision and remembers the revision each was read at. With a cache
 * (the executor's), only the events recorded since the cached revision are read and decoded.
 */
export class StreamLoader {
  readonly revisions = new Map<string, number>();
  constructor(
    private readonly runtime: CatalogueRuntime,
    private readonly cache: StreamCache | null = null,
  ) {}

  async stream(streamId: string): Promise<StreamHistory> {
    if (this.cache) {
      const read = await this.cache.read(streamId);
      this.revisions.set(streamId, read.revision);
      return read;
    }
    const stored = await this.runtime.store.readStream(streamId);
    this.revisions.set(streamId, stored.length - 1);
    return { revision: stored.length - 1, events: stored.map(recordedEvent) };
  }

  platform(id: string): Promise<StreamHistory> {
    return this.stream(streamIdOf.platform(id));
  }

  /** The ministries named, and every ministry that succeeded one of them (an entry may follow a chain of reorganisations). */
  async ministries(codes: Iterable<string>): Promise<MinistryHistories> {
    const map = new Map<string, RecordedDomainEvent[]>();
    const pending = [...new Set(codes)];
    const seen = new Set(pending);
    while (pending.length > 0) {
      const code = pending.pop()!;
      const s = await this.stream(streamIdOf.ministry(code));
      if (s.events.length === 0) continue;
      map.set(code, [...s.events]);
      const ending = ministryAsOf(s.events, null)?.ending;
      for (const next of ending ? successorsOf(ending) : [])
        if (!seen.has(next)) {
          seen.add(next);
          pending.push(next);
        }
    }
    return map;
  }
}

export interface Decision {
  events: PendingEvent[];
  /** The entity the client addressed: its id is returned, and its stream's revision. */
  id: string;
  streamId: string;
}

/**
 * The one write path: (repeat check) → load → decide → append with the revisions read →
 * wait until projections include the write → answer. Commands without If-Match are retried
 * on a concurrent write to the same stream; with If-Match the client gets the 409.
 */
export interface CommandObserver {
  /** outcome: ok | replayed | rule | forbidden | not-found | conflict | error */
  commandFinished(command: string, outcome: string, seconds: number): void;
  appendFinished(seconds: number): void;
}

function outcomeOf(error: unknown): string {
  if (error instanceof DomainError) return error.kind;
  if (error instanceof RevisionConflictError || error instanceof IdempotencyKeyReusedError) return 'conflict';
  return 'error';
}

export class CommandExecutor {
  /** Decoded streams between commands, bounded by STREAM_CACHE_MB; the expected revision of each append guards it (stream-cache.ts). */
  readonly streams: StreamCache;

  constructor(
    private readonly runtime: CatalogueRuntime,
    private readonly observer?: CommandObserver,
  ) {
    this.streams = new StreamCache(runtime.store, (runtime.config?.streamCacheMiB ?? DEFAULT_STREAM_CACHE_MIB) * 1024 * 1024);
  }

  async execute(
    command: string,
    meta: CommandMetadata,
    decide: (load: StreamLoader) => Promise<Decision>,
    options: { retryOnConflict: boolean } = { retryOnConflict: true },
  ): Promise<CommandResult> {
    const started = performance.now();
    try {
      const result = await this.run(meta, decide, options);
      this.observer?.commandFinished(command, result.replayed ? 'replayed' : 'ok', (performance.now() - started) / 1000);
      return result;
    } catch (e) {
      this.observer?.commandFinished(command, outcomeOf(e), (performance.now() - started) / 1000);
      throw e;
    }
  }

  private async run(meta: CommandMetadata, decide: (load: StreamLoader) => Promise<Decision>, options: { retryOnConflict: boolean }): Promise<CommandResult> {
    const key = meta.idempotency ? `${meta.actor.sub}\u0000${meta.idempotency.key}` : null;
    const recorded = async () => {
      if (!key || !meta.idempotency) return null;
      const seen = await this.runtime.store.findIdempotency(key);
      if (seen && seen.requestHash !== meta.idempotency.requestHash) throw new IdempotencyKeyReusedError(meta.idempotency.key);
      return seen;
    };
    const seen = await recorded();
    if (seen) return this.answer(seen.outcome, true);
    try {
      return await this.decideAndAppend(key, meta, decide, options);
    } catch (e) {
      // The same request, sent at the same time with the same key, may have been recorded while
      // this one decided: a registration then finds its code taken, a ministry finds itself
      // registered. The caller gets that request's answer, as for any repeat.
      if (key && (e instanceof DomainError || e instanceof RevisionConflictError)) {
        const original = await recorded();
        if (original) {
          await this.runtime.projector.waitFor(original.outcome.position);
          return this.answer(original.outcome, true);
        }
      }
      throw e;
    }
  }

  private async decideAndAppend(
    key: string | null,
    meta: CommandMetadata,
    decide: (load: StreamLoader) => Promise<Decision>,
    options: { retryOnConflict: boolean },
  ): Promise<CommandResult> {
    for (let attempt = 1; ; attempt++) {
      const loader = new StreamLoader(this.runtime, this.streams);
      const decision = await decide(loader);
      try {
        const appendStarted = performance.now();
        const outcome = await this.runtime.store.append({
          writes: this.writes(decision, loader, meta),
          idempotency:
            key && meta.idempotency ? { key, requestHash: meta.idempotency.requestHash, result: { id: decision.id, streamId: decision.streamId } } : undefined,
        });
        this.observer?.appendFinished((performance.now() - appendStarted) / 1000);
        if (meta.projection !== 'caller-waits') await this.runtime.projector.waitFor(outcome.position);
        return outcome.replayed ? this.answer(outcome, true) : this.answer({ ...outcome, result: { id: decision.id, streamId: decision.streamId } }, false);
      } catch (e) {
        // The client's If-Match concerns the entry it addressed; a concurrent change to any other
        // stream the decision read (a ministry, a code) is ours to absorb by deciding again.
        // The store knows better than the cache: the next read of that stream starts afresh.
        if (e instanceof WrongExpectedRevisionError) this.streams.forget(e.streamId);
        const retry = e instanceof WrongExpectedRevisionError && (options.retryOnConflict || e.streamId !== decision.streamId);
        if (retry && attempt < 5) continue;
        if (e instanceof WrongExpectedRevisionError) throw new RevisionConflictError(e.streamId, e.actual);
        throw e;
      }
    }
  }

  private writes(decision: Decision, loader: StreamLoader, meta: CommandMetadata) {
    const byStream = new Map<string, NewEvent[]>();
    let firstEventId: string | null = null;
    for (const e of decision.events) {
      if (!loader.revisions.has(e.streamId)) throw new Error(`decision writes to ${e.streamId} without having read it`);
      const eventId = randomUUID();
      const list = byStream.get(e.streamId) ?? [];
      list.push({
        eventId,
        type: e.type,
        schemaVersion: EVENT_REGISTRY[e.type].schemaVersion,
        data: e.data,
        metadata: {
          effectiveDate: e.effectiveDate,
          actor: meta.actor,
          legalBasis: meta.legalBasis,
          reason: meta.reason,
          idempotencyKey: meta.idempotency?.key ?? null,
          correlationId: meta.correlationId,
          // The first event is caused by the command; the rest (a merger's transfers) by the first.
          causationId: firstEventId ?? meta.commandId,
        },
      });
      firstEventId ??= eventId;
      byStream.set(e.streamId, list);
    }
    // Every stream read is appended with the revision it was read at, those without new events
    // too: a decision taken on a ministry's or a code's state fails if that state changed.
    return [...loader.revisions].map(([streamId, read]) => ({
      streamId,
      expectedRevision: read === -1 ? ('no-stream' as const) : read,
      events: byStream.get(streamId) ?? [],
    }));
  }

  private answer(
    outcome: { position: number; streams: Array<{ streamId: string; revision: number }>; result: Record<string, unknown> },
    replayed: boolean,
  ): CommandResult {
    const streamId = outcome.result.streamId as string;
    const revision = outcome.streams.find((s) => s.streamId === streamId)?.revision ?? -1;
    return { id: outcome.result.id as string, revision, position: outcome.position, replayed };
  }
}
