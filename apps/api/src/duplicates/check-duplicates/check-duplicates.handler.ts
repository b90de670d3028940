import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CurrentSimilarityIndex, LATEST, ProposedSystem, SimilarEntry, SimilarityOptions, similarPlatforms, TimePoint } from '@ndp/projections';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { parseAsOf } from '../../http/time-params';
import { CheckDuplicatesQuery, DuplicateCheckResult } from './check-duplicates.query';

/**
 * Compares with every entry known at the point, withdrawn ones included (shown after those in
 * force, with the date they were withdrawn). Today's catalogue as known now (the check's default,
 * and a registration effective today) is answered from an index kept up to date with the read
 * models, which scores only the entries that can match; another date or an earlier `knownAt` is
 * answered by scanning the catalogue at that point, which gives the same answers more slowly.
 */
@QueryHandler(CheckDuplicatesQuery)
export class CheckDuplicatesHandler implements IQueryHandler<CheckDuplicatesQuery, DuplicateCheckResult> {
  private readonly current: CurrentSimilarityIndex;

  constructor(private readonly runtime: CatalogueRuntime) {
    this.current = new CurrentSimilarityIndex(runtime.readDb, runtime.catalogue);
  }

  async execute({ point, proposal, options }: CheckDuplicatesQuery): Promise<DuplicateCheckResult> {
    const all = this.similar(point, proposal, { minScore: options.minScore, exclude: options.exclude });
    const results = all
      .slice(0, options.limit)
      .map((r) => ({ ...r, withdrawnOn: r.platform.status === 'withdrawn' ? this.withdrawnOn(r.platform.id, point) : null }));
    return { asOf: point.asOf, total: all.length, results };
  }

  private similar(point: TimePoint, proposal: ProposedSystem, options: SimilarityOptions): SimilarEntry[] {
    const today = parseAsOf(undefined, this.runtime.config.now());
    if (point.position >= LATEST && point.asOf === today) return this.current.at(today).similar(proposal, options);
    return similarPlatforms(this.runtime.catalogue.platformsAt(point), proposal, options);
  }

  /** The effective date of the withdrawal in force on `asOf`: the last one recorded by the point. */
  private withdrawnOn(platformId: string, point: TimePoint): string | null {
    let on: string | null = null;
    for (const h of this.runtime.catalogue.history(platformId) ?? [])
      if (h.type === 'platform.withdrawn' && h.position <= point.position && h.effectiveDate <= point.asOf && (on === null || h.effectiveDate > on))
        on = h.effectiveDate;
    return on;
  }
}
