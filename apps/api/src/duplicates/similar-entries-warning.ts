import { QueryBus } from '@nestjs/cqrs';
import { HIGH_SIMILARITY } from '@ndp/projections';
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
    score: number;
    matchingWords: string[];
  }>;
}

/**
 * The warning a registration carries when entries in force on its effective date look like
 * the new one (score ≥ {@link HIGH_SIMILARITY}); null when none does. The new entry itself is
 * left out.
 */
export async function similarEntriesWarning(
  queries: QueryBus,
  runtime: CatalogueRuntime,
  newId: string,
  entry: { name: string; description?: string | null; effectiveDate: string },
): Promise<SimilarEntriesWarning | null> {
  const point = runtime.catalogue.point(entry.effectiveDate, null);
  const { results } = await queries.execute(
    new CheckDuplicatesQuery(
      point,
      { name: entry.name.trim(), description: entry.description ?? null },
      { limit: 5, minScore: HIGH_SIMILARITY, exclude: new Set([newId]) },
    ),
  );
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
      score: r.score,
      matchingWords: r.matchingWords,
    })),
  };
}
