import { EventStoreDBClient, FORWARDS, jsonEvent, NO_STREAM, START, StreamNotFoundError } from '@eventstore/db-client';
import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { AppendNotifier } from '../append-notifier';
import {
  AppendedStream,
  AppendRequest,
  AppendResult,
  EventBatchHandler,
  EventStore,
  IdempotencyClaim,
  IdempotencyKeyReusedError,
  IdempotencyRecord,
  ReadStreamOptions,
  StoredEvent,
  Subscription,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { catchUpSubscription } from '../subscription';
import { EsdbPositionIndex } from './esdb-position-index';
import { fromEsdbError, fromEsdbEvent, idempotencyStream, isCatalogueEvent, toEsdbEvent, toEsdbExpectedRevision } from './esdb-mapping';

export interface EsdbEventStoreOptions {
  /** e.g. esdb://127.0.0.1:2113?tls=false */
  connectionString: string;
  /** Local SQLite file of the position index (see EsdbPositionIndex). */
  indexPath: string;
  /**
   * Prefix of every stream this store writes and reads (default none). Several catalogues (or
   * test runs) can share one cluster: each sees only its own streams and counts its own positions.
   */
  namespace?: string;
  pollMs?: number;
}

type Outcome = Omit<AppendResult, 'replayed'>;

/**
 * The EventStore port on EventStoreDB / KurrentDB through @eventstore/db-client: one stream
 * per entry and per ministry, appends with the expected revision, event ids and metadata
 * ($correlationId, $causationId) carried over, reads of $all without system events.
 *
 * Two differences from SQLite, both documented in README "EventStoreDB":
 * - EventStoreDB (client 6.x) cannot append to several streams atomically. The first write of
 *   a request (the command's primary stream) is appended last, so a failure part-way leaves the
 *   primary stream untouched and the command can simply be retried (it converges: a retried
 *   merger only transfers what is still left).
 * - Idempotency keys are kept in a stream per key (claimed → completed | released), because
 *   the server's own duplicate check only remembers recent event ids.
 */
export class EsdbEventStore implements EventStore {
  readonly name = 'eventstoredb';
  private readonly client: EventStoreDBClient;
  private readonly index: EsdbPositionIndex;
  private readonly notifier = new AppendNotifier();
  private indexing: Promise<void> | null = null;
  private readonly ns: string;

  constructor(private readonly options: EsdbEventStoreOptions) {
    this.ns = options.namespace ?? '';
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.index = new EsdbPositionIndex(options.indexPath);
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const claim = request.idempotency;
    if (claim) {
      const state = await this.claim(claim);
      if (state.replay) return { ...state.replay, replayed: true };
    }
    try {
      const ordered = request.writes.length > 1 ? [...request.writes.slice(1), request.writes[0]] : request.writes;
      const revisions = new Map<string, number>();
      for (const w of ordered) {
        try {
          const r = await this.client.appendToStream(
            this.ns + w.streamId,
            w.events.map((e) => toEsdbEvent(e)),
            {
              expectedRevision: toEsdbExpectedRevision(w.expectedRevision),
            },
          );
          revisions.set(w.streamId, Number(r.nextExpectedRevision));
        } catch (e) {
          throw fromEsdbError(e, w.streamId, w.expectedRevision);
        }
      }
      await this.catchUpIndex();
      const streams: AppendedStream[] = request.writes.map((w) => {
        const positions = w.events.map((e) => this.index.positionOf(e.eventId) ?? 0);
        return { streamId: w.streamId, revision: revisions.get(w.streamId)!, firstPosition: Math.min(...positions), lastPosition: Math.max(...positions) };
      });
      const outcome: Outcome = { position: Math.max(...streams.map((s) => s.lastPosition)), streams, result: claim?.result ?? {} };
      if (claim) await this.settle(claim, { type: 'idempotency.completed', data: { outcome } });
      this.notifier.notify();
      return { ...outcome, replayed: false };
    } catch (e) {
      if (claim) await this.settle(claim, { type: 'idempotency.released', data: {} }).catch(() => undefined);
      throw e;
    }
  }

  /** Takes the key, or returns the original outcome of a completed request with the same hash. */
  private async claim(claim: IdempotencyClaim): Promise<{ replay?: Outcome }> {
    const stream = this.ns + idempotencyStream(claim.key);
    const history = await this.readRaw(stream);
    const last = history.at(-1);
    if (last) {
      const requestHash = (history[0].data as { requestHash: string }).requestHash;
      if (requestHash !== claim.requestHash) throw new IdempotencyKeyReusedError(claim.key);
      if (last.type === 'idempotency.completed') return { replay: (last.data as { outcome: Outcome }).outcome };
      // Someone holds the key right now: the caller retries (409 if it keeps happening).
      if (last.type === 'idempotency.claimed') throw new WrongExpectedRevisionError(stream, history.length - 2, history.length - 1);
    }
    try {
      await this.client.appendToStream(stream, jsonEvent({ type: 'idempotency.claimed', data: { requestHash: claim.requestHash } }), {
        expectedRevision: last ? BigInt(history.length - 1) : NO_STREAM,
      });
    } catch (e) {
      throw fromEsdbError(e, stream, last ? history.length - 1 : 'no-stream');
    }
    return {};
  }

  private async settle(claim: IdempotencyClaim, event: { type: string; data: Record<string, unknown> }): Promise<void> {
    const json = JSON.parse(JSON.stringify(event.data, (_, v) => (typeof v === 'bigint' ? Number(v) : v)));
    await this.client.appendToStream(this.ns + idempotencyStream(claim.key), jsonEvent({ type: event.type, data: json }));
  }

  private async readRaw(streamId: string): Promise<Array<{ type: string; data: unknown }>> {
    const out: Array<{ type: string; data: unknown }> = [];
    try {
      for await (const r of this.client.readStream(streamId, { direction: FORWARDS, fromRevision: START }))
        if (r.event) out.push({ type: r.event.type, data: r.event.data });
    } catch (e) {
      if (e instanceof StreamNotFoundError) return [];
      throw e;
    }
    return out;
  }

  /** Reads $all past the last indexed position and numbers the catalogue's new events. */
  private catchUpIndex(): Promise<void> {
    this.indexing ??= (async () => {
      try {
        for (;;) {
          const last = this.index.last();
          const found: Array<{ commit: bigint; prepare: bigint; eventId: string }> = [];
          let read = 0;
          for await (const r of this.client.readAll({
            fromPosition: last ? { commit: last.commit, prepare: last.prepare } : START,
            maxCount: 1000,
            direction: FORWARDS,
          })) {
            read++;
            const e = (r as AllStreamResolvedEvent).event;
            if (!e || (last && e.id === last.eventId)) continue;
            if (this.owns(e.streamId, e.type)) found.push({ commit: e.position.commit, prepare: e.position.prepare, eventId: e.id });
          }
          if (found.length) this.index.add(found);
          if (read < 1000) break;
        }
      } finally {
        this.indexing = null;
      }
    })();
    return this.indexing;
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    await this.catchUpIndex();
    const out: StoredEvent[] = [];
    const from = options?.fromRevision ?? 0;
    try {
      for await (const r of this.client.readStream(this.ns + streamId, { direction: FORWARDS, fromRevision: from > 0 ? BigInt(from) : START })) {
        if (!r.event) continue;
        out.push(this.toStored(r.event as never, this.index.positionOf(r.event.id) ?? 0));
      }
    } catch (e) {
      if (e instanceof StreamNotFoundError) return [];
      throw e;
    }
    return out;
  }

  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    await this.catchUpIndex();
    const first = this.index.firstAfter(afterPosition);
    if (!first) return [];
    const out: StoredEvent[] = [];
    let position = first.position;
    for await (const r of this.client.readAll({
      fromPosition: { commit: first.commit, prepare: first.prepare },
      direction: FORWARDS,
      maxCount: limit * 2 + 10,
    })) {
      const e = (r as AllStreamResolvedEvent).event;
      if (!e || !this.owns(e.streamId, e.type)) continue;
      out.push(this.toStored(e as never, position++));
      if (out.length >= limit) break;
    }
    return out;
  }

  async headPosition(): Promise<number> {
    await this.catchUpIndex();
    return this.index.last()?.position ?? 0;
  }

  async findIdempotency(key: string): Promise<IdempotencyRecord | null> {
    const history = await this.readRaw(this.ns + idempotencyStream(key));
    const last = history.at(-1);
    if (!last || last.type !== 'idempotency.completed') return null;
    return { requestHash: (history[0].data as { requestHash: string }).requestHash, outcome: (last.data as { outcome: Outcome }).outcome };
  }

  subscribe(afterPosition: number, handler: EventBatchHandler): Subscription {
    // Polling $all through the index is the reconnection strategy: every read is a fresh call,
    // so a dropped connection only delays delivery; local appends wake it at once.
    return catchUpSubscription({ readAll: (p, l) => this.readAll(p, l), waitForAppend: (s, ms) => this.notifier.wait(s, ms) }, afterPosition, handler, {
      pollMs: this.options.pollMs ?? 250,
    });
  }

  /**
   * For the migration tool: appends events as they are — ids, stream revisions and recorded
   * times (kept in metadata) — consecutive events of a stream in one append.
   */
  async importBatch(events: readonly StoredEvent[]): Promise<void> {
    for (let i = 0; i < events.length;) {
      let j = i + 1;
      while (j < events.length && events[j].streamId === events[i].streamId && events[j].revision === events[j - 1].revision + 1) j++;
      const group = events.slice(i, j);
      const expected = group[0].revision === 0 ? 'no-stream' : group[0].revision - 1;
      try {
        await this.client.appendToStream(
          this.ns + group[0].streamId,
          group.map((e) => toEsdbEvent(e, e.recordedAt)),
          { expectedRevision: toEsdbExpectedRevision(expected) },
        );
      } catch (e) {
        throw fromEsdbError(e, group[0].streamId, expected);
      }
      i = j;
    }
    await this.catchUpIndex();
  }

  private owns(streamId: string, type: string): boolean {
    return streamId.startsWith(this.ns) && isCatalogueEvent(streamId.slice(this.ns.length), type);
  }

  private toStored(e: Parameters<typeof fromEsdbEvent>[0], position: number): StoredEvent {
    const stored = fromEsdbEvent(e, position);
    return { ...stored, streamId: stored.streamId.slice(this.ns.length) };
  }

  /** Reachability for readiness probes. */
  async ping(): Promise<void> {
    await this.headPosition();
  }

  async close(): Promise<void> {
    this.notifier.notify();
    await this.client.dispose();
    this.index.close();
  }
}
