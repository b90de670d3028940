import { foldVietnamese, fromDayNumber, MinistryState, PlatformState } from '@ndp/catalogue';

/** A catalogue entry as clients see it. Keys in a fixed order: edition bytes depend on it. */
export interface PlatformView {
  id: string;
  code: string | null;
  name: string;
  kind: string;
  ownerMinistry: string;
  ownerMinistryName: string | null;
  coMinistries: string[];
  description: string | null;
  operator: string | null;
  contact: { name: string | null; email: string | null; phone: string | null } | null;
  url: string | null;
  deploymentStatus: string;
  ndxpStatus: string;
  status: string;
  registeredOn: string;
  /** The effective date of the version shown. */
  validFrom: string;
}

export function presentPlatform(state: PlatformState, validFromDay: number, ministryNames: ReadonlyMap<string, string>): PlatformView {
  return {
    id: state.id,
    code: state.code ?? null,
    name: state.name,
    kind: state.kind,
    ownerMinistry: state.ownerMinistry,
    ownerMinistryName: ministryNames.get(state.ownerMinistry) ?? null,
    coMinistries: [...(state.coMinistries ?? [])],
    description: state.description ?? null,
    operator: state.operator ?? null,
    contact: state.contact ? { name: state.contact.name ?? null, email: state.contact.email ?? null, phone: state.contact.phone ?? null } : null,
    url: state.url ?? null,
    deploymentStatus: state.deploymentStatus,
    ndxpStatus: state.ndxpStatus,
    status: state.status,
    registeredOn: state.registeredOn,
    validFrom: fromDayNumber(validFromDay),
  };
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
  if (a.ownerMinistry !== b.ownerMinistry) return a.ownerMinistry < b.ownerMinistry ? -1 : 1;
  if (fa !== fb) return fa < fb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
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
