import Database from 'better-sqlite3';
import { addDays } from '@ndp/catalogue';
import { CatalogueIndexProjection } from '../catalogue-index/catalogue-index.projection';
import { LATEST } from '../catalogue-index/catalogue-index.schema';
import { CatalogueQueries } from '../queries/catalogue.queries';
import { prng, randomHistory } from '../testing/random-history';
import { CurrentSimilarityIndex } from './current-similarity-index';
import { SimilarEntry, similarPlatforms } from './similarity';

const compact = (xs: SimilarEntry[]) =>
  xs.map(
    (x) =>
      `${x.platform.id} ${x.platform.status} ${x.platform.ownerMinistry} ${x.platform.ownerMinistryName} ${x.platform.name} ${x.score} ${x.nameOverlap} ${x.matchingWords.join(',')}`,
  );

/** The maintained index must answer what a scan of the read models answers, after every batch of events. */
describe('CurrentSimilarityIndex follows the read models', () => {
  it.each([11, 12, 13, 14, 15, 16])('random history %i: after every batch, the same answers as the scan of the catalogue at that point', (seed) => {
    const rnd = prng(seed * 7919);
    const log = randomHistory(seed, { ministries: 3, platforms: 12, changes: 80 });
    const db = new Database(':memory:');
    const projection = new CatalogueIndexProjection();
    projection.setUp(db);
    const queries = new CatalogueQueries(db);
    const current = new CurrentSimilarityIndex(db, queries);
    const asOf = addDays('2024-01-01', Math.floor(rnd() * 300));
    let followed = 0;
    for (let i = 0; i < log.length;) {
      const n = 1 + Math.floor(rnd() * 5);
      db.transaction(() => projection.apply(db, log.slice(i, i + n)))();
      i += n;
      const rebuildsBefore = current.rebuilds;
      const index = current.at(asOf);
      if (current.rebuilds === rebuildsBefore) followed++;
      const platforms = queries.platformsAt({ asOf, knownAt: null, position: LATEST });
      expect(index.size).toBe(platforms.length);
      for (const p of [platforms[Math.floor(rnd() * platforms.length)], ...platforms.slice(0, 2)].filter(Boolean)) {
        for (const minScore of [0.6, 0.15]) {
          const proposal = { name: rnd() < 0.5 ? p.name : `${p.name} mới`, description: p.description };
          expect(compact(index.similar(proposal, { minScore }))).toEqual(compact(similarPlatforms(platforms, proposal, { minScore })));
        }
      }
    }
    // Most batches are followed (platform events), not rebuilt; another date rebuilds.
    expect(followed).toBeGreaterThan(0);
    const before = current.rebuilds;
    current.at(addDays(asOf, 1));
    expect(current.rebuilds).toBe(before + 1);
  });
});
