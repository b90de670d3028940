import { Query } from '@nestjs/cqrs';
import { AuditEvent, AuditFilter } from '@ndp/projections';

export class ListAuditQuery extends Query<{ events: AuditEvent[]; nextCursor: string | null }> {
  constructor(readonly filter: AuditFilter) {
    super();
  }
}
