import { createHash } from 'node:crypto';
import { badRequest } from './problem';

/**
 * Paging for list answers (API.md "Paging"): `limit` (1–1000) and an opaque `cursor`, answered
 * with `nextCursor` (null on the last page).
 *
 * A cursor is `base64url(JSON).check`, where `check` is a SHA-256 digest of the JSON under a fixed
 * label. It carries the kind of list, a digest of the query it came from (every parameter except
 * `cursor`, `limit` and `minPosition`), the page size, and the list's own state — an offset, and
 * for reads of the catalogue the log position and date the first page was read at, so that the
 * following pages read the same (asOf, position) point whatever is recorded meanwhile, and the
 * key of the last entry given, so that the next page is read from there rather than counted
 * from the start (cursors without a key, issued before, still resume at their offset).
 *
 * The check is not a secret: a cursor only says where to resume in data the caller may already
 * read, so forging one gains nothing; the check makes a garbled or truncated cursor a 400 rather
 * than a wrong page, and the query digest makes a cursor from another query a 400.
 */
export const MAX_LIMIT = 1000;

export interface CursorState {
  /** Items already given. */
  offset?: number;
  /** The log position the first page was read at. */
  position?: number;
  /** The date (`asOf`) the first page was read at. */
  asOf?: string;
  /** Keyset: resume after this log position. */
  after?: number;
  /** Keyset of the catalogue: resume after the entry with this key (owner, folded name, id). */
  key?: [string, string, string];
}

export interface Paging {
  limit: number;
  state: CursorState;
  /** The cursor for the page after this one. */
  next(state: CursorState): string;
}

const IGNORED = new Set(['cursor', 'limit', 'minPosition']);
// Room for a catalogue key: a folded name of up to 300 characters, escaped in JSON at worst.
const CURSOR = /^[A-Za-z0-9_-]{1,4000}\.[A-Za-z0-9_-]{16}$/;

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, length);
}

/** The query a cursor belongs to: its parameters (but the paging ones) in a canonical order, plus the list's identity. */
export function querySignature(kind: string, query: Record<string, unknown>, extra: unknown = null): string {
  const params = Object.keys(query)
    .filter((k) => !IGNORED.has(k))
    .sort()
    .map((k) => [k, query[k]]);
  return digest(JSON.stringify([kind, params, extra]), 16);
}

export function parseLimitParam(value: unknown, field = 'limit', max = MAX_LIMIT): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw badRequest(`${field} must be a whole number from 1 to ${max}`, [{ field, message: `'${String(value).slice(0, 40)}' is not allowed` }]);
  return n;
}

const invalidCursor = (why: string) =>
  badRequest(`cursor is not valid: ${why}; start again without a cursor`, [{ field: 'cursor', message: 'not a cursor of this query' }]);

function encode(payload: Record<string, unknown>): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${digest(`ndp-cursor-v1|${body}`, 16)}`;
}

function decode(cursor: string): Record<string, unknown> {
  if (!CURSOR.test(cursor)) throw invalidCursor('malformed');
  const [body, check] = cursor.split('.');
  if (digest(`ndp-cursor-v1|${body}`, 16) !== check) throw invalidCursor('damaged');
  try {
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    /* below */
  }
  throw invalidCursor('malformed');
}

const wholeOrUndefined = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);

function keyOrUndefined(v: unknown): [string, string, string] | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v) && v.length === 3 && v.every((part) => typeof part === 'string')) return v as [string, string, string];
  throw invalidCursor('malformed');
}

/**
 * Reads `limit` and `cursor` of a list query. Null when neither is given: the answer is then the
 * whole list, exactly as before paging existed. With a cursor and no limit, the cursor's page size.
 */
export function readPaging(query: Record<string, unknown>, kind: string, signature = querySignature(kind, query)): Paging | null {
  const limitParam = parseLimitParam(query.limit);
  const raw = query.cursor;
  if (raw === undefined || raw === '') {
    if (limitParam === undefined) return null;
    return paging(kind, signature, limitParam, {});
  }
  if (typeof raw !== 'string') throw invalidCursor('repeated');
  const p = decode(raw);
  if (p.v !== 1 || p.k !== kind) throw invalidCursor('it belongs to another list');
  if (p.s !== signature) throw invalidCursor('it belongs to another query');
  const limit = limitParam ?? wholeOrUndefined(p.l);
  if (!limit || limit > MAX_LIMIT) throw invalidCursor('malformed');
  const state: CursorState = {
    offset: wholeOrUndefined(p.o),
    position: wholeOrUndefined(p.p),
    after: wholeOrUndefined(p.a),
    key: keyOrUndefined(p.x),
    asOf: typeof p.d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(p.d) ? p.d : undefined,
  };
  return paging(kind, signature, limit, state);
}

function paging(kind: string, signature: string, limit: number, state: CursorState): Paging {
  return {
    limit,
    state,
    next: (s) => encode({ v: 1, k: kind, s: signature, l: limit, o: s.offset, p: s.position, a: s.after, d: s.asOf, x: s.key }),
  };
}

/** One page of `items` from the cursor's offset, and the cursor for the next page (null on the last). */
export function pageOf<T>(items: T[], paging: Paging, carry: Omit<CursorState, 'offset'> = {}): { items: T[]; nextCursor: string | null } {
  const offset = paging.state.offset ?? 0;
  const end = offset + paging.limit;
  return { items: items.slice(offset, end), nextCursor: end < items.length ? paging.next({ ...carry, offset: end }) : null };
}

/**
 * The (asOf, position) point a paged read of the catalogue uses: the cursor's on later pages,
 * otherwise the asked point pinned to the position reached now (`pin`).
 */
export function pagedPoint<P extends { asOf: string; position: number }>(point: P, paging: Paging | null, pin: (p: P) => P): P {
  if (!paging) return point;
  const { position, asOf } = paging.state;
  if (position !== undefined) return { ...point, position: Math.min(position, point.position), asOf: asOf ?? point.asOf };
  return pin(point);
}

const DIFF_LISTS = ['added', 'changed', 'transferred', 'withdrawn'] as const;
type DiffLists = { [K in (typeof DIFF_LISTS)[number]]: unknown[] };

/**
 * One page of a diff: its four lists read one after the other (added, changed, transferred,
 * withdrawn), each page keeping the lists' shape; `totals` counts each whole list.
 */
export function pageOfDiff<D extends DiffLists>(diff: D, paging: Paging, carry: Omit<CursorState, 'offset'> = {}) {
  const all = DIFF_LISTS.flatMap((list) => diff[list].map((item) => ({ list, item })));
  const page = pageOf(all, paging, carry);
  const lists = Object.fromEntries(DIFF_LISTS.map((list) => [list, page.items.filter((e) => e.list === list).map((e) => e.item)]));
  const totals = Object.fromEntries(DIFF_LISTS.map((list) => [list, diff[list].length]));
  return { ...diff, ...lists, totals, limit: paging.limit, nextCursor: page.nextCursor } as D & {
    totals: Record<string, number>;
    limit: number;
    nextCursor: string | null;
  };
}
