import { Query } from '@nestjs/cqrs';
import { MinistryView, TimePoint } from '@ndp/projections';

export class ListMinistriesQuery extends Query<MinistryView[]> {
  constructor(
    readonly point: TimePoint,
    readonly includeEnded: boolean,
  ) {
    super();
  }
}
