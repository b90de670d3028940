import type Database from 'better-sqlite3';
import type { CalendarDate } from '@ndp/catalogue';
import { CatalogueQueries, TimePoint } from '../queries/catalogue.queries';
import { SimilarityIndex } from './similarity-index';

/**
 * The {@link SimilarityIndex} of the catalogue on one date as everything recorded so far says
 * (the common case of the duplicate check: today's catalogue, as known now), kept in memory and
 * brought up to the read models' position before every answer, so that it never answers from a
 * stale state. Following the log from the position it was built at: an entry whose stream has
 * new events is read again at the point (or dropped, if not registered by then); an event of a
 * ministry (a rename, a merge that moves entries) or of a stream it does not know rebuilds it
 * from the catalogue. Another date rebuilds it for that date: callers ask for one date only
 * and scan the catalogue for the others.
 */
export class CurrentSimilarityIndex {
  private index: SimilarityIndex | null = null;
  private asOf: CalendarDate | null = null;
  private position = -1;
  private readonly streamsSince;
  private readonly maxPosition;
  /** How often it was built from the whole catalogue (for tests: changes are followed, not rebuilt). */
  rebuilds = 0;

  constructor(
    db: Database.Database,
    private readonly catalogue: CatalogueQueries,
  ) {
    this.streamsSince = db.prepare('SELECT DISTINCT stream_id FROM log WHERE position > ? AND position <= ?').pluck();
    this.maxPosition = db.prepare('SELECT MAX(position) FROM log').pluck();
  }

  /** The index of the entries known now with their state on `asOf`, withdrawn ones included. */
  at(asOf: CalendarDate): SimilarityIndex {
    const position = (this.maxPosition.get() as number | null) ?? 0;
    const point: TimePoint = { asOf, knownAt: null, position };
    if (!this.index || this.asOf !== asOf || position < this.position || !this.follow(this.index, point)) {
      this.index = new SimilarityIndex(this.catalogue.platformsAt(point));
      this.asOf = asOf;
      this.rebuilds++;
    }
    this.position = position;
    return this.index;
  }

  /** Applies what was recorded since the index's position; false when only a rebuild will do. */
  private follow(index: SimilarityIndex, point: TimePoint): boolean {
    if (point.position === this.position) return true;
    const streams = this.streamsSince.all(this.position, point.position) as string[];
    if (streams.some((s) => !s.startsWith('platform-') && !s.startsWith('edition-') && !s.startsWith('code-'))) return false;
    for (const stream of streams) {
      if (!stream.startsWith('platform-')) continue; // editions and code reservations change no entry
      const id = stream.slice('platform-'.length);
      const found = this.catalogue.platform(id, point);
      if (found && 'view' in found) index.upsert(found.view);
      else index.remove(id);
    }
    return true;
  }
}
