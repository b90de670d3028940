import { KIND_CODE } from '../catalogue-index/catalogue-index.schema';
import { ENTRY_FIELDS, EntryFields, FieldDef, foldVietnamese, fromDayNumber, MinistryState, PLATFORM_FIELDS, PlatformState } from '@ndp/catalogue';

/**
 * A catalogue entry as clients see it: its id, every field of the field model in the model's
 * order (a ministry code followed by that ministry's name as in force), then its status and
 * dates. Keys in a fixed order: edition bytes depend on it.
 */
export type PlatformView = { id: string } & EntryFields & {
    ownerMinistryName: string | null;
    status: string;
    registeredOn: string;
    /** The effective date of the version shown. */
    validFrom: string;
  };

function presentValue(def: FieldDef, value: unknown): unknown {
  if (value === undefined || value === null) return structuredClone(def.default);
  if (Array.isArray(value)) return [...value];
  if (def.type === 'contact') {
    const c = value as { name?: string | null; email?: string | null; phone?: string | null };
    return { name: c.name ?? null, email: c.email ?? null, phone: c.phone ?? null };
  }
  return value;
}

export function presentPlatform(state: PlatformState, validFromDay: number, ministryNames: ReadonlyMap<string, string>): PlatformView {
  const view: Record<string, unknown> = { id: state.id };
  for (const field of ENTRY_FIELDS) {
    const def: FieldDef = PLATFORM_FIELDS[field];
    view[field] = presentValue(def, state[field]);
    if (def.type === 'ministry-code') view[`${field}Name`] = ministryNames.get(state[field] as string) ?? null;
  }
  view.status = state.status;
  view.registeredOn = state.registeredOn;
  view.validFrom = fromDayNumber(validFromDay);
  return view as PlatformView;
}

export interface MinistryView {
  code: string;
  name: string;
  status: string;
  mergedInto: string | null;
  registeredOn: string;
  validFrom: string;
}

export function presentMinistry(state: MinistryState, validFromDay: number): MinistryView {
  return {
    code: state.code,
    name: state.name,
    status: state.status,
    mergedInto: state.mergedInto,
    registeredOn: state.since,
    validFrom: fromDayNumber(validFromDay),
  };
}

/** Catalogue order: by owning ministry, then by name as a Vietnamese reader expects, then id. */
export function comparePlatforms(a: PlatformView, b: PlatformView): number {
  return compareInCatalogueOrder(a, foldVietnamese(a.name), b, foldVietnamese(b.name));
}

function compareInCatalogueOrder(a: PlatformView, fa: string, b: PlatformView, fb: string): number {
  return compareFolded(a.ownerMinistry, fa, a.id, b.ownerMinistry, fb, b.id);
}

/**
 * Sorts in place in the order of `comparePlatforms`, folding each name once instead of twice per
 * comparison (the fold dominated the cost of sorting a catalogue of thousands of entries).
 */
export function sortPlatforms<T extends PlatformView>(platforms: T[]): T[] {
  const folded = new Map<T, string>();
  for (const p of platforms) folded.set(p, foldVietnamese(p.name));
  return platforms.sort((a, b) => compareInCatalogueOrder(a, folded.get(a)!, b, folded.get(b)!));
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();
const NAMED_FIELDS = ENTRY_FIELDS.filter((field) => (PLATFORM_FIELDS[field] as FieldDef).type === 'ministry-code');

/**
 * What the index keeps for a row as known now: the entry presented once, when it is written
 * (with `null` for the ministry names, which depend on the date asked), its owner and status for
 * filters and counts, and its name folded for catalogue order.
 */
export function currentRowOf(
  kind: 'platform' | 'ministry',
  state: Record<string, unknown>,
  validFromDay: number,
): { kind: number; owner: string; status: string; sortName: string; view: string } {
  if (kind === 'ministry') {
    const m = state as unknown as MinistryState;
    return {
      kind: KIND_CODE.ministry,
      owner: m.code ?? '',
      status: m.status ?? '',
      sortName: foldVietnamese(m.name ?? ''),
      view: JSON.stringify(presentMinistry(m, validFromDay)),
    };
  }
  const p = state as unknown as PlatformState;
  return {
    kind: KIND_CODE.platform,
    owner: p.ownerMinistry ?? '',
    status: p.status ?? '',
    sortName: foldVietnamese(p.name ?? ''),
    view: JSON.stringify(presentPlatform(p, validFromDay, NO_NAMES)),
  };
}

/** A stored presentation (`currentRowOf`) with the ministry names as in force on the date asked; key order unchanged. */
export function withMinistryNames(view: PlatformView, ministryNames: ReadonlyMap<string, string>): PlatformView {
  const v = view as unknown as Record<string, unknown>;
  for (const field of NAMED_FIELDS) v[`${field}Name`] = ministryNames.get(v[field] as string) ?? null;
  return view;
}

/** `comparePlatforms` on names already folded. */
export function compareFolded(ownerA: string, foldedA: string, idA: string, ownerB: string, foldedB: string, idB: string): number {
  return compareText(ownerA, ownerB) || compareText(foldedA, foldedB) || compareText(idA, idB);
}

/**
 * Texts in Unicode code point order, which is SQLite's BINARY order (bytes of UTF-8), so that a
 * page can be read as a range of an index in catalogue order (`current_order`). JavaScript's `<`
 * compares UTF-16 code units instead, which differs in one case: a character beyond U+FFFF
 * (stored as a surrogate pair, 0xD800–0xDFFF) against one in U+E000–U+FFFF.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate stands for a code point above every other unit's: lift it above 0xFFFF.
    const cx = x >= 0xd800 && x <= 0xdfff ? x + 0x10000 : x;
    const cy = y >= 0xd800 && y <= 0xdfff ? y + 0x10000 : y;
    return cx < cy ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}
