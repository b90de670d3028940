import { RecordedDomainEvent, recordedEvent, StreamHistory } from '@ndp/catalogue';
import { DecisionEvent, EventStore } from '@ndp/event-store';
import { DEFAULT_STREAM_CACHE_MIB } from '../config/app-config';

type Reader = Pick<EventStore, 'readStream' | 'readStreamForDecision'>;

interface Entry {
  revision: number;
  /**
   * Never handed out itself: deciders memoise a timeline per frozen array they are given
   * (PlatformTimeline.of), and a timeline of every cached stream would about double the
   * memory this cache is bounded by.
   */
  events: readonly RecordedDomainEvent[];
  bytes: number;
  /**
   * The frozen copy handed out last, while a decision (or the guard before it) still holds it:
   * reads of an unchanged stream get that same array, so its memoised timeline is shared.
   */
  lent: WeakRef<readonly RecordedDomainEvent[]> | null;
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
 * Bounded by an estimate of the memory its events take (least recently used streams go
 * first), so a large log costs memory only for the streams commands actually touch. Events are
 * held as deciders read them (type, payload, valid date, position), with the strings that
 * repeat across events (type, date, the entry's id) shared rather than copied per event.
 */
export class StreamCache {
  /** Map order = least recently used first. */
  private readonly entries = new Map<string, Entry>();
  private heldEvents = 0;
  private heldBytes = 0;
  private readonly strings = new Interner();

  constructor(
    private readonly store: Reader,
    /** Estimated bytes (see `estimateBytes`); the default is DEFAULT_STREAM_CACHE_MIB. */
    private readonly maxBytes = DEFAULT_STREAM_CACHE_MIB * 1024 * 1024,
  ) {}

  async read(streamId: string): Promise<StreamHistory> {
    const cached = this.entries.get(streamId);
    if (!cached) return this.keep(streamId, await this.readWhole(streamId));
    const from = cached.revision + 1;
    const tail = await this.readFrom(streamId, from);
    if (tail.length === 0) return this.keep(streamId, cached);
    // A tail that does not continue the cached revision means the stream is not the one we
    // remember (e.g. a restored log): start again from the whole stream.
    if (tail.some((e, i) => e.revision !== from + i)) {
      this.forget(streamId);
      return this.keep(streamId, await this.readWhole(streamId));
    }
    return this.keep(streamId, {
      revision: cached.revision + tail.length,
      events: Object.freeze([...cached.events, ...tail.map((e) => e.event)]),
      bytes: cached.bytes + tail.reduce((sum, e) => sum + e.bytes, 0),
      lent: null,
    });
  }

  /** After the store refused an append on this stream: the next read starts from scratch. */
  forget(streamId: string): void {
    const cached = this.entries.get(streamId);
    if (!cached) return;
    this.drop(streamId, cached);
  }

  /** Streams, events and estimated bytes held (for tests and metrics). */
  get size(): { streams: number; events: number; bytes: number } {
    return { streams: this.entries.size, events: this.heldEvents, bytes: this.heldBytes };
  }

  private async readWhole(streamId: string): Promise<Entry> {
    const stored = await this.readFrom(streamId, 0);
    return { revision: stored.length - 1, events: Object.freeze(stored.map((e) => e.event)), bytes: stored.reduce((sum, e) => sum + e.bytes, 0), lent: null };
  }

  /** Events from `from` on, with their revisions and estimated sizes, as deciders read them. */
  private async readFrom(streamId: string, from: number): Promise<Array<{ revision: number; event: RecordedDomainEvent; bytes: number }>> {
    const options = from > 0 ? { fromRevision: from } : undefined;
    const read: DecisionEvent[] = this.store.readStreamForDecision
      ? await this.store.readStreamForDecision(streamId, options)
      : (await this.store.readStream(streamId, options)).map((e) => ({ ...e, effectiveDate: e.metadata.effectiveDate }));
    return read.map((e) => {
      const event = recordedEvent({
        type: this.strings.get(e.type),
        schemaVersion: e.schemaVersion,
        data: this.strings.shareEntityId(e.data),
        metadata: { effectiveDate: this.strings.get(e.effectiveDate) },
        position: e.position,
      });
      return { revision: e.revision, event, bytes: EVENT_BYTES + estimateBytes(event.data) };
    });
  }

  /**
   * Remembers `read` unless a concurrent read of the same stream already remembered a later
   * revision (reads may finish out of order); returns what this caller's decision must be
   * taken on, which is `read` either way.
   */
  private keep(streamId: string, read: Entry): StreamHistory {
    const current = this.entries.get(streamId);
    // Nothing to save for a stream that does not exist yet, or with no memory to keep it in.
    if (read.revision < 0 || this.maxBytes === 0) return { revision: read.revision, events: read.events };
    if (current && current.revision > read.revision) return { revision: read.revision, events: lend(read) };
    if (current) this.drop(streamId, current);
    this.entries.set(streamId, read);
    this.heldEvents += read.events.length;
    this.heldBytes += read.bytes;
    for (const [id, oldest] of this.entries) {
      if (this.heldBytes <= this.maxBytes || id === streamId) break;
      this.drop(id, oldest);
    }
    return { revision: read.revision, events: lend(read) };
  }

  private drop(streamId: string, entry: Entry): void {
    this.entries.delete(streamId);
    this.heldEvents -= entry.events.length;
    this.heldBytes -= entry.bytes;
  }
}

/** The frozen array a decision gets: the one lent before if someone still holds it, else a fresh copy. */
function lend(entry: Entry): readonly RecordedDomainEvent[] {
  const held = entry.lent?.deref();
  if (held) return held;
  const copy = Object.freeze(entry.events.slice());
  entry.lent = new WeakRef(copy);
  return copy;
}

/**
 * Per event beside its payload's estimate: the event object and its slot in the stream's array
 * (~64 bytes), less the entry's id, which the payload's estimate counts in every event but the
 * stream shares (~50). Calibrated on 300,000 events of the 1M benchmark log (V8, Node 20): 242
 * bytes an event on the heap, 242 estimated.
 */
const EVENT_BYTES = 16;

/** Heap bytes of a decoded JSON value, estimated: V8's object and string layouts, shared strings counted each time. */
export function estimateBytes(value: unknown): number {
  if (typeof value === 'string') return 16 + (isOneByte(value) ? value.length : 2 * value.length);
  if (value === null || typeof value !== 'object') return 0; // small numbers and booleans live in the pointer
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + 8 + estimateBytes(v), 32);
  let sum = 24;
  for (const key in value) sum += 8 + estimateBytes((value as Record<string, unknown>)[key]);
  return sum;
}
/** V8 stores a string of Latin-1 characters one byte a character, any other two. */
function isOneByte(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

/**
 * Shares the strings that repeat across a log's events. Bounded: the event types are a few,
 * dates a few thousand; should a log ever hold more distinct values, it starts over.
 */
class Interner {
  private readonly seen = new Map<string, string>();
  private lastEntityId: string | null = null;

  get(value: string): string {
    const known = this.seen.get(value);
    if (known !== undefined) return known;
    if (this.seen.size >= 100_000) this.seen.clear();
    this.seen.set(value, value);
    return value;
  }

  /** Every event of an entry's stream names the entry: one string for all of them (consecutive reads are of one stream). */
  shareEntityId(data: unknown): unknown {
    if (data === null || typeof data !== 'object') return data;
    const record = data as { platformId?: unknown };
    if (typeof record.platformId !== 'string') return data;
    if (record.platformId === this.lastEntityId) record.platformId = this.lastEntityId;
    else this.lastEntityId = record.platformId;
    return data;
  }
}
