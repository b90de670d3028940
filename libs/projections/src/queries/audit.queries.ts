import { storedEventFromRow } from '@ndp/event-store';
import type { EventRow } from '@ndp/event-store';
import type Database from 'better-sqlite3';

export interface AuditFilter {
  actor?: string;
  ministry?: string;
  type?: string;
  /** Events of this entry (its id). */
  platform?: string;
  /** Events whose legal basis (or, for an edition, the edition itself) is this document number. */
  documentNumber?: string;
  /** Recorded-time range, inclusive, as instants. */
  from?: Date;
  to?: Date;
  /** Exclusive: return events after this position. */
  after?: number;
  limit: number;
}

export interface AuditEvent {
  position: number;
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  effectiveDate: string;
  actor: unknown;
  legalBasis: unknown;
  reason: string | null;
  idempotencyKey: string | null;
  correlationId: string;
  causationId: string | null;
  data: unknown;
}

/** The audit trail: every event with its full metadata, filtered, in log order, paged by position. */
export class AuditQueries {
  constructor(private readonly db: Database.Database) {}

  list(filter: AuditFilter): { events: AuditEvent[]; nextCursor: string | null } {
    const where: string[] = ['position > @after'];
    if (filter.actor) where.push('actor_sub = @actor');
    if (filter.type) where.push('type = @type');
    if (filter.platform) where.push('stream_id = @stream');
    if (filter.documentNumber)
      where.push(
        `(json_extract(metadata, '$.legalBasis.documentNumber') = @documentNumber OR (type = 'edition.published' AND json_extract(data, '$.documentNumber') = @documentNumber))`,
      );
    if (filter.ministry) where.push(`ministries LIKE '%,' || @ministry || ',%'`);
    if (filter.from) where.push('recorded_at >= @from');
    if (filter.to) where.push('recorded_at <= @to');
    const rows = this.db.prepare(`SELECT * FROM log WHERE ${where.join(' AND ')} ORDER BY position LIMIT @limit`).all({
      after: filter.after ?? 0,
      actor: filter.actor,
      type: filter.type,
      stream: filter.platform ? `platform-${filter.platform}` : undefined,
      documentNumber: filter.documentNumber,
      ministry: filter.ministry,
      from: filter.from?.toISOString(),
      to: filter.to?.toISOString(),
      limit: filter.limit + 1,
    }) as Array<Record<string, unknown>>;
    const page = rows.slice(0, filter.limit);
    const events = page.map((r) => {
      const e = storedEventFromRow(r as unknown as EventRow);
      const m = e.metadata;
      return {
        position: e.position,
        eventId: e.eventId,
        streamId: e.streamId,
        revision: e.revision,
        type: e.type,
        schemaVersion: e.schemaVersion,
        recordedAt: e.recordedAt,
        effectiveDate: m.effectiveDate,
        actor: m.actor,
        legalBasis: m.legalBasis ?? null,
        reason: m.reason ?? null,
        idempotencyKey: m.idempotencyKey ?? null,
        correlationId: m.correlationId,
        causationId: m.causationId ?? null,
        data: e.data,
      };
    });
    const nextCursor = rows.length > filter.limit ? String(page[page.length - 1].position) : null;
    return { events, nextCursor };
  }
}
