import type Database from 'better-sqlite3';
import { CatalogueQueries, CatalogueView, DiffView, TimePoint } from './catalogue.queries';

export interface EditionSummary {
  id: string;
  documentNumber: string;
  title: string | null;
  issuedOn: string;
  signer: string;
  cutoffDate: string;
  logPosition: number;
  /** The hash chain's head at `logPosition`, as recorded in the edition's event (null if the store keeps no hashes). */
  head: { position: number; hash: string } | null;
  publishedAt: string;
  /** Who published it; public reads show only role and ministry (apps/api/src/http/personal-data.ts). */
  publishedBy: { sub?: string; name?: string; role?: string; ministry?: string | null };
}

export type EditionView = EditionSummary & Omit<CatalogueView, 'asOf' | 'knownAt'>;

interface EditionRow {
  edition_id: string;
  document_number: string;
  title: string | null;
  issued_on: string;
  signer: string;
  cutoff_date: string;
  log_position: number;
  recorded_at: string;
  actor: string;
  head: string | null;
}

/**
 * An edition is the catalogue at (cut-off date, log position at publication). Both are frozen
 * in the edition's event and the index never changes what it answers for an earlier position,
 * so the content is the same whatever is recorded afterwards.
 */
export class EditionQueries {
  constructor(
    private readonly db: Database.Database,
    private readonly catalogue: CatalogueQueries,
  ) {}

  list(): EditionSummary[] {
    return (this.db.prepare(`${SELECT_EDITIONS} ORDER BY e.position`).all() as EditionRow[]).map(summary);
  }

  find(idOrNumber: string): EditionSummary | null {
    const row = this.db.prepare(`${SELECT_EDITIONS} WHERE e.edition_id = ? OR e.document_number = ?`).get(idOrNumber, idOrNumber) as EditionRow | undefined;
    return row ? summary(row) : null;
  }

  pointOf(edition: EditionSummary): TimePoint {
    return { asOf: edition.cutoffDate, knownAt: null, position: edition.logPosition };
  }

  content(edition: EditionSummary): EditionView {
    const { total, byMinistry, platforms } = this.catalogue.catalogue(this.pointOf(edition));
    return { ...edition, total, byMinistry, platforms };
  }

  diff(a: EditionSummary, b: EditionSummary): DiffView & { fromEdition: string; toEdition: string } {
    return { fromEdition: a.id, toEdition: b.id, ...this.catalogue.diff(this.pointOf(a), this.pointOf(b)) };
  }
}

/** The head lives in the edition's own event (chained with the log); read it from the projected log. */
const SELECT_EDITIONS = `SELECT e.*, json_extract(l.data, '$.head') AS head FROM editions e LEFT JOIN log l ON l.position = e.position`;

function summary(r: EditionRow): EditionSummary {
  const actor = JSON.parse(r.actor);
  return {
    id: r.edition_id,
    documentNumber: r.document_number,
    title: r.title,
    issuedOn: r.issued_on,
    signer: r.signer,
    cutoffDate: r.cutoff_date,
    logPosition: r.log_position,
    head: r.head ? (JSON.parse(r.head) as { position: number; hash: string }) : null,
    publishedAt: r.recorded_at,
    publishedBy: { sub: actor.sub, name: actor.name, role: actor.role, ministry: actor.ministry ?? null },
  };
}
