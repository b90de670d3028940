import { createHash } from 'node:crypto';

/**
 * The tamper-evident chain over the global log.
 *
 * Every stored event carries `prevHash` (the hash of the event before it; 64 zeros before the
 * first) and `hash`:
 *
 *     hash = SHA-256( "ndp-catalogue/event/v1\n" ‖ prevHash (64 lowercase hex) ‖ "\n" ‖ canonical )
 *
 * where `canonical` is the UTF-8 of the canonical JSON (see `canonicalJson`) of
 * `{ position, eventId, streamId, revision, type, schemaVersion, recordedAt, data, metadata }`.
 * The tag keeps these hashes from ever being mistaken for hashes of anything else (heads,
 * request digests). Changing a byte of any field of any event, removing, inserting or
 * reordering events breaks the chain at the first event concerned; only removal at the very
 * end needs a published head (`ChainHead`) to be seen. Everything here is pure and shared by
 * every adapter, the verify endpoint, the CLI and the offline file check.
 */

export const EVENT_HASH_TAG = 'ndp-catalogue/event/v1\n';
export const GENESIS_HASH = '0'.repeat(64);
const HASH_RE = /^[0-9a-f]{64}$/;

/** The fields of a stored event that the hash covers. */
export interface HashedEventFields {
  position: number;
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  data: unknown;
  metadata: unknown;
}

/** A stored event with its place in the chain. */
export interface ChainLink extends HashedEventFields {
  prevHash: string;
  hash: string;
}

/** A point of the chain that someone outside the store has written down (an edition, a signed head). */
export interface ChainHead {
  position: number;
  hash: string;
}

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units), no whitespace, strings and
 * numbers exactly as `JSON.stringify` writes them. This is RFC 8785 (JCS) for the values the
 * log holds, so an auditor can recompute hashes with any JCS library. Like `JSON.stringify`,
 * members whose value is undefined or a function are left out and `toJSON` is honoured, so a
 * value and its JSON round trip have the same canonical form.
 */
export function canonicalJson(value: unknown): string {
  const out = write(value);
  if (out === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return out;
}

function write(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function')
    value = (value as { toJSON: () => unknown }).toJSON();
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: BigInt has no JSON form');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined; // left out of objects, null in arrays, no form at the top
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => write(v) ?? 'null').join(',')}]`;
  const obj = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = write(obj[key]);
    if (v !== undefined) members.push(`${JSON.stringify(key)}:${v}`);
  }
  return `{${members.join(',')}}`;
}

/** The canonical bytes of an event (without the chain prefix). */
export function canonicalEvent(e: HashedEventFields): string {
  return canonicalJson({
    position: e.position,
    eventId: e.eventId,
    streamId: e.streamId,
    revision: e.revision,
    type: e.type,
    schemaVersion: e.schemaVersion,
    recordedAt: e.recordedAt,
    data: e.data,
    metadata: e.metadata,
  });
}

export function eventHash(prevHash: string, e: HashedEventFields): string {
  return createHash('sha256').update(EVENT_HASH_TAG).update(prevHash).update('\n').update(canonicalEvent(e), 'utf8').digest('hex');
}

export function isHash(value: unknown): value is string {
  return typeof value === 'string' && HASH_RE.test(value);
}

/** `position:hash`, as written on the command line and in reports. */
export function parseHead(text: string): ChainHead | null {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  return m ? { position: Number(m[1]), hash: m[2] } : null;
}

export function formatHead(head: ChainHead): string {
  return `${head.position}:${head.hash}`;
}

export interface ChainVerification {
  ok: boolean;
  /** Events whose link and hash were checked and found good. */
  checked: number;
  /** The last good position and its hash (position 0 and the genesis hash when nothing was good). */
  head: ChainHead;
  /** The first position at which the stored log is not the recorded one. */
  firstBadPosition?: number;
  reason?: string;
  /** The published heads that were compared, and whether each matched. */
  headsChecked?: Array<ChainHead & { ok: boolean }>;
}

export interface VerifyOptions {
  /** Published heads the log must pass through; a head beyond the end of the log means truncation. */
  heads?: ChainHead[];
  /** Verify a tail: the chain continues from this head instead of from genesis (e.g. a partial export). */
  from?: ChainHead;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/**
 * Checks links one at a time, in log order, and stops at the first bad one. Used directly by
 * readers that page through a store or stream a file; `verifyChain` wraps it for iterables.
 */
export class ChainVerifier {
  private prevHash: string;
  private lastPosition: number;
  private lastRecordedAt = '';
  private checkedCount = 0;
  private failure: { position: number; reason: string } | null = null;
  private readonly heads: ChainHead[];
  private readonly headResults: Array<ChainHead & { ok: boolean }> = [];
  private readonly streamRevisions = new Map<string, number>();

  constructor(private readonly options: VerifyOptions = {}) {
    this.prevHash = options.from?.hash ?? GENESIS_HASH;
    this.lastPosition = options.from?.position ?? 0;
    this.heads = [...(options.heads ?? [])].sort((a, b) => a.position - b.position);
    for (const h of this.heads) {
      if (!isInt(h.position) || h.position < 0 || !isHash(h.hash)) throw new Error('a published head must be a position and a 64-character hex hash');
    }
    // Heads at or before the starting point are checked against it right away.
    while (this.heads.length > 0 && this.heads[0].position <= this.lastPosition) {
      const h = this.heads.shift()!;
      if (h.position === this.lastPosition) this.checkHead(h, this.prevHash);
      // An earlier head cannot be checked from a tail; it is reported as not checked (left out).
    }
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  /** The position the next link must have. */
  get expectedPosition(): number {
    return this.lastPosition + 1;
  }

  /** Checks the next link; returns false once the chain is broken (later links are ignored). */
  push(link: unknown): boolean {
    if (this.failure) return false;
    const expected = this.lastPosition + 1;
    if (link === null || typeof link !== 'object') return this.fail(expected, 'not an event');
    const e = link as Partial<ChainLink>;
    if (!isInt(e.position)) return this.fail(expected, 'the event has no valid position');
    if (e.position < expected) return this.fail(expected, `position ${e.position} appears where ${expected} was expected (rows reordered or duplicated)`);
    if (e.position > expected)
      return this.fail(expected, `position ${expected}${e.position > expected + 1 ? `–${e.position - 1}` : ''} missing (rows deleted)`);
    if (
      typeof e.eventId !== 'string' ||
      typeof e.streamId !== 'string' ||
      !isInt(e.revision) ||
      typeof e.type !== 'string' ||
      !isInt(e.schemaVersion) ||
      typeof e.recordedAt !== 'string'
    )
      return this.fail(expected, 'the event has a field of the wrong type');
    if (!isHash(e.prevHash) || !isHash(e.hash)) return this.fail(expected, 'the event has no well-formed hash or prevHash');
    if (e.prevHash !== this.prevHash) return this.fail(expected, 'prevHash does not link to the hash of the event before');
    let computed: string;
    try {
      computed = eventHash(this.prevHash, e as ChainLink);
    } catch {
      return this.fail(expected, 'the event has no JSON form');
    }
    if (computed !== e.hash) return this.fail(expected, "the hash does not match the event's content");
    if (e.recordedAt < this.lastRecordedAt) return this.fail(expected, 'recorded time goes backwards');
    const streamRevision = this.streamRevisions.get(e.streamId);
    if (streamRevision !== undefined ? e.revision !== streamRevision + 1 : this.options.from === undefined && e.revision !== 0)
      return this.fail(expected, `revision ${e.revision} does not follow the stream's previous revision`);
    this.streamRevisions.set(e.streamId, e.revision);
    this.prevHash = e.hash;
    this.lastPosition = e.position;
    this.lastRecordedAt = e.recordedAt;
    this.checkedCount++;
    while (this.heads.length > 0 && this.heads[0].position === e.position) {
      if (!this.checkHead(this.heads.shift()!, e.hash)) return false;
    }
    return true;
  }

  /** Records a failure found outside the links themselves (e.g. an unreadable file at this point). */
  fail(position: number, reason: string): false {
    this.failure ??= { position, reason };
    return false;
  }

  private checkHead(h: ChainHead, actual: string): boolean {
    const ok = h.hash === actual;
    this.headResults.push({ ...h, ok });
    if (!ok)
      this.fail(
        h.position,
        `the chain does not pass through the published head at position ${h.position}: an event at or before it was altered and the chain recomputed`,
      );
    return ok;
  }

  result(): ChainVerification {
    if (!this.failure) {
      for (const h of this.heads) {
        this.headResults.push({ ...h, ok: false });
        this.fail(
          this.lastPosition + 1,
          `the log ends at position ${this.lastPosition}, before the published head at position ${h.position}: events were removed from the end`,
        );
        break;
      }
    }
    const head = { position: this.lastPosition, hash: this.prevHash };
    const base = { checked: this.checkedCount, head, ...(this.headResults.length ? { headsChecked: this.headResults } : {}) };
    return this.failure ? { ok: false, ...base, firstBadPosition: this.failure.position, reason: this.failure.reason } : { ok: true, ...base };
  }
}

export function verifyChain(links: Iterable<unknown>, options: VerifyOptions = {}): ChainVerification {
  const v = new ChainVerifier(options);
  for (const link of links) if (!v.push(link)) break;
  return v.result();
}

export async function verifyChainAsync(links: AsyncIterable<unknown> | Iterable<unknown>, options: VerifyOptions = {}): Promise<ChainVerification> {
  const v = new ChainVerifier(options);
  for await (const link of links) if (!v.push(link)) break;
  return v.result();
}

/** Links a sequence of events from genesis (or from `from`): for stores and tests that build chains. */
export function chainLinks<T extends HashedEventFields>(events: Iterable<T>, from: string = GENESIS_HASH): Array<T & { prevHash: string; hash: string }> {
  const out: Array<T & { prevHash: string; hash: string }> = [];
  let prev = from;
  for (const e of events) {
    const hash = eventHash(prev, e);
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}
