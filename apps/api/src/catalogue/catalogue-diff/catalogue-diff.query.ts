import { Query } from '@nestjs/cqrs';
import { DiffView, TimePoint } from '@ndp/projections';

export class CatalogueDiffQuery extends Query<DiffView> {
  constructor(
    readonly from: TimePoint,
    readonly to: TimePoint,
  ) {
    super();
  }
}
