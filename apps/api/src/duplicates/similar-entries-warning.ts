import { QueryBus } from '@nestjs/cqrs';
import { HIGH_SIMILARITY, PlatformView } from '@ndp/projections';
import { CatalogueRuntime } from '../infrastructure/catalogue-runtime';
import { CheckDuplicatesQuery } from './check-duplicates/check-duplicates.query';

export interface SimilarEntriesWarning {
  code: 'similar-entries';
  message: string;
  similar: Array<{
    id: string;
    code: string | null;
    name: string;
    ownerMinistry: string;
    ownerMinistryName: string | null;
    /** Who runs the entry and whom to ask: the people to talk to before building a second one. */
    operator: string | null;
    contact: PlatformView['contact'];
    score: number;
    matchingWords: string[];
  }>;
}

/**
 * The warning a registration carries when entries in force on its effective date look like
 * the new one (score ≥ {@link HIGH_SIMILARITY}); null when none does. The new entry itself is
 * left out, and so are withdrawn entries (the check lists them; they are not what to reuse).
 */
export async function similarEntriesWarning(
  queries: QueryBus,
  runtime: CatalogueRuntime,
  newId: string,
  entry: { name: string; description?: string | null; effectiveDate: string },
): Promise<SimilarEntriesWarning | null> {
  const point = runtime.catalogue.point(entry.effectiveDate, null);
  const { results: found } = await queries.execute(
    new CheckDuplicatesQuery(
      point,
      { name: entry.name.trim(), description: entry.description ?? null },
      { limit: 5, minScore: HIGH_SIMILARITY, exclude: new Set([newId]) },
    ),
  );
  const results = found.filter((r) => r.platform.status !== 'withdrawn');
  if (results.length === 0) return null;
  return {
    code: 'similar-entries',
    message: `Registered; ${results.length === 1 ? '1 entry' : `${results.length} entries`} in force on ${entry.effectiveDate} ${results.length === 1 ? 'looks' : 'look'} very similar: check that this is not a duplicate`,
    similar: results.map((r) => ({
      id: r.platform.id,
      code: r.platform.code,
      name: r.platform.name,
      ownerMinistry: r.platform.ownerMinistry,
      ownerMinistryName: r.platform.ownerMinistryName,
      operator: r.platform.operator,
      contact: r.platform.contact,
      score: r.score,
      matchingWords: r.matchingWords,
    })),
  };
}
