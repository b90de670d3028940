import { Query } from '@nestjs/cqrs';
import { HistoryEntry } from '@ndp/projections';

export type PlatformHistory = { id: string; versions: HistoryEntry[] } | null;

export class PlatformHistoryQuery extends Query<PlatformHistory> {
  constructor(readonly idOrCode: string) {
    super();
  }
}
