import { Query } from '@nestjs/cqrs';
import { PlatformView, TimePoint } from '@ndp/projections';

export type GetPlatformResult = { view: PlatformView; revision: number } | { notYet: string } | null;

export class GetPlatformQuery extends Query<GetPlatformResult> {
  constructor(
    /** An entry id, or its code. */
    readonly idOrCode: string,
    readonly point: TimePoint,
  ) {
    super();
  }
}
