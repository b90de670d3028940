import Database from 'better-sqlite3';
import { addDays, fromDayNumber, toDayNumber } from '@ndp/catalogue';
import type { RebuildEvent } from '@ndp/event-store';
import { CatalogueIndexProjection } from './catalogue-index.projection';
import { CATALOGUE_INDEX_TABLES, LATEST, OPEN_END } from './catalogue-index.schema';
import { CatalogueKey, CatalogueQueries, catalogueKeyOf } from '../queries/catalogue.queries';
import { presentMinistry, presentPlatform } from '../queries/presenters';
import { naiveStatesAt } from '../testing/naive-replay';
import { prng, randomHistory } from '../testing/random-history';
import { testSeed } from '../../../../test/support/seeded-random';

const HISTORIES = 1000;

const rowsOf = (db: Database.Database, table: string) => db.prepare(`SELECT * FROM ${table} ORDER BY 1`).raw().all();
// History i uses seed BASE + i; TEST_SEED=<the seed in a failure> replays that history first.
const BASE = testSeed('catalogue-index property');

/** The index must answer exactly what a replay of the log answers, at every (asOf, knownAt) point. */
describe('bitemporal index versus a naive replay of the log', () => {
  it(`agrees on ${HISTORIES} random histories with retroactive corrections, renames and merges`, () => {
    let points = 0;
    let nonEmpty = 0;
    for (let i = 0; i < HISTORIES; i++) {
      const seed = (BASE + i) >>> 0;
      const rnd = prng(seed * 7919);
      const log = randomHistory(seed, { ministries: 3, platforms: 4, changes: 5 + Math.floor(rnd() * 40) });
      const db = new Database(':memory:');
      const projection = new CatalogueIndexProjection();
      projection.setUp(db);
      // Apply in uneven batches, as a live subscription would.
      for (let i = 0; i < log.length;) {
        const n = 1 + Math.floor(rnd() * 7);
        db.transaction(() => projection.apply(db, log.slice(i, i + n)))();
        i += n;
      }
      // The same log applied as a rebuild does (in memory, boxes and indexes at the end, with the
      // stored JSON text as a store's readAllForRebuild gives it) writes the same rows.
      const rebuilt = new Database(':memory:');
      projection.setUp(rebuilt);
      projection.beginRebuild(rebuilt);
      const asRead: RebuildEvent[] = log.map((e) => ({ ...e, storedJson: { data: JSON.stringify(e.data), metadata: JSON.stringify(e.metadata) } }));
      for (let i = 0; i < log.length; i += 50) rebuilt.transaction(() => projection.apply(rebuilt, asRead.slice(i, i + 50)))();
      projection.endRebuild(rebuilt);
      for (const table of CATALOGUE_INDEX_TABLES) expect({ seed, table, rows: rowsOf(rebuilt, table) }).toEqual({ seed, table, rows: rowsOf(db, table) });
      rebuilt.close();

      // The rows as known now are exactly the rows of the full index whose recorded interval is open.
      expect({ seed, current: db.prepare('SELECT id, kind, stream_id, valid_from, valid_to FROM current_versions ORDER BY id').raw().all() }).toEqual({
        seed,
        current: db.prepare(`SELECT id, kind, stream_id, valid_from, valid_to FROM versions WHERE known_to = ${OPEN_END} ORDER BY id`).raw().all(),
      });
      expect({ seed, boxes: rowsOf(db, 'current_box') }).toEqual({
        seed,
        boxes: db.prepare(`SELECT id, kind, kind, valid_from, valid_to - 1, stream_id, owner, status, sort_name FROM current_versions ORDER BY id`).raw().all(),
      });

      const queries = new CatalogueQueries(db);
      const expected = (asOf: string, position: number) => {
        const naive = naiveStatesAt(log, asOf, position);
        const lastEffective = (streamId: string) =>
          toDayNumber(
            log
              .filter((e) => e.streamId === streamId && e.position <= position && e.metadata.effectiveDate <= asOf)
              .reduce((d, e) => (e.metadata.effectiveDate > d ? e.metadata.effectiveDate : d), '0000-00-00'),
          );
        const names = new Map([...naive.ministries].map(([code, m]) => [code, m.name]));
        const platforms = [...naive.platforms]
          .map(([id, s]) => presentPlatform(s, lastEffective(`platform-${id}`), names))
          .sort((a, b) => (a.id < b.id ? -1 : 1));
        const ministries = [...naive.ministries]
          .map(([code, m]) => presentMinistry(m, lastEffective(`ministry-${code}`)))
          .sort((a, b) => (a.code < b.code ? -1 : 1));
        return { platforms, ministries };
      };
      const byId = <T extends { id: string }>(list: T[]) => list.sort((a, b) => (a.id < b.id ? -1 : 1));
      // As known now (the rows above) against the full index pinned at the last position, and
      // pages of every size put together against the whole answer.
      for (let q = 0; q < 3; q++) {
        const asOf = addDays('2023-12-20', Math.floor(rnd() * 430));
        const status = (['in-force', 'withdrawn', 'all'] as const)[q];
        const now = { asOf, knownAt: null, position: LATEST };
        const replayed = expected(asOf, log[log.length - 1].position);
        expect({ seed, asOf, platforms: byId(queries.platformsAt(now)) }).toEqual({ seed, asOf, platforms: replayed.platforms });
        expect({ seed, asOf, ministries: queries.ministriesAt(now) }).toEqual({ seed, asOf, ministries: replayed.ministries });
        // Sorted and counted on the kept keys = filtered, sorted and counted on the presented entries.
        const whole = queries.catalogue(now, { status });
        expect({ seed, asOf, whole }).toEqual({ seed, asOf, whole: queries.catalogue(now, { status, q: ' ' }) });
        expect(whole.total).toBe(replayed.platforms.filter((p) => status === 'all' || p.status === status).length);
        const limit = 1 + Math.floor(rnd() * 4);
        const pages: unknown[] = [];
        for (let offset = 0; offset < whole.total + limit; offset += limit) {
          const page = queries.catalogue(now, { status }, { offset, limit });
          expect({ ...page, platforms: [] }).toEqual({ ...whole, platforms: [] });
          pages.push(...page.platforms);
        }
        expect(pages).toEqual(whole.platforms);
        // Keyset pages (each after the last key of the one before), as known now and at an earlier
        // position (the full index), with and without a ministry: together, the whole list.
        const ministry = rnd() < 0.5 ? undefined : replayed.ministries[Math.floor(rnd() * replayed.ministries.length)]?.code;
        const filter = { status, ministry };
        for (const at of [now, { ...now, position: Math.floor(rnd() * log.length) }]) {
          const wholeAt = queries.catalogue(at, filter);
          const keyed: unknown[] = [];
          for (let after: CatalogueKey | undefined, n = 0; n <= wholeAt.total; n++) {
            // A q of spaces matches everything but takes the path that presents every entry.
            const page = queries.catalogue(at, n % 2 ? filter : { ...filter, q: ' ' }, { limit, after });
            expect({ seed, ...page, platforms: [] }).toEqual({ seed, ...wholeAt, platforms: [] });
            keyed.push(...page.platforms);
            if (page.platforms.length < limit) break;
            after = catalogueKeyOf(page.platforms[page.platforms.length - 1]);
          }
          expect({ seed, asOf, ministry, keyed }).toEqual({ seed, asOf, ministry, keyed: wholeAt.platforms });
        }
        // One entry as known now (a statement of its own) = the replay, and = the full index
        // pinned at the last position: revision, owner's name, and entries not yet registered.
        const pinned = { ...now, position: log[log.length - 1].position };
        for (const p of replayed.platforms)
          expect({ seed, asOf, one: queries.platform(p.id, now) }).toEqual({ seed, asOf, one: expect.objectContaining({ view: p }) });
        for (const stream of new Set(log.map((e) => e.streamId).filter((s) => s.startsWith('platform-')))) {
          const id = stream.slice('platform-'.length);
          expect({ seed, asOf, id, one: queries.platform(id, now) }).toEqual({ seed, asOf, id, one: queries.platform(id, pinned) });
        }
        expect(queries.platform('no-such-entry', now)).toBeNull();
      }

      for (let q = 0; q < 12; q++) {
        const asOf = addDays('2023-12-20', Math.floor(rnd() * 430));
        const position = Math.floor(rnd() * (log.length + 2));
        const point = { asOf, knownAt: null, position };
        const { platforms: expectedPlatforms, ministries: expectedMinistries } = expected(asOf, position);
        const actualPlatforms = queries.platformsAt(point).sort((a, b) => (a.id < b.id ? -1 : 1));
        expect({ seed, asOf, position, platforms: actualPlatforms }).toEqual({ seed, asOf, position, platforms: expectedPlatforms });
        expect(queries.ministriesAt(point)).toEqual(expectedMinistries);
        for (const p of expectedPlatforms) {
          const one = queries.platform(p.id, point);
          expect(one && 'view' in one ? one.view : one).toEqual(p);
        }
        points++;
        if (expectedPlatforms.length > 0) nonEmpty++;
      }
      db.close();
    }
    // Guard against a generator that only ever produces empty answers.
    expect(nonEmpty).toBeGreaterThan(points / 3);
    console.log(`index = replay at ${points} points over ${HISTORIES} histories (${nonEmpty} with entries)`);
  });

  it('keeps fromDayNumber and toDayNumber inverse over the range in use', () => {
    for (let d = toDayNumber('1990-01-01'); d < toDayNumber('2100-01-01'); d += 37) expect(toDayNumber(fromDayNumber(d))).toBe(d);
  });
});
