/**
 * Serialized read answers, kept while the read models stay at the position they were computed
 * at. An answer for a given (route, canonical query, log position, today's date, visibility
 * class) never changes, so it can be served again byte for byte; once the projections move on,
 * every kept answer belongs to an older position and the whole cache is dropped at once (no
 * per-entry expiry to track).
 *
 * Memory bound: `maxBytes` (ANSWER_CACHE_MB, default 32 MiB) over all entries, counting each key and body at two
 * bytes per character (what V8 needs for a string with Vietnamese text) plus a fixed overhead;
 * the least recently used answers go first. An answer larger than `maxEntryBytes` (default
 * 4 MiB) is served but not kept, so one big catalogue cannot push out everything else.
 */
export interface CachedAnswer {
  /** The JSON text as sent. */
  body: string;
  /** The strong entity tag, quotes included. */
  etag: string;
}

const ENTRY_OVERHEAD_BYTES = 200;

export class AnswerCache {
  private readonly entries = new Map<string, CachedAnswer & { bytes: number }>();
  private position = -1;
  private usedBytes = 0;

  constructor(
    readonly maxBytes = 32 * 1024 * 1024,
    readonly maxEntryBytes = 4 * 1024 * 1024,
  ) {}

  get bytes(): number {
    return this.usedBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The answer kept for `key` at `position`, made the most recently used; undefined if none. */
  get(position: number, key: string): CachedAnswer | undefined {
    if (position !== this.position) return undefined;
    const found = this.entries.get(key);
    if (found) {
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  set(position: number, key: string, answer: CachedAnswer): void {
    if (this.maxBytes <= 0) return;
    if (position !== this.position) {
      // Answers of another position can never be asked for again by a newer read.
      if (position < this.position) return;
      this.entries.clear();
      this.usedBytes = 0;
      this.position = position;
    }
    const bytes = 2 * (key.length + answer.body.length + answer.etag.length) + ENTRY_OVERHEAD_BYTES;
    if (bytes > this.maxEntryBytes || bytes > this.maxBytes) return;
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.usedBytes -= previous.bytes;
    }
    this.entries.set(key, { ...answer, bytes });
    this.usedBytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.usedBytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.usedBytes -= entry.bytes;
    }
  }
}
