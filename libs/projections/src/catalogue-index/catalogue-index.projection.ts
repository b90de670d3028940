import type Database from 'better-sqlite3';
import {
  entityOfStream,
  evolveMinistry,
  evolvePlatform,
  isKnownEventType,
  RecordedDomainEvent,
  recordedEvent,
  toDayNumber,
  EditionPublishedData,
} from '@ndp/catalogue';
import type { RebuildEvent, StoredEvent } from '@ndp/event-store';
import { Projection } from '../projection';
import { currentRowOf } from '../queries/presenters';
import { CATALOGUE_INDEX_INDEXES, CATALOGUE_INDEX_SCHEMA, CATALOGUE_INDEX_TABLES, KIND_CODE, OPEN_END, TimelineKind } from './catalogue-index.schema';
import { diffStates } from './state-diff';

type State = Record<string, unknown> & { ownerMinistry?: string };
type Evolve = (state: State | null, event: RecordedDomainEvent) => State | null;
const EVOLVE: Record<TimelineKind, Evolve> = {
  platform: evolvePlatform as unknown as Evolve,
  ministry: evolveMinistry as unknown as Evolve,
};

interface VersionRow {
  id: number;
  valid_from: number;
  valid_to: number;
  state_id: number;
}

type CurrentColumns = ReturnType<typeof currentRowOf>;

/** An entity's open-ended row (valid until further notice) during a rebuild, not yet written. */
interface OpenRow {
  row: VersionRow & { known_from: number };
  state: State;
  current: CurrentColumns;
}

/**
 * During a rebuild, the current rows of every entity (as known now, in valid-time order) are
 * held in memory, so that applying an event reads nothing back from the file. Each entity's
 * open-ended row, which the next event at the end of valid time supersedes, is written only
 * once its final form is known: closed (known_to set), or at the end. Entity rows likewise.
 */
interface BulkTimelines {
  rows: Map<string, TimelineRows>;
  open: Map<string, OpenRow>;
  entities: Map<string, { kind: string; revision: number; code: string | null }>;
  /** `versions` ids are handed out here (the table starts empty and is never deleted from). */
  lastVersionId: number;
}

const INDEX_NAMES = [...CATALOGUE_INDEX_INDEXES.matchAll(/CREATE INDEX IF NOT EXISTS (\w+)/g)].map((m) => m[1]);

function prepare(db: Database.Database) {
  return {
    insertLog: db.prepare(
      `INSERT INTO log (position, event_id, stream_id, revision, type, schema_version, recorded_at, effective_date, actor_sub, ministries, data, metadata)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    current: db.prepare(
      `SELECT id, valid_from, valid_to, state_id FROM versions
        WHERE stream_id = @stream AND known_to = ${OPEN_END} AND valid_to > @day
          AND valid_from >= COALESCE(
            (SELECT MAX(valid_from) FROM versions WHERE stream_id = @stream AND known_to = ${OPEN_END} AND valid_from <= @day),
            -2147483648)
        ORDER BY valid_from`,
    ),
    stateJson: db.prepare('SELECT json FROM states WHERE id = ?').pluck(),
    tail: db.prepare(
      `SELECT type, schema_version, data, effective_date, position FROM log
       WHERE stream_id = ? AND effective_date > ? AND position < ? ORDER BY effective_date, position`,
    ),
    insertState: db.prepare('INSERT INTO states (json) VALUES (?)'),
    insertVersion: db.prepare('INSERT INTO versions (kind, stream_id, valid_from, valid_to, known_from, known_to, state_id) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    insertVersionWithId: db.prepare('INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    insertBox: db.prepare('INSERT INTO versions_box VALUES (?, ?, ?, ?, ?, ?, ?)'),
    closeVersion: db.prepare('UPDATE versions SET known_to = ? WHERE id = ?'),
    closeBox: db.prepare('UPDATE versions_box SET known_max = ? WHERE id = ?'),
    insertCurrent: db.prepare('INSERT INTO current_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    // The earlier part of a row cut short by a change in the past: same state, same presentation.
    copyCurrent: db.prepare(
      `INSERT INTO current_versions (id, kind, stream_id, valid_from, valid_to, owner, status, sort_name, view)
       SELECT @id, kind, stream_id, valid_from, @to, owner, status, sort_name, view FROM current_versions WHERE id = @from`,
    ),
    presented: db.prepare('SELECT owner, status, sort_name, view FROM current_versions WHERE id = ?'),
    // With the keys a catalogue is sorted and counted on, so that a page reads no other row.
    insertCurrentBox: db.prepare(
      'INSERT INTO current_box SELECT id, kind, kind, valid_from, valid_to - 1, stream_id, owner, status, sort_name FROM current_versions WHERE id = ?',
    ),
    deleteCurrent: db.prepare('DELETE FROM current_versions WHERE id = ?'),
    deleteCurrentBox: db.prepare('DELETE FROM current_box WHERE id = ?'),
    insertHistory: db.prepare('INSERT INTO history (position, stream_id, owner, changes) VALUES (?, ?, ?, ?)'),
    upsertEntity: db.prepare(
      `INSERT INTO entities (stream_id, kind, revision, code) VALUES (?, ?, ?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, code = COALESCE(excluded.code, entities.code)`,
    ),
    insertEdition: db.prepare(
      `INSERT INTO editions (edition_id, document_number, title, issued_on, signer, cutoff_date, log_position, position, recorded_at, actor)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}
type Statements = ReturnType<typeof prepare>;

/**
 * The catalogue's bitemporal index, its per-entry history and its audit log, maintained
 * together because the index re-reads an entry's earlier events (from `log`) when a change
 * lands in the past.
 */
export class CatalogueIndexProjection implements Projection {
  readonly name = 'catalogue-index';
  // 2: current_versions / current_box (the rows as known now, presented).
  readonly version = 2;
  private readonly statements = new WeakMap<Database.Database, Statements>();
  private readonly bulk = new WeakMap<Database.Database, BulkTimelines>();

  setUp(db: Database.Database): void {
    db.exec(CATALOGUE_INDEX_SCHEMA);
    db.exec(CATALOGUE_INDEX_INDEXES);
  }

  /**
   * A rebuild into empty tables: secondary indexes and both R*Trees are filled once at the end
   * (`endRebuild`) rather than row by row, and timelines are folded in memory. The rows written
   * are the same, id for id, as those of the live projection.
   */
  beginRebuild(db: Database.Database): void {
    for (const name of INDEX_NAMES) db.exec(`DROP INDEX IF EXISTS ${name}`);
    const lastVersionId = (db.prepare('SELECT MAX(id) FROM versions').pluck().get() as number | null) ?? 0;
    this.bulk.set(db, { rows: new Map(), open: new Map(), entities: new Map(), lastVersionId });
  }

  endRebuild(db: Database.Database): void {
    const bulk = this.bulk.get(db);
    if (!bulk) return;
    this.bulk.delete(db);
    const s = this.statementsOf(db);
    for (const [streamId, o] of bulk.open) this.writeOpenRow(s, streamId, o, OPEN_END);
    for (const [streamId, e] of bulk.entities) s.upsertEntity.run(streamId, e.kind, e.revision, e.code);
    // In id order, as the live projection inserts them; `known_max`/`valid_max` are the closed ends.
    db.exec(`INSERT INTO versions_box SELECT id, kind, kind, valid_from, valid_to - 1, known_from, known_to - 1 FROM versions ORDER BY id`);
    db.exec(`INSERT INTO current_box SELECT id, kind, kind, valid_from, valid_to - 1, stream_id, owner, status, sort_name FROM current_versions ORDER BY id`);
    db.exec(CATALOGUE_INDEX_INDEXES);
  }

  tearDown(db: Database.Database): void {
    for (const t of CATALOGUE_INDEX_TABLES) db.exec(`DROP TABLE IF EXISTS ${t}`);
  }

  private statementsOf(db: Database.Database): Statements {
    let s = this.statements.get(db);
    if (!s) {
      s = prepare(db);
      this.statements.set(db, s);
    }
    return s;
  }

  private writeOpenRow(s: Statements, streamId: string, o: OpenRow, knownTo: number): void {
    const r = o.row;
    const k = o.current.kind;
    s.insertVersionWithId.run(r.id, k, streamId, r.valid_from, r.valid_to, r.known_from, knownTo, r.state_id);
    if (knownTo === OPEN_END)
      s.insertCurrent.run(r.id, k, streamId, r.valid_from, r.valid_to, o.current.owner, o.current.status, o.current.sortName, o.current.view);
  }

  apply(db: Database.Database, events: readonly StoredEvent[]): void {
    const s = this.statementsOf(db);
    const bulk = this.bulk.get(db) ?? null;
    for (const e of events) this.applyOne(s, bulk, e);
  }

  private applyOne(s: Statements, bulk: BulkTimelines | null, e: StoredEvent): void {
    // A rebuild's events carry the stored text, equal to what JSON.stringify would give again.
    const json = (e as Partial<RebuildEvent>).storedJson;
    const entity = entityOfStream(e.streamId);
    const ministries = new Set<string>();
    if (e.metadata.actor.ministry) ministries.add(e.metadata.actor.ministry);

    if (entity && (entity.kind === 'platform' || entity.kind === 'ministry') && isKnownEventType(e.type)) {
      const { before, after } = this.updateTimeline(s, bulk, e.streamId, entity.kind, recordedEvent(e));
      const owner = entity.kind === 'platform' ? (after?.ownerMinistry ?? null) : entity.id;
      if (owner) ministries.add(owner);
      if (before?.ownerMinistry) ministries.add(before.ownerMinistry);
      if (e.type === 'ministry.merged') ministries.add((e.data as { into: string }).into);
      if (e.type === 'ministry.dissolved') {
        const d = e.data as { defaultSuccessor: string; assignments: Record<string, string> };
        for (const code of [d.defaultSuccessor, ...Object.values(d.assignments)]) ministries.add(code);
      }
      s.insertHistory.run(e.position, e.streamId, owner, JSON.stringify(diffStates(before, after)));
      const code = entity.kind === 'platform' ? ((after?.code as string | null) ?? null) : entity.id;
      if (bulk) {
        const known = bulk.entities.get(e.streamId);
        if (known) {
          known.revision = e.revision;
          known.code = code ?? known.code;
        } else bulk.entities.set(e.streamId, { kind: entity.kind, revision: e.revision, code });
      } else s.upsertEntity.run(e.streamId, entity.kind, e.revision, code);
    } else if (e.type === 'edition.published') {
      const d = e.data as EditionPublishedData;
      s.insertEdition.run(
        d.editionId,
        d.documentNumber,
        d.title,
        d.issuedOn,
        d.signer,
        d.cutoffDate,
        d.logPosition,
        e.position,
        e.recordedAt,
        JSON.stringify(e.metadata.actor),
      );
    }

    s.insertLog.run(
      e.position,
      e.eventId,
      e.streamId,
      e.revision,
      e.type,
      e.schemaVersion,
      e.recordedAt,
      e.metadata.effectiveDate,
      e.metadata.actor.sub,
      ministries.size ? `,${[...ministries].join(',')},` : '',
      json?.data ?? JSON.stringify(e.data),
      json?.metadata ?? JSON.stringify(e.metadata),
    );
  }

  /**
   * Re-derives the entity's valid-time timeline from the event's effective date onwards, as
   * known at the event's position. Changes at the end of valid time (the usual case) touch
   * one row; a change in the past re-folds the later events on top of the new value.
   */
  private updateTimeline(
    s: Statements,
    bulk: BulkTimelines | null,
    streamId: string,
    kind: TimelineKind,
    event: RecordedDomainEvent,
  ): { before: State | null; after: State | null } {
    const evolve = EVOLVE[kind];
    const k = KIND_CODE[kind];
    const day = toDayNumber(event.effectiveDate);
    const position = event.position;
    const current = bulk ? currentInMemory(bulk, streamId, day) : (s.current.all({ stream: streamId, day }) as VersionRow[]);
    const open = bulk?.open.get(streamId);
    const base = current.find((r) => r.valid_from <= day && day < r.valid_to);
    let before: State | null = null;
    if (base) before = open && open.row.id === base.id ? open.state : (JSON.parse(s.stateJson.get(base.state_id) as string) as State);
    const after = evolve(before, event);

    const points: Array<{ day: number; state: State | null }> = [{ day, state: after }];
    if (current.some((r) => r.valid_from > day)) {
      let state = after;
      const later = s.tail.all(streamId, event.effectiveDate, position) as Array<{
        type: string;
        schema_version: number;
        data: string;
        effective_date: string;
        position: number;
      }>;
      for (const row of later) {
        state = evolve(
          state,
          recordedEvent({
            type: row.type,
            schemaVersion: row.schema_version,
            data: JSON.parse(row.data),
            metadata: { effectiveDate: row.effective_date },
            position: row.position,
          }),
        );
        const d = toDayNumber(row.effective_date);
        const last = points[points.length - 1];
        if (last.day === d) last.state = state;
        else points.push({ day: d, state });
      }
    }

    // Rows valid on or after `day` are superseded: closed as known until this position. The
    // part before `day` of the row containing it stays current, as a new row.
    const kept: VersionRow[] = [];
    let stillOpen: OpenRow | null = null;
    for (const r of current) {
      if (r.valid_to <= day) {
        kept.push(r);
        continue;
      }
      const pending = open && open.row.id === r.id ? open : null;
      if (r.valid_from < day) {
        const id = this.insertVersion(s, bulk, k, streamId, r.valid_from, day, position, r.state_id);
        if (pending)
          s.insertCurrent.run(
            id,
            k,
            streamId,
            r.valid_from,
            day,
            pending.current.owner,
            pending.current.status,
            pending.current.sortName,
            pending.current.view,
          );
        else if (bulk) {
          // Read, then insert: INSERT … SELECT from the same table costs ~10× as much.
          const c = s.presented.get(r.id) as { owner: string; status: string; sort_name: string; view: string };
          s.insertCurrent.run(id, k, streamId, r.valid_from, day, c.owner, c.status, c.sort_name, c.view);
        } else s.copyCurrent.run({ id, to: day, from: r.id });
        if (!bulk) s.insertCurrentBox.run(id);
        kept.push({ id, valid_from: r.valid_from, valid_to: day, state_id: r.state_id });
      }
      if (pending) this.writeOpenRow(s, streamId, pending, position);
      else {
        s.closeVersion.run(position, r.id);
        s.deleteCurrent.run(r.id);
      }
      if (!bulk) {
        s.closeBox.run(position - 1, r.id);
        s.deleteCurrentBox.run(r.id);
      }
    }
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      if (!p.state) continue;
      const to = points[i + 1]?.day ?? OPEN_END;
      const stateId = Number(s.insertState.run(JSON.stringify(p.state)).lastInsertRowid);
      const c = currentRowOf(kind, p.state, p.day);
      if (bulk && to === OPEN_END) {
        const row = { id: ++bulk.lastVersionId, valid_from: p.day, valid_to: to, known_from: position, state_id: stateId };
        stillOpen = { row, state: p.state, current: c };
        kept.push(row);
        continue;
      }
      const id = this.insertVersion(s, bulk, k, streamId, p.day, to, position, stateId);
      s.insertCurrent.run(id, k, streamId, p.day, to, c.owner, c.status, c.sortName, c.view);
      if (!bulk) s.insertCurrentBox.run(id);
      kept.push({ id, valid_from: p.day, valid_to: to, state_id: stateId });
    }
    if (bulk) {
      // `current` was the tail of the entity's rows from `start`; `kept` replaces it, in the same
      // valid-time order (rows ending before `day`, the cut row, then the new points).
      let rows = bulk.rows.get(streamId);
      if (!rows) bulk.rows.set(streamId, (rows = new TimelineRows()));
      rows.replaceFrom(rows.firstCurrent(day), kept);
      // The open row is always among those replaced (it ends at OPEN_END): a new one or none.
      if (stillOpen) bulk.open.set(streamId, stillOpen);
      else bulk.open.delete(streamId);
    }
    return { before, after };
  }

  private insertVersion(
    s: Statements,
    bulk: BulkTimelines | null,
    k: number,
    streamId: string,
    from: number,
    to: number,
    knownFrom: number,
    stateId: number,
  ): number {
    if (bulk) {
      const id = ++bulk.lastVersionId;
      s.insertVersionWithId.run(id, k, streamId, from, to, knownFrom, OPEN_END, stateId);
      return id;
    }
    const id = Number(s.insertVersion.run(k, streamId, from, to, knownFrom, OPEN_END, stateId).lastInsertRowid);
    s.insertBox.run(id, k, k, from, to - 1, knownFrom, OPEN_END - 1);
    return id;
  }
}

/** What `Statements.current` selects, from memory: the row containing `day` (or the last before it) and every later one. */
function currentInMemory(bulk: BulkTimelines, streamId: string, day: number): VersionRow[] {
  const rows = bulk.rows.get(streamId);
  return rows ? rows.from(rows.firstCurrent(day)) : [];
}

/**
 * One entity's current rows during a rebuild, in valid-time order, as four int32 each (id,
 * valid_from, valid_to, state_id) rather than an object each: at 1M events that is a million
 * rows, which as objects scattered among each batch's garbage kept the JS heap growing.
 * Every value fits: ids and days are far below 2^31, and OPEN_END is 2^31 - 1.
 */
class TimelineRows {
  private data = new Int32Array(16);
  private length = 0;

  /**
   * Index of the first row `current` selects: the last row starting on or before `day` unless
   * it ended before `day`; the rows after it all start after `day`. Searched from the end,
   * where changes usually land.
   */
  firstCurrent(day: number): number {
    const d = this.data;
    for (let i = this.length - 1; i >= 0; i--) if (d[i * 4 + 1] <= day) return d[i * 4 + 2] > day ? i : i + 1;
    return 0;
  }

  from(index: number): VersionRow[] {
    const d = this.data;
    const rows: VersionRow[] = [];
    for (let i = index; i < this.length; i++) rows.push({ id: d[i * 4], valid_from: d[i * 4 + 1], valid_to: d[i * 4 + 2], state_id: d[i * 4 + 3] });
    return rows;
  }

  /** Drops the rows from `index` on and appends `rows` in their place. */
  replaceFrom(index: number, rows: readonly VersionRow[]): void {
    const length = index + rows.length;
    if (length * 4 > this.data.length) {
      const grown = new Int32Array(Math.max(length * 4, this.data.length * 2));
      grown.set(this.data.subarray(0, index * 4));
      this.data = grown;
    }
    const d = this.data;
    for (let i = 0, at = index * 4; i < rows.length; i++, at += 4) {
      const r = rows[i];
      d[at] = r.id;
      d[at + 1] = r.valid_from;
      d[at + 2] = r.valid_to;
      d[at + 3] = r.state_id;
    }
    this.length = length;
  }
}
