import type Database from 'better-sqlite3';
import { CalendarDate, foldVietnamese, fromDayNumber, MinistryState, PlatformState, toDayNumber } from '@ndp/catalogue';
import { KIND_CODE, LATEST, OPEN_END, TimelineKind } from '../catalogue-index/catalogue-index.schema';
import { diffStates, FieldChange } from '../catalogue-index/state-diff';
import { compareFolded, MinistryView, PlatformView, presentMinistry, presentPlatform, sortPlatforms, withMinistryNames } from './presenters';

/** A point in both times: valid date `asOf`, and what was recorded up to log position `position`. */
export interface TimePoint {
  asOf: CalendarDate;
  /** The instant asked for, if any (echoed to the client); null = everything recorded so far. */
  knownAt: string | null;
  position: number;
}

export interface CatalogueFilter {
  ministry?: string;
  kind?: string;
  /** 'in-force' (default), 'withdrawn' or 'all'. */
  status?: 'in-force' | 'withdrawn' | 'all';
  deploymentStatus?: string;
  ndxpStatus?: string;
  q?: string;
}

export interface CatalogueView {
  asOf: string;
  knownAt: string | null;
  total: number;
  byMinistry: Array<{ code: string; name: string; count: number }>;
  platforms: PlatformView[];
}

export interface DiffView {
  from: { asOf: string; knownAt: string | null };
  to: { asOf: string; knownAt: string | null };
  added: PlatformView[];
  changed: Array<{ id: string; name: string; ownerMinistry: string; changes: FieldChange[] }>;
  transferred: Array<{ id: string; name: string; fromMinistry: string; toMinistry: string }>;
  withdrawn: PlatformView[];
}

interface TimelineRow {
  stream_id: string;
  valid_from: number;
  json: string;
}

/** An entry's row as known now on a day, with its revision and its owner's name then (`entryNow`). */
interface EntryNowRow {
  valid_from: number;
  valid_to: number;
  json: string;
  revision: number | null;
  /** Null when the owner has no row on the day. */
  owner_name: string | null;
}

/** A row as known now (`current_versions`), without its presentation. */
interface CurrentRow {
  id: number;
  stream_id: string;
  owner: string;
  status: string;
  sort_name: string;
}

/**
 * Where an entry stands in catalogue order: owning ministry, name folded (`foldVietnamese`),
 * id. A page that starts after a key reads the index from there (keyset paging).
 */
export interface CatalogueKey {
  owner: string;
  sortName: string;
  id: string;
}

/** Part of the sorted, filtered list of entries: `limit` of them after `after`, or else after the first `offset`. */
export interface CataloguePage {
  limit: number;
  /** Entries before the page, counted (the cursors issued before keys; still answered). */
  offset?: number;
  /** The last entry of the previous page; takes precedence over `offset`. */
  after?: CatalogueKey;
}

/** The key of an entry as presented (the same as the one its row keeps). */
export function catalogueKeyOf(p: PlatformView): CatalogueKey {
  return { owner: p.ownerMinistry ?? '', sortName: foldVietnamese(p.name ?? ''), id: p.id };
}

/** Counts of the rows valid on one date as known at one position, by owner and status. */
type CurrentCounts = Array<{ owner: string; status: string; n: number }>;

/** How many (date, position) counts are remembered for the pages after the first: they never change. */
const COUNTS_KEPT = 256;

const PLATFORM_PREFIX = 'platform-'.length;

/**
 * Reads of the bitemporal index. Every answer is a search of the index at one (day, position)
 * point; nothing here folds the log.
 */
export class CatalogueQueries {
  private readonly stmts;
  /** The reads of the whole list and the walks of `current_order` for a page, by filter (prepared on first use). */
  private readonly pageStmts = new Map<string, Database.Statement>();
  /** Counts per (date, position), oldest first: later pages of a list read the first one's. */
  private readonly counts = new Map<string, CurrentCounts>();

  constructor(private readonly db: Database.Database) {
    const currentBox = `FROM current_box b JOIN current_versions c ON c.id = b.id
          WHERE b.kind_min <= @kind AND b.kind_max >= @kind AND b.valid_min <= @day AND b.valid_max >= @day`;
    this.stmts = {
      // As known now (the usual question) only rows not superseded matter: a tree of those alone
      // is a fraction of the bitemporal one, and its rows are kept presented.
      currentViews: db.prepare(`SELECT c.view ${currentBox}`).pluck(),
      currentKeys: db.prepare(
        `SELECT id, stream_id, owner, status, sort_name FROM current_box
          WHERE kind_min <= @kind AND kind_max >= @kind AND valid_min <= @day AND valid_max >= @day`,
      ),
      currentView: db.prepare('SELECT view FROM current_versions WHERE id = ?').pluck(),
      currentCounts: db.prepare(
        `SELECT owner, status, count(*) AS n FROM current_box
          WHERE kind_min <= @kind AND kind_max >= @kind AND valid_min <= @day AND valid_max >= @day GROUP BY owner, status`,
      ),
      lastPosition: db.prepare('SELECT MAX(position) FROM log').pluck(),
      at: db.prepare(
        `SELECT v.stream_id, v.valid_from, s.json
           FROM versions_box b JOIN versions v ON v.id = b.id JOIN states s ON s.id = v.state_id
          WHERE b.kind_min <= @kind AND b.kind_max >= @kind
            AND b.valid_min <= @day AND b.valid_max >= @day
            AND b.known_min <= @position AND b.known_max >= @position`,
      ),
      oneAt: db.prepare(
        `SELECT v.stream_id, v.valid_from, s.json FROM versions v JOIN states s ON s.id = v.state_id
          WHERE v.stream_id = @stream AND v.valid_from <= @day AND v.valid_to > @day
            AND v.known_from <= @position AND v.known_to > @position`,
      ),
      // One entry as known now, in one statement: its row on the day, its revision and its owner's
      // name on that day. Rows still known (known_to = OPEN_END) never overlap in valid time, so
      // the one holding the day is the last starting on or before it: a seek down versions_stream
      // instead of a visit of every row the entry still has. (A row ending before the day means
      // the day has none; the caller falls back as for a missing row.)
      entryNow: db.prepare(
        `SELECT v.valid_from, v.valid_to, s.json,
                (SELECT revision FROM entities WHERE stream_id = @stream) AS revision,
                (SELECT CASE WHEN mv.valid_to > @day THEN json_extract(ms.json, '$.name') END
                   FROM versions mv JOIN states ms ON ms.id = mv.state_id
                  WHERE mv.stream_id = 'ministry-' || json_extract(s.json, '$.ownerMinistry') AND mv.known_to = ${OPEN_END}
                    AND mv.valid_from <= @day ORDER BY mv.valid_from DESC LIMIT 1) AS owner_name
           FROM versions v JOIN states s ON s.id = v.state_id
          WHERE v.stream_id = @stream AND v.known_to = ${OPEN_END} AND v.valid_from <= @day
          ORDER BY v.valid_from DESC LIMIT 1`,
      ),
      firstKnown: db.prepare(`SELECT MIN(valid_from) FROM versions WHERE stream_id = ? AND known_from <= ? AND known_to > ?`).pluck(),
      // Recorded time never decreases in log order (port contract, `nextRecordedTime`), so the
      // last row of the recorded_at index at or before the instant holds the largest position:
      // one index seek. MAX(position) over the range would visit every earlier row of the index.
      positionAt: db.prepare('SELECT position FROM log WHERE recorded_at <= ? ORDER BY recorded_at DESC, position DESC LIMIT 1').pluck(),
      revision: db.prepare('SELECT revision FROM entities WHERE stream_id = ?').pluck(),
      byCode: db.prepare(`SELECT stream_id FROM entities WHERE kind = 'platform' AND code = ?`).pluck(),
      history: db.prepare(
        `SELECT h.position, h.owner, h.changes, l.revision, l.type, l.effective_date, l.recorded_at, l.metadata, l.event_id
           FROM history h JOIN log l ON l.position = h.position WHERE h.stream_id = ? ORDER BY h.position`,
      ),
    };
  }

  /** Maps an instant to the last log position recorded at or before it (0 before the first event). */
  positionKnownAt(instant: Date | null): number {
    if (instant === null) return LATEST;
    return (this.stmts.positionAt.get(instant.toISOString()) as number | null) ?? 0;
  }

  point(asOf: CalendarDate, knownAt: Date | null): TimePoint {
    return { asOf, knownAt: knownAt ? knownAt.toISOString() : null, position: this.positionKnownAt(knownAt) };
  }

  /** The last log position the read models include (0 when empty). */
  projectedPosition(): number {
    return (this.stmts.lastPosition.get() as number | null) ?? 0;
  }

  /** Whether the point sees everything recorded so far, so that the rows as known now answer it. */
  private isCurrent(point: TimePoint): boolean {
    return point.position >= LATEST || point.position >= this.projectedPosition();
  }

  private currentViews<V>(kind: TimelineKind, point: TimePoint): V[] {
    const views = this.stmts.currentViews.all({ kind: KIND_CODE[kind], day: toDayNumber(point.asOf) }) as string[];
    return views.map((v) => JSON.parse(v) as V);
  }

  /**
   * The same point with "everything recorded so far" replaced by the position reached now, so
   * that it answers the same later (a cursor carries it from page to page).
   */
  pinned(point: TimePoint): TimePoint {
    return point.position >= LATEST ? { ...point, position: this.projectedPosition() } : point;
  }

  private statesAt<S>(kind: TimelineKind, point: TimePoint): Array<{ id: string; validFrom: number; state: S }> {
    const rows = this.stmts.at.all({ kind: KIND_CODE[kind], day: toDayNumber(point.asOf), position: Math.min(point.position, LATEST) }) as TimelineRow[];
    return rows.map((r) => ({ id: r.stream_id, validFrom: r.valid_from, state: JSON.parse(r.json) as S }));
  }

  ministriesAt(point: TimePoint): MinistryView[] {
    const views = this.isCurrent(point)
      ? this.currentViews<MinistryView>('ministry', point)
      : this.statesAt<MinistryState>('ministry', point).map((m) => presentMinistry(m.state, m.validFrom));
    return views.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  private ministryNames(point: TimePoint): Map<string, string> {
    return new Map(this.ministriesAt(point).map((m) => [m.code, m.name]));
  }

  /** Every entry known at the point with its state on `asOf`, withdrawn ones included. */
  platformsAt(point: TimePoint, names = this.ministryNames(point)): PlatformView[] {
    if (this.isCurrent(point)) return this.currentViews<PlatformView>('platform', point).map((v) => withMinistryNames(v, names));
    return this.statesAt<PlatformState>('platform', point).map((p) => presentPlatform(p.state, p.validFrom, names));
  }

  /**
   * In-force (or per `filter.status`) entries at the point, filtered, in catalogue order, with
   * their count per ministry. With `page`, `platforms` holds only that part of the list (`total`
   * and `byMinistry` still count all of it); as known now, only the entries of the page are read
   * in full, the order coming from the folded names kept beside them.
   */
  catalogue(point: TimePoint, filter: CatalogueFilter = {}, page?: CataloguePage): CatalogueView {
    const byKeys = !filter.kind && !filter.deploymentStatus && !filter.ndxpStatus && !filter.q;
    // One read transaction: another process may record meanwhile, and the page's rows are read after their keys.
    if (byKeys && this.isCurrent(point)) return this.db.transaction(() => this.currentCatalogue(point, filter, page))();
    const view = this.fullCatalogue(point, filter);
    if (!page) return view;
    const start = page.after ? firstAfter(view.platforms, page.after) : (page.offset ?? 0);
    return { ...view, platforms: view.platforms.slice(start, start + page.limit) };
  }

  /** `catalogue` as known now, filtered by status and ministry only: sorted and counted on the kept keys. */
  private currentCatalogue(point: TimePoint, filter: CatalogueFilter, page: CataloguePage | undefined): CatalogueView {
    if (!page) return this.currentList(point, filter);
    if (page.after || !page.offset) return this.currentPage(point, filter, page.limit, page.after);
    // A cursor issued before keys: the keys sorted here, and the page cut out at its offset.
    const all = this.ministriesAt(point);
    const names = new Map(all.map((m) => [m.code, m.name]));
    const status = filter.status ?? 'in-force';
    const rows = (this.stmts.currentKeys.all({ kind: KIND_CODE.platform, day: toDayNumber(point.asOf) }) as CurrentRow[]).filter(
      (r) => (status === 'all' || r.status === status) && (!filter.ministry || r.owner === filter.ministry),
    );
    const ids = rows.map((r) => r.stream_id.slice(PLATFORM_PREFIX));
    const order = rows.map((_, i) => i);
    order.sort((x, y) => compareFolded(rows[x].owner, rows[x].sort_name, ids[x], rows[y].owner, rows[y].sort_name, ids[y]));
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.owner, (counts.get(r.owner) ?? 0) + 1);
    const platforms = order
      .slice(page.offset, page.offset + page.limit)
      .map((i) => withMinistryNames(JSON.parse(this.stmts.currentView.get(rows[i].id) as string) as PlatformView, names));
    const byMinistry = this.countByMinistry(all, names, counts, filter);
    return { asOf: point.asOf, knownAt: point.knownAt, total: rows.length, byMinistry, platforms };
  }

  /**
   * The whole list as known now, in catalogue order as SQLite sorts the rows (`compareText`'s
   * order), so that no sort is left to do here: the R*Tree finds the rows, the table gives their
   * keys and presentations (owner and status from the table: the R*Tree's copies cost a lookup
   * each), and only the rows kept are parsed.
   */
  private currentList(point: TimePoint, filter: CatalogueFilter): CatalogueView {
    const all = this.ministriesAt(point);
    const names = new Map(all.map((m) => [m.code, m.name]));
    const status = filter.status ?? 'in-force';
    const rows = this.listStatement(status, filter.ministry).all({
      kind: KIND_CODE.platform,
      day: toDayNumber(point.asOf),
      status,
      ministry: filter.ministry ?? null,
    }) as Array<[owner: string, view: string]>;
    const counts = new Map<string, number>();
    const platforms = new Array<PlatformView>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const [owner, view] = rows[i];
      counts.set(owner, (counts.get(owner) ?? 0) + 1);
      platforms[i] = withMinistryNames(JSON.parse(view) as PlatformView, names);
    }
    return { asOf: point.asOf, knownAt: point.knownAt, total: rows.length, byMinistry: this.countByMinistry(all, names, counts, filter), platforms };
  }

  private listStatement(status: NonNullable<CatalogueFilter['status']>, ministry: string | undefined): Database.Statement {
    const name = `list|${status === 'all' ? 'all' : 'one'}|${ministry ? 'ministry' : 'every'}`;
    let stmt = this.pageStmts.get(name);
    if (!stmt) {
      stmt = this.db
        .prepare(
          `SELECT c.owner, c.view FROM current_box b JOIN current_versions c ON c.id = b.id
            WHERE b.kind_min <= @kind AND b.kind_max >= @kind AND b.valid_min <= @day AND b.valid_max >= @day
              ${status === 'all' ? '' : 'AND c.status = @status'} ${ministry ? 'AND c.owner = @ministry' : ''}
            ORDER BY c.owner, c.sort_name, c.stream_id`,
        )
        .raw();
      this.pageStmts.set(name, stmt);
    }
    return stmt;
  }

  /**
   * A page as known now: the next `limit` entries after `after` (from the start without it), read
   * by walking `current_order` from that key; each entry's rows for other dates are passed over
   * inside the index. The counts come from the R*Tree, once per (date, position).
   */
  private currentPage(point: TimePoint, filter: CatalogueFilter, limit: number, after: CatalogueKey | undefined): CatalogueView {
    const all = this.ministriesAt(point);
    const names = new Map(all.map((m) => [m.code, m.name]));
    const status = filter.status ?? 'in-force';
    const day = toDayNumber(point.asOf);
    const views = this.pageStatement(status, filter.ministry).all({
      kind: KIND_CODE.platform,
      day,
      status,
      ministry: filter.ministry ?? null,
      owner: after?.owner ?? '',
      sortName: after?.sortName ?? '',
      stream: after ? `platform-${after.id}` : '',
      limit,
    }) as string[];
    const platforms = views.map((v) => withMinistryNames(JSON.parse(v) as PlatformView, names));
    const counts = new Map<string, number>();
    let total = 0;
    for (const c of this.currentCounts(day)) {
      if ((status !== 'all' && c.status !== status) || (filter.ministry && c.owner !== filter.ministry)) continue;
      counts.set(c.owner, (counts.get(c.owner) ?? 0) + c.n);
      total += c.n;
    }
    return { asOf: point.asOf, knownAt: point.knownAt, total, byMinistry: this.countByMinistry(all, names, counts, filter), platforms };
  }

  private pageStatement(status: NonNullable<CatalogueFilter['status']>, ministry: string | undefined): Database.Statement {
    const name = `page|${status === 'all' ? 'all' : 'one'}|${ministry ? 'ministry' : 'every'}`;
    let stmt = this.pageStmts.get(name);
    if (!stmt) {
      // With a ministry, its rows are a range of their own: the key's owner is the ministry
      // (the cursor belongs to that query), so the walk starts and stops inside that range.
      const from = ministry
        ? 'owner = @ministry AND (sort_name, stream_id) > (@sortName, @stream)'
        : '(owner, sort_name, stream_id) > (@owner, @sortName, @stream)';
      stmt = this.db
        .prepare(
          `SELECT view FROM current_versions
            WHERE kind = @kind AND ${from} AND valid_from <= @day AND valid_to > @day ${status === 'all' ? '' : 'AND status = @status'}
            ORDER BY kind, owner, sort_name, stream_id LIMIT @limit`,
        )
        .pluck();
      this.pageStmts.set(name, stmt);
    }
    return stmt;
  }

  /** Rows valid on `day` as known now, counted by owner and status; remembered per (day, position). */
  private currentCounts(day: number): CurrentCounts {
    const key = `${day}|${this.projectedPosition()}`;
    let counts = this.counts.get(key);
    if (!counts) {
      counts = this.stmts.currentCounts.all({ kind: KIND_CODE.platform, day }) as CurrentCounts;
      if (this.counts.size >= COUNTS_KEPT) this.counts.delete(this.counts.keys().next().value!);
      this.counts.set(key, counts);
    }
    return counts;
  }

  private countByMinistry(all: MinistryView[], names: Map<string, string>, counts: Map<string, number>, filter: CatalogueFilter): CatalogueView['byMinistry'] {
    const codes = new Set([...all.filter((m) => m.status === 'in-force').map((m) => m.code), ...counts.keys()]);
    return [...codes]
      .filter((code) => !filter.ministry || code === filter.ministry)
      .sort()
      .map((code) => ({ code, name: names.get(code) ?? code, count: counts.get(code) ?? 0 }));
  }

  private fullCatalogue(point: TimePoint, filter: CatalogueFilter): CatalogueView {
    // One search of the ministry timelines serves both the names (ended ones too) and the list in force.
    const all = this.ministriesAt(point);
    const names = new Map(all.map((m) => [m.code, m.name]));
    const status = filter.status ?? 'in-force';
    const q = filter.q ? foldVietnamese(filter.q).trim() : '';
    const platforms = sortPlatforms(
      this.platformsAt(point, names).filter(
        (p) =>
          (status === 'all' || p.status === status) &&
          (!filter.ministry || p.ownerMinistry === filter.ministry) &&
          (!filter.kind || p.kind === filter.kind) &&
          (!filter.deploymentStatus || p.deploymentStatus === filter.deploymentStatus) &&
          (!filter.ndxpStatus || p.ndxpStatus === filter.ndxpStatus) &&
          (!q || foldVietnamese(`${p.name} ${p.description ?? ''} ${p.operator ?? ''} ${p.ownerMinistryName ?? ''}`).includes(q)),
      ),
    );
    const counts = new Map<string, number>();
    for (const p of platforms) counts.set(p.ownerMinistry, (counts.get(p.ownerMinistry) ?? 0) + 1);
    return { asOf: point.asOf, knownAt: point.knownAt, total: platforms.length, byMinistry: this.countByMinistry(all, names, counts, filter), platforms };
  }

  /** One entry at a point; `notYet` when it is known but registered after `asOf`. */
  platform(platformId: string, point: TimePoint): { view: PlatformView; revision: number } | { notYet: string } | null {
    const stream = `platform-${platformId}`;
    const position = Math.min(point.position, LATEST);
    const day = toDayNumber(point.asOf);
    if (position === LATEST) {
      const now = this.stmts.entryNow.get({ stream, day }) as EntryNowRow | undefined;
      if (now && now.valid_to > day) {
        const state = JSON.parse(now.json) as PlatformState;
        const names = new Map(now.owner_name !== null ? [[state.ownerMinistry, now.owner_name]] : []);
        return { view: presentPlatform(state, now.valid_from, names), revision: now.revision ?? -1 };
      }
    }
    const row = this.stmts.oneAt.get({ stream, day, position }) as TimelineRow | undefined;
    if (!row) {
      const first = this.stmts.firstKnown.get(stream, position, position) as number | null;
      return first === null ? null : { notYet: fromDayNumber(first) };
    }
    const state = JSON.parse(row.json) as PlatformState;
    // Only the owner's name is shown: one index lookup rather than every ministry's timeline.
    const owner = this.stmts.oneAt.get({ stream: `ministry-${state.ownerMinistry}`, day: toDayNumber(point.asOf), position }) as TimelineRow | undefined;
    const names = new Map(owner ? [[state.ownerMinistry, (JSON.parse(owner.json) as MinistryState).name]] : []);
    return { view: presentPlatform(state, row.valid_from, names), revision: this.revision(stream) };
  }

  revision(streamId: string): number {
    return (this.stmts.revision.get(streamId) as number | undefined) ?? -1;
  }

  platformIdByCode(code: string): string | null {
    const stream = this.stmts.byCode.get(code) as string | undefined;
    return stream ? stream.slice('platform-'.length) : null;
  }

  /** The code of every ministry ever registered, as known now. */
  ministryCodes(): string[] {
    return this.db.prepare(`SELECT code FROM entities WHERE kind = 'ministry' ORDER BY code`).pluck().all() as string[];
  }

  /** Ids of every entry that names the ministry as owner or co-ministry at any date, as known now. */
  platformsNaming(ministry: string): string[] {
    return (
      this.db
        .prepare(
          `SELECT DISTINCT v.stream_id FROM versions v JOIN states s ON s.id = v.state_id
            WHERE v.kind = ${KIND_CODE.platform} AND v.known_to = ${OPEN_END}
              AND (json_extract(s.json, '$.ownerMinistry') = @code
                   OR EXISTS (SELECT 1 FROM json_each(s.json, '$.coMinistries') WHERE value = @code))`,
        )
        .pluck()
        .all({ code: ministry }) as string[]
    ).map((s) => s.slice('platform-'.length));
  }

  history(platformId: string): HistoryEntry[] | null {
    const rows = this.stmts.history.all(`platform-${platformId}`) as Array<{
      position: number;
      owner: string | null;
      changes: string;
      revision: number;
      type: string;
      effective_date: string;
      recorded_at: string;
      metadata: string;
      event_id: string;
    }>;
    if (rows.length === 0) return null;
    return rows.map((r) => {
      const m = JSON.parse(r.metadata);
      return {
        position: r.position,
        revision: r.revision,
        eventId: r.event_id,
        type: r.type,
        effectiveDate: r.effective_date,
        recordedAt: r.recorded_at,
        actor: m.actor,
        ministry: r.owner,
        legalBasis: m.legalBasis ?? null,
        reason: m.reason ?? null,
        correlationId: m.correlationId,
        causationId: m.causationId ?? null,
        changes: JSON.parse(r.changes) as FieldChange[],
      };
    });
  }

  diff(from: TimePoint, to: TimePoint): DiffView {
    const a = new Map(this.platformsAt(from).map((p) => [p.id, p]));
    const b = new Map(this.platformsAt(to).map((p) => [p.id, p]));
    const inForce = (p: PlatformView | undefined): p is PlatformView => p?.status === 'in-force';
    const out: DiffView = {
      from: { asOf: from.asOf, knownAt: from.knownAt },
      to: { asOf: to.asOf, knownAt: to.knownAt },
      added: [],
      changed: [],
      transferred: [],
      withdrawn: [],
    };
    for (const [id, after] of b) if (inForce(after) && !inForce(a.get(id))) out.added.push(after);
    for (const [id, before] of a) {
      const after = b.get(id);
      if (!inForce(before)) continue;
      if (!inForce(after)) {
        out.withdrawn.push(after ?? before);
        continue;
      }
      if (before.ownerMinistry !== after.ownerMinistry)
        out.transferred.push({ id, name: after.name, fromMinistry: before.ownerMinistry, toMinistry: after.ownerMinistry });
      const changes = diffStates(stripForDiff(before), stripForDiff(after));
      if (changes.length) out.changed.push({ id, name: after.name, ownerMinistry: after.ownerMinistry, changes });
    }
    sortPlatforms(out.added);
    sortPlatforms(out.withdrawn);
    out.changed.sort((x, y) => (x.ownerMinistry + x.id < y.ownerMinistry + y.id ? -1 : 1));
    out.transferred.sort((x, y) => (x.id < y.id ? -1 : 1));
    return out;
  }
}

export interface HistoryEntry {
  position: number;
  revision: number;
  eventId: string;
  type: string;
  effectiveDate: string;
  recordedAt: string;
  actor: { sub: string; name: string; role: string; ministry: string | null };
  ministry: string | null;
  legalBasis: unknown;
  reason: string | null;
  correlationId: string;
  causationId: string | null;
  changes: FieldChange[];
}

/** The index in `platforms` (in catalogue order) of the first entry after `key`. */
function firstAfter(platforms: PlatformView[], key: CatalogueKey): number {
  let lo = 0;
  let hi = platforms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = catalogueKeyOf(platforms[mid]);
    if (compareFolded(k.owner, k.sortName, k.id, key.owner, key.sortName, key.id) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Fields that a diff reports elsewhere (owner → transferred, status → added/withdrawn) or that are bookkeeping. */
function stripForDiff(p: PlatformView): Record<string, unknown> {
  const { ownerMinistry: _owner, ownerMinistryName: _ownerName, status: _status, validFrom: _validFrom, registeredOn: _registeredOn, ...rest } = p;
  return rest;
}
