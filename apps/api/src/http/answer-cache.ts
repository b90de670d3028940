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

/** A kept answer, or a second key for one (`alias`): the body is counted once, under its own key. */
type Entry = (CachedAnswer & { bytes: number }) | { aliasOf: string; bytes: number };

export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
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
    const found = this.touch(key);
    // An alias whose answer was pushed out answers nothing (it goes with the next eviction).
    return found && 'aliasOf' in found ? this.answerOf(this.touch(found.aliasOf)) : this.answerOf(found);
  }

  set(position: number, key: string, answer: CachedAnswer): void {
    if (!this.moveTo(position)) return;
    const bytes = 2 * (key.length + answer.body.length + answer.etag.length) + ENTRY_OVERHEAD_BYTES;
    if (bytes > this.maxEntryBytes || bytes > this.maxBytes) return;
    this.put(key, { ...answer, bytes });
  }

  /** `aliasKey` answers as `key` does while `key`'s answer is kept; only the alias's key is counted. */
  alias(position: number, aliasKey: string, key: string): void {
    if (aliasKey === key || !this.moveTo(position) || !this.entries.has(key)) return;
    this.put(aliasKey, { aliasOf: key, bytes: 2 * aliasKey.length + ENTRY_OVERHEAD_BYTES });
  }

  private touch(key: string): Entry | undefined {
    const found = this.entries.get(key);
    if (found) {
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  private answerOf(entry: Entry | undefined): CachedAnswer | undefined {
    return entry && !('aliasOf' in entry) ? entry : undefined;
  }

  /** False when answers for `position` are not to be kept (cache off, or an older position). */
  private moveTo(position: number): boolean {
    if (this.maxBytes <= 0) return false;
    if (position !== this.position) {
      // Answers of another position can never be asked for again by a newer read.
      if (position < this.position) return false;
      this.entries.clear();
      this.usedBytes = 0;
      this.position = position;
    }
    return true;
  }

  private put(key: string, entry: Entry): void {
    const bytes = entry.bytes;
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.usedBytes -= previous.bytes;
    }
    this.entries.set(key, entry);
    this.usedBytes += bytes;
    for (const [oldest, kept] of this.entries) {
      if (this.usedBytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.usedBytes -= kept.bytes;
    }
  }
}
