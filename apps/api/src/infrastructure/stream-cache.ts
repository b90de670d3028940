import { RecordedDomainEvent, recordedEvent, StreamHistory } from '@ndp/catalogue';
import { DecisionEvent, EventStore } from '@ndp/event-store';

type Reader = Pick<EventStore, 'readStream' | 'readStreamForDecision'>;

/** Events from `from` on, with their revisions, as deciders read them (without the rest of the stored event where the store can). */
async function readFrom(store: Reader, streamId: string, from: number): Promise<Array<{ revision: number; event: RecordedDomainEvent }>> {
  const options = from > 0 ? { fromRevision: from } : undefined;
  if (!store.readStreamForDecision) return (await store.readStream(streamId, options)).map((e) => ({ revision: e.revision, event: recordedEvent(e) }));
  return (await store.readStreamForDecision(streamId, options)).map((e: DecisionEvent) => ({
    revision: e.revision,
    event: recordedEvent({ type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: { effectiveDate: e.effectiveDate }, position: e.position }),
  }));
}

/**
 * Decoded streams kept between commands, keyed by the revision they were read at: a command
 * reads only the events recorded after that revision (usually none or one) instead of the
 * whole stream, and decodes only those.
 *
 * Why it can never decide on a stale stream: every read still asks the store for the tail
 * after the cached revision, so a write by another process (a replica on the same PostgreSQL
 * log, a tool) is seen like any other; and should a read ever miss one (a lagging follower,
 * a log restored under a running process), the append carries the revision the decision was
 * taken at and the store refuses it. The executor then forgets the entry and decides again
 * on a full read.
 *
 * Bounded by the number of events held (least recently used streams go first), so a large
 * log costs memory only for the streams commands actually touch.
 */
export class StreamCache {
  /** Map order = least recently used first. */
  private readonly entries = new Map<string, StreamHistory>();
  private held = 0;

  constructor(
    private readonly store: Reader,
    private readonly maxEvents = 200_000,
  ) {}

  async read(streamId: string): Promise<StreamHistory> {
    const cached = this.entries.get(streamId);
    if (!cached) return this.keep(streamId, await this.readWhole(streamId));
    const from = cached.revision + 1;
    const tail = await readFrom(this.store, streamId, from);
    if (tail.length === 0) return this.keep(streamId, cached);
    // A tail that does not continue the cached revision means the stream is not the one we
    // remember (e.g. a restored log): start again from the whole stream.
    if (tail.some((e, i) => e.revision !== from + i)) {
      this.forget(streamId);
      return this.keep(streamId, await this.readWhole(streamId));
    }
    const events: readonly RecordedDomainEvent[] = Object.freeze([...cached.events, ...tail.map((e) => e.event)]);
    return this.keep(streamId, { revision: cached.revision + tail.length, events });
  }

  /** After the store refused an append on this stream: the next read starts from scratch. */
  forget(streamId: string): void {
    const cached = this.entries.get(streamId);
    if (!cached) return;
    this.entries.delete(streamId);
    this.held -= cached.events.length;
  }

  /** Streams and events held (for tests and metrics). */
  get size(): { streams: number; events: number } {
    return { streams: this.entries.size, events: this.held };
  }

  private async readWhole(streamId: string): Promise<StreamHistory> {
    const stored = await readFrom(this.store, streamId, 0);
    // Frozen: the same array is handed to every later decision on this stream.
    return { revision: stored.length - 1, events: Object.freeze(stored.map((e) => e.event)) };
  }

  /**
   * Remembers `read` unless a concurrent read of the same stream already remembered a later
   * revision (reads may finish out of order); returns `read` either way, which is what this
   * caller's decision must be taken on.
   */
  private keep(streamId: string, read: StreamHistory): StreamHistory {
    const current = this.entries.get(streamId);
    if (read.revision < 0) return read; // nothing to save for a stream that does not exist yet
    if (current && current.revision > read.revision) return read;
    if (current) {
      this.entries.delete(streamId);
      this.held -= current.events.length;
    }
    this.entries.set(streamId, read);
    this.held += read.events.length;
    for (const [id, oldest] of this.entries) {
      if (this.held <= this.maxEvents || id === streamId) break;
      this.entries.delete(id);
      this.held -= oldest.events.length;
    }
    return read;
  }
}
