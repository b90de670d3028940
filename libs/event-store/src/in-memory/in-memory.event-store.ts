import { AppendNotifier } from '../append-notifier';
import {
  AppendRequest,
  AppendResult,
  AppendedStream,
  DuplicateEventIdError,
  EventBatchHandler,
  EventStore,
  IdempotencyKeyReusedError,
  IdempotencyRecord,
  nextRecordedTime,
  revisionMatches,
  ReadStreamOptions,
  StoredEvent,
  Subscription,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { catchUpSubscription } from '../subscription';
import { eventHash, GENESIS_HASH } from '../integrity/event-hash';

/** For unit tests only: nothing survives the process. Same contract as the durable stores. */
export class InMemoryEventStore implements EventStore {
  readonly name = 'in-memory';
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly eventIds = new Set<string>();
  private readonly keys = new Map<string, IdempotencyRecord>();
  private readonly notifier = new AppendNotifier();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async append(request: AppendRequest): Promise<AppendResult> {
    const claim = request.idempotency;
    const seen = claim && this.keys.get(claim.key);
    if (claim && seen) {
      if (seen.requestHash !== claim.requestHash) throw new IdempotencyKeyReusedError(claim.key);
      return { ...seen.outcome, replayed: true };
    }
    // Validate everything first so that a refused append leaves no trace (atomicity).
    const ids = new Set<string>();
    const pendingRevisions = new Map<string, number>();
    for (const w of request.writes) {
      const current = pendingRevisions.get(w.streamId) ?? (this.streams.get(w.streamId)?.length ?? 0) - 1;
      if (!revisionMatches(w.expectedRevision, current)) throw new WrongExpectedRevisionError(w.streamId, w.expectedRevision, current);
      pendingRevisions.set(w.streamId, current + w.events.length);
      for (const e of w.events) {
        if (this.eventIds.has(e.eventId) || ids.has(e.eventId)) throw new DuplicateEventIdError(e.eventId);
        ids.add(e.eventId);
      }
    }
    const recordedAt = nextRecordedTime(this.now(), this.log.at(-1)?.recordedAt ?? null);
    const appended: AppendedStream[] = [];
    for (const w of request.writes) {
      const stream = this.streams.get(w.streamId) ?? [];
      this.streams.set(w.streamId, stream);
      const firstPosition = this.log.length + 1;
      for (const e of w.events) {
        const fields = {
          ...structuredClone(e),
          streamId: w.streamId,
          revision: stream.length,
          position: this.log.length + 1,
          recordedAt,
        };
        const prevHash = this.log.at(-1)?.hash ?? GENESIS_HASH;
        const stored: StoredEvent = { ...fields, prevHash, hash: eventHash(prevHash, fields) };
        stream.push(stored);
        this.log.push(stored);
        this.eventIds.add(e.eventId);
      }
      appended.push({ streamId: w.streamId, revision: stream.length - 1, firstPosition, lastPosition: this.log.length });
    }
    const outcome = { position: this.log.length, streams: appended, result: claim?.result ?? {} };
    if (claim) this.keys.set(claim.key, { requestHash: claim.requestHash, outcome });
    this.notifier.notify();
    return { ...outcome, replayed: false };
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    return structuredClone((this.streams.get(streamId) ?? []).slice(Math.max(0, options?.fromRevision ?? 0)));
  }

  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    return structuredClone(this.log.slice(afterPosition, afterPosition + limit));
  }

  async headPosition(): Promise<number> {
    return this.log.length;
  }

  async findIdempotency(key: string): Promise<IdempotencyRecord | null> {
    return this.keys.get(key) ?? null;
  }

  subscribe(afterPosition: number, handler: EventBatchHandler): Subscription {
    return catchUpSubscription({ readAll: (p, l) => this.readAll(p, l), waitForAppend: (s, ms) => this.notifier.wait(s, ms) }, afterPosition, handler, {
      pollMs: 1000,
    });
  }

  async close(): Promise<void> {
    this.notifier.notify();
  }
}
