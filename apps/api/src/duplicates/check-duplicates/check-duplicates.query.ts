import { Query } from '@nestjs/cqrs';
import { ProposedSystem, SimilarEntry, TimePoint } from '@ndp/projections';

export interface DuplicateCheckResult {
  asOf: string;
  total: number;
  /** In force first, then withdrawn ones with the effective date of their withdrawal. */
  results: Array<SimilarEntry & { withdrawnOn: string | null }>;
}

/** The entries in force at a point most similar to a proposed system. */
export class CheckDuplicatesQuery extends Query<DuplicateCheckResult> {
  constructor(
    readonly point: TimePoint,
    readonly proposal: ProposedSystem,
    readonly options: { limit: number; minScore?: number; exclude?: ReadonlySet<string> },
  ) {
    super();
  }
}
