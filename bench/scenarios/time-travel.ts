/**
 * Scenario 2 — time travel: "as of D" and "as of D, as known at T" for one entry and for the
 * whole catalogue, answered by the bitemporal index (CatalogueQueries over the rebuilt read
 * model), against the control: a naive replay of the log held in memory (read once, untimed).
 *
 * The control is made as strong as it honestly can be: for one entry it folds only that
 * entry's stream and the ministry streams (it still has to scan the log to find them); for
 * the catalogue it is `naiveStatesAt` (the oracle of the property test) plus the same
 * presentation, filter and sort as the real query. Every control answer is compared with the
 * index's answer at the same point, byte for byte (JSON). The index is timed before the log is
 * loaded (see timeTravelTask).
 */
import {
  CalendarDate,
  evolveMinistry,
  evolvePlatform,
  fromDayNumber,
  MinistryState,
  PlatformState,
  RecordedDomainEvent,
  toDayNumber,
  recordedEvent,
} from '@ndp/catalogue';
import { SqliteEventStore, StoredEvent } from '@ndp/event-store';
import {
  CatalogueKey,
  catalogueKeyOf,
  CatalogueQueries,
  CatalogueView,
  comparePlatforms,
  openReadModelDb,
  PlatformView,
  presentMinistry,
  presentPlatform,
} from '@ndp/projections';
import { prng } from '../../libs/projections/src/testing/random-history';
import { naiveStatesAt } from '../../libs/projections/src/testing/naive-replay';
import { entryIds, HISTORY_END, HISTORY_FIRST_DAY, HISTORY_LAST_DAY, HISTORY_START } from '../lib/history';
import { MiB, peakRssBytes } from '../lib/memory';
import { summarize, Summary } from '../lib/stats';

/** The page size of the paged catalogue rows (the viewer's). */
const PAGE = 100;

export interface TimeTravelArgs {
  eventsPath: string;
  readModelsPath: string;
  entries: number;
  seed: number;
  /** Index queries per kind (one entry as-of, one entry as-known-at). */
  entryQueries: number;
  /** Index queries per kind for the whole catalogue. */
  catalogueQueries: number;
  /** Control (naive replay) samples per kind, each also compared with the index. */
  entryReplays: number;
  catalogueReplays: number;
}

export interface PairedSummary {
  index: Summary;
  replay: Summary;
}

export interface TimeTravelResult {
  events: number;
  logLoadMs: number;
  entryAsOf: PairedSummary;
  entryKnownAt: PairedSummary;
  catalogueAsOf: PairedSummary;
  catalogueKnownAt: PairedSummary;
  /**
   * One page of 100 of the catalogue as the API reads it (as known now, pinned, after the key of the
   * entry before it); control: the replay's answer cut to the same page.
   */
  cataloguePage: PairedSummary;
  compared: number;
  identical: number;
  mismatches: string[];
  catalogueSize: number;
  peakRssMiB: number;
}

interface Point {
  asOf: CalendarDate;
  knownAt: Date | null;
}

async function loadLog(path: string): Promise<StoredEvent[]> {
  const store = new SqliteEventStore({ path });
  const log: StoredEvent[] = [];
  for (let position = 0; ;) {
    const page = await store.readAll(position, 10000);
    if (page.length === 0) break;
    for (const e of page) log.push(e);
    position = page[page.length - 1].position;
  }
  await store.close();
  return log;
}

/** The last log position recorded at or before the instant, by scanning (the log is in recorded order). */
function naivePosition(log: readonly StoredEvent[], knownAt: Date | null): number {
  if (knownAt === null) return Number.MAX_SAFE_INTEGER;
  const iso = knownAt.toISOString();
  let position = 0;
  for (const e of log) {
    if (e.recordedAt > iso) break;
    position = e.position;
  }
  return position;
}

function byValidTime(a: RecordedDomainEvent, b: RecordedDomainEvent): number {
  return a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : a.position - b.position;
}

/** Replay for one entry: scan the log, fold that entry's events and the ministries' (for the owner's name). */
export function replayEntry(log: readonly StoredEvent[], id: string, p: Point): PlatformView | null {
  const position = naivePosition(log, p.knownAt);
  const stream = `platform-${id}`;
  const mine: RecordedDomainEvent[] = [];
  const ministries = new Map<string, RecordedDomainEvent[]>();
  for (const e of log) {
    if (e.position > position || e.metadata.effectiveDate > p.asOf) continue;
    if (e.streamId === stream) mine.push(recordedEvent(e));
    else if (e.streamId.startsWith('ministry-')) {
      const list = ministries.get(e.streamId) ?? [];
      list.push(recordedEvent(e));
      ministries.set(e.streamId, list);
    }
  }
  if (mine.length === 0) return null;
  mine.sort(byValidTime);
  let state: PlatformState | null = null;
  for (const e of mine) state = evolvePlatform(state, e);
  if (!state) return null;
  const names = new Map<string, string>();
  for (const events of ministries.values()) {
    let m: MinistryState | null = null;
    for (const e of events.sort(byValidTime)) m = evolveMinistry(m, e);
    if (m) names.set(m.code, m.name);
  }
  return presentPlatform(state, toDayNumber(mine[mine.length - 1].effectiveDate), names);
}

/** Replay for the catalogue: naiveStatesAt, then the presentation, filter and order of CatalogueQueries.catalogue. */
export function replayCatalogue(log: readonly StoredEvent[], p: Point): CatalogueView {
  const position = naivePosition(log, p.knownAt);
  const { platforms, ministries } = naiveStatesAt(log, p.asOf, position);
  const lastEffective = new Map<string, string>();
  for (const e of log) {
    if (e.position > position || e.metadata.effectiveDate > p.asOf) continue;
    const d = lastEffective.get(e.streamId);
    if (d === undefined || e.metadata.effectiveDate > d) lastEffective.set(e.streamId, e.metadata.effectiveDate);
  }
  const validFrom = (stream: string) => toDayNumber(lastEffective.get(stream)!);
  const names = new Map([...ministries.values()].map((m) => [m.code, m.name]));
  const inForceMinistries = [...ministries].map(([code, m]) => presentMinistry(m, validFrom(`ministry-${code}`))).filter((m) => m.status === 'in-force');
  const views = [...platforms]
    .map(([id, s]) => presentPlatform(s, validFrom(`platform-${id}`), names))
    .filter((v) => v.status === 'in-force')
    .sort(comparePlatforms);
  const counts = new Map<string, number>();
  for (const v of views) counts.set(v.ownerMinistry, (counts.get(v.ownerMinistry) ?? 0) + 1);
  const codes = new Set([...inForceMinistries.map((m) => m.code), ...counts.keys()]);
  const byMinistry = [...codes].sort().map((code) => ({ code, name: names.get(code) ?? code, count: counts.get(code) ?? 0 }));
  return { asOf: p.asOf, knownAt: p.knownAt ? p.knownAt.toISOString() : null, total: views.length, byMinistry, platforms: views };
}

export async function timeTravelTask(a: TimeTravelArgs): Promise<TimeTravelResult> {
  const db = openReadModelDb(a.readModelsPath);
  const queries = new CatalogueQueries(db);
  const rnd = prng(a.seed);
  const ids = entryIds({ entries: a.entries });
  const firstDay = toDayNumber(HISTORY_FIRST_DAY);
  const span = toDayNumber(HISTORY_LAST_DAY) + 60 - firstDay;
  const randomPoint = (knownAt: boolean): Point => ({
    asOf: fromDayNumber(firstDay + Math.floor(rnd() * span)),
    knownAt: knownAt ? new Date(HISTORY_START + Math.floor(rnd() * (HISTORY_END - HISTORY_START))) : null,
  });
  const randomId = () => ids[Math.floor(rnd() * ids.length)];

  const indexEntry = (id: string, p: Point) => queries.platform(id, queries.point(p.asOf, p.knownAt));
  const indexCatalogue = (p: Point) => queries.catalogue(queries.point(p.asOf, p.knownAt));
  // As the API pages: at the point pinned by the first page, after the key of the last entry given.
  const indexPage = (p: Point, after: CatalogueKey | undefined) =>
    queries.catalogue(queries.pinned(queries.point(p.asOf, p.knownAt)), {}, { limit: PAGE, after });
  // A page somewhere in the list: the catalogue at any date holds most entries.
  const randomOffset = () => PAGE * Math.floor(rnd() * Math.max(1, Math.floor((a.entries * 0.9) / PAGE)));
  /**
   * The key a cursor carries to the page at `offset`: that of the entry before it (none for the
   * first page), read through a page of one at that offset. As in the API, the list's first page
   * has been read at that point before (its counts are then remembered for the following pages).
   */
  const keyBefore = (p: Point, offset: number): CatalogueKey | undefined => {
    indexPage(p, undefined);
    if (offset === 0) return undefined;
    const before = queries.catalogue(queries.pinned(queries.point(p.asOf, p.knownAt)), {}, { offset: offset - 1, limit: 1 }).platforms[0];
    return before && catalogueKeyOf(before);
  };

  // Warm up the statement caches and the JIT; nothing here is timed.
  for (let i = 0; i < 50; i++) indexEntry(randomId(), randomPoint(i % 2 === 0));
  for (let i = 0; i < 3; i++) indexCatalogue(randomPoint(i % 2 === 0));
  for (let i = 0; i < 10; i++) {
    const p = randomPoint(false);
    indexPage(p, keyBefore(p, randomOffset()));
  }

  const time = (fn: () => unknown): number => {
    const t = performance.now();
    fn();
    return performance.now() - t;
  };
  const measureEntries = (knownAt: boolean) => {
    const samples: number[] = [];
    for (let i = 0; i < a.entryQueries; i++) {
      const id = randomId();
      const p = randomPoint(knownAt);
      samples.push(time(() => indexEntry(id, p)));
    }
    return summarize(samples);
  };
  const measureCatalogue = (knownAt: boolean) => {
    const samples: number[] = [];
    let size = 0;
    for (let i = 0; i < a.catalogueQueries; i++) {
      const p = randomPoint(knownAt);
      samples.push(time(() => (size = Math.max(size, indexCatalogue(p).total))));
    }
    return { summary: summarize(samples), size };
  };

  let compared = 0;
  let identical = 0;
  const mismatches: string[] = [];
  const check = (what: string, expected: unknown, actual: unknown) => {
    compared++;
    if (JSON.stringify(expected) === JSON.stringify(actual)) identical++;
    else if (mismatches.length < 5) mismatches.push(what);
  };
  const replayEntries = (knownAt: boolean) => {
    const samples: number[] = [];
    for (let i = 0; i < a.entryReplays; i++) {
      const id = randomId();
      const p = randomPoint(knownAt);
      let replayed: PlatformView | null = null;
      samples.push(time(() => (replayed = replayEntry(log, id, p))));
      const found = indexEntry(id, p);
      check(`entry ${id} asOf ${p.asOf} knownAt ${p.knownAt?.toISOString() ?? '-'}`, replayed, found && 'view' in found ? found.view : null);
    }
    return summarize(samples);
  };
  const replayCatalogues = (knownAt: boolean) => {
    const samples: number[] = [];
    for (let i = 0; i < a.catalogueReplays; i++) {
      const p = randomPoint(knownAt);
      let replayed: CatalogueView | null = null;
      samples.push(time(() => (replayed = replayCatalogue(log, p))));
      check(`catalogue asOf ${p.asOf} knownAt ${p.knownAt?.toISOString() ?? '-'}`, replayed, indexCatalogue(p));
    }
    return summarize(samples);
  };

  const measurePages = () => {
    // The keys first (untimed, each read through an offset page of one), then the pages timed.
    const pages: Array<{ p: Point; after: CatalogueKey | undefined }> = [];
    for (let i = 0; i < a.catalogueQueries * 10; i++) {
      const p = randomPoint(false);
      pages.push({ p, after: keyBefore(p, randomOffset()) });
    }
    return summarize(pages.map(({ p, after }) => time(() => indexPage(p, after))));
  };
  const replayPages = () => {
    const samples: number[] = [];
    for (let i = 0; i < a.catalogueReplays; i++) {
      const p = randomPoint(false);
      const offset = randomOffset();
      let whole: CatalogueView | null = null;
      let replayed: CatalogueView | null = null;
      samples.push(
        time(() => {
          whole = replayCatalogue(log, p);
          replayed = { ...whole, platforms: whole.platforms.slice(offset, offset + PAGE) };
        }),
      );
      // The cursor's key: that of the entry before the page, taken from the replay's own answer.
      const before = offset > 0 ? (whole as CatalogueView | null)?.platforms[offset - 1] : undefined;
      check(`catalogue page at ${offset} asOf ${p.asOf}`, replayed, indexPage(p, before && catalogueKeyOf(before)));
    }
    return summarize(samples);
  };

  // The index is measured first, in a heap that holds no log: a server answering these queries
  // never holds one, and a 1M-event log (~2.5 GB of heap) made every garbage collection of the
  // measured queries walk it. The log is loaded after, for the control and the comparisons.
  const entryAsOfIndex = measureEntries(false);
  const entryKnownAtIndex = measureEntries(true);
  const catAsOf = measureCatalogue(false);
  const catKnownAt = measureCatalogue(true);
  const pageIndex = measurePages();

  const t0 = performance.now();
  const log = await loadLog(a.eventsPath);
  const logLoadMs = performance.now() - t0;
  replayEntry(log, randomId(), randomPoint(false)); // warm-up, untimed
  const entryAsOf = { index: entryAsOfIndex, replay: replayEntries(false) };
  const entryKnownAt = { index: entryKnownAtIndex, replay: replayEntries(true) };
  const catalogueAsOf = { index: catAsOf.summary, replay: replayCatalogues(false) };
  const catalogueKnownAt = { index: catKnownAt.summary, replay: replayCatalogues(true) };
  const cataloguePage = { index: pageIndex, replay: replayPages() };
  db.close();
  return {
    events: log.length,
    logLoadMs,
    entryAsOf,
    entryKnownAt,
    catalogueAsOf,
    catalogueKnownAt,
    cataloguePage,
    compared,
    identical,
    mismatches,
    catalogueSize: Math.max(catAsOf.size, catKnownAt.size),
    peakRssMiB: peakRssBytes() / MiB,
  };
}
