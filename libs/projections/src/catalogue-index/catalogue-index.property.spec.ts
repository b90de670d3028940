import Database from 'better-sqlite3';
import { addDays, fromDayNumber, toDayNumber } from '@ndp/catalogue';
import { CatalogueIndexProjection } from './catalogue-index.projection';
import { CatalogueQueries } from '../queries/catalogue.queries';
import { presentMinistry, presentPlatform } from '../queries/presenters';
import { naiveStatesAt } from '../testing/naive-replay';
import { prng, randomHistory } from '../testing/random-history';
import { testSeed } from '../../../../test/support/seeded-random';

const HISTORIES = 1000;
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
      const queries = new CatalogueQueries(db);
      for (let q = 0; q < 12; q++) {
        const asOf = addDays('2023-12-20', Math.floor(rnd() * 430));
        const position = Math.floor(rnd() * (log.length + 2));
        const point = { asOf, knownAt: null, position };
        const naive = naiveStatesAt(log, asOf, position);
        const lastEffective = (streamId: string) =>
          toDayNumber(
            log
              .filter((e) => e.streamId === streamId && e.position <= position && e.metadata.effectiveDate <= asOf)
              .reduce((d, e) => (e.metadata.effectiveDate > d ? e.metadata.effectiveDate : d), '0000-00-00'),
          );
        const names = new Map([...naive.ministries].map(([code, m]) => [code, m.name]));
        const expectedPlatforms = [...naive.platforms]
          .map(([id, s]) => presentPlatform(s, lastEffective(`platform-${id}`), names))
          .sort((a, b) => (a.id < b.id ? -1 : 1));
        const expectedMinistries = [...naive.ministries]
          .map(([code, m]) => presentMinistry(m, lastEffective(`ministry-${code}`)))
          .sort((a, b) => (a.code < b.code ? -1 : 1));
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
