import { Query } from '@nestjs/cqrs';
import { DiffView, EditionSummary, EditionView } from '@ndp/projections';

export class ListEditionsQuery extends Query<EditionSummary[]> {}

export class GetEditionQuery extends Query<EditionView | null> {
  constructor(readonly id: string) {
    super();
  }
}

export class EditionDiffQuery extends Query<(DiffView & { fromEdition: string; toEdition: string }) | { unknown: string }> {
  constructor(
    readonly a: string,
    readonly b: string,
  ) {
    super();
  }
}
