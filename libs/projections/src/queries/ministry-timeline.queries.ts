import type Database from 'better-sqlite3';
import { CatalogueQueries, TimePoint } from './catalogue.queries';
import { MinistryView } from './presenters';

/** One step of a ministry's reorganisation, as this ministry lived it. */
export type MinistryStep = {
  position: number;
  effectiveDate: string;
  recordedAt: string;
  type: string;
  legalBasis: unknown;
} & (
  | { event: 'registered'; name: string }
  | { event: 'renamed'; name: string; previousName: string }
  | { event: 'merged-into'; into: string }
  /** Another ministry merged into this one. */
  | { event: 'absorbed'; from: string }
  | { event: 'dissolved'; defaultSuccessor: string; successors: Array<{ code: string; entries: number }> }
  /** Another ministry was dissolved and this one succeeds it (as default successor, or for assigned entries). */
  | { event: 'succeeded'; from: string; isDefaultSuccessor: boolean; assignedEntries: number }
);

export interface MinistryDetail {
  code: string;
  asOf: string;
  knownAt: string | null;
  /** The ministry as of `asOf` (null when not yet registered then). */
  ministry: MinistryView | null;
  /** Entries as of `asOf`: owned and in force, owned and withdrawn, named as co-ministry (in force). */
  entries: { inForce: number; withdrawn: number; coMinistry: number };
  /** Every reorganisation step known at the point, in effective-date order (then log order). */
  timeline: MinistryStep[];
}

interface LogRow {
  position: number;
  type: string;
  effective_date: string;
  recorded_at: string;
  data: string;
  metadata: string;
}

/** A ministry's own page: who it was on a date, how it was reorganised, and what it answered for. */
export class MinistryTimelineQueries {
  private readonly steps;

  constructor(
    db: Database.Database,
    private readonly catalogue: CatalogueQueries,
  ) {
    this.steps = db.prepare(
      `SELECT position, type, effective_date, recorded_at, data, metadata FROM log
        WHERE type IN ('ministry.registered', 'ministry.renamed', 'ministry.merged', 'ministry.dissolved')
          AND ministries LIKE '%,' || @code || ',%' AND position <= @position
        ORDER BY effective_date, position`,
    );
  }

  detail(code: string, point: TimePoint): MinistryDetail | null {
    const rows = this.steps.all({ code, position: point.position }) as LogRow[];
    const timeline = rows.map((r) => step(code, r)).filter((s): s is MinistryStep => s !== null);
    if (!timeline.some((s) => s.event === 'registered')) return null;
    const ministry = this.catalogue.ministriesAt(point).find((m) => m.code === code) ?? null;
    const entries = { inForce: 0, withdrawn: 0, coMinistry: 0 };
    for (const p of this.catalogue.platformsAt(point)) {
      if (p.ownerMinistry === code) entries[p.status === 'in-force' ? 'inForce' : 'withdrawn']++;
      else if (p.status === 'in-force' && p.coMinistries.includes(code)) entries.coMinistry++;
    }
    return { code, asOf: point.asOf, knownAt: point.knownAt, ministry, entries, timeline };
  }
}

function step(code: string, r: LogRow): MinistryStep | null {
  const data = JSON.parse(r.data);
  const base = {
    position: r.position,
    effectiveDate: r.effective_date,
    recordedAt: r.recorded_at,
    type: r.type,
    legalBasis: JSON.parse(r.metadata).legalBasis ?? null,
  };
  const own = data.code === code;
  switch (r.type) {
    case 'ministry.registered':
      return own ? { ...base, event: 'registered', name: data.name } : null;
    case 'ministry.renamed':
      return own ? { ...base, event: 'renamed', name: data.name, previousName: data.previousName } : null;
    case 'ministry.merged':
      if (own) return { ...base, event: 'merged-into', into: data.into };
      return data.into === code ? { ...base, event: 'absorbed', from: data.code } : null;
    case 'ministry.dissolved': {
      const assigned = Object.values(data.assignments ?? {}) as string[];
      if (own) {
        const counts = new Map<string, number>([[data.defaultSuccessor, 0]]);
        for (const c of assigned) counts.set(c, (counts.get(c) ?? 0) + 1);
        return { ...base, event: 'dissolved', defaultSuccessor: data.defaultSuccessor, successors: [...counts].map(([c, entries]) => ({ code: c, entries })) };
      }
      const mine = assigned.filter((c) => c === code).length;
      if (data.defaultSuccessor !== code && mine === 0) return null;
      return { ...base, event: 'succeeded', from: data.code, isDefaultSuccessor: data.defaultSuccessor === code, assignedEntries: mine };
    }
    default:
      return null;
  }
}
