import { createHash } from 'node:crypto';
import type { EventStore, StoredEvent } from '../event-store.port';

/** A store that can take events as they are (ids, revisions, recorded times): migration targets only. */
export interface ImportTarget {
  headPosition(): Promise<number>;
  readAll(afterPosition: number, limit: number): Promise<StoredEvent[]>;
  /** Appends events in the given order keeping their ids, stream revisions and recorded times. */
  importBatch(events: readonly StoredEvent[]): Promise<void>;
}

export interface MigrationProgress {
  copied: number;
  total: number;
}

/** What must survive a migration; the position is the target's own count and may differ. */
export function eventDigest(e: StoredEvent): string {
  const canonical = JSON.stringify([e.eventId, e.streamId, e.revision, e.type, e.schemaVersion, e.recordedAt, sortKeys(e.data), sortKeys(e.metadata)]);
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/**
 * Copies the source log into the target in log order. Resumable: whatever the target already
 * holds is checked (same event ids in the same order) and skipped, so an interrupted run is
 * simply started again.
 */
export async function migrateLog(
  source: EventStore,
  target: ImportTarget,
  options: { batchSize?: number; stopAfter?: number; onProgress?: (p: MigrationProgress) => void } = {},
): Promise<{ copied: number; alreadyThere: number; total: number }> {
  const batchSize = options.batchSize ?? 500;
  const total = await source.headPosition();
  const alreadyThere = await target.headPosition();
  if (alreadyThere > 0) {
    const [lastTarget] = (await target.readAll(alreadyThere - 1, 1)) as StoredEvent[];
    const [sameInSource] = await source.readAll(alreadyThere - 1, 1);
    if (!lastTarget || !sameInSource || lastTarget.eventId !== sameInSource.eventId)
      throw new Error(`the target's event ${alreadyThere} is not the source's: refusing to resume into a different log`);
  }
  let copied = 0;
  for (let after = alreadyThere; after < total;) {
    const limit = Math.min(batchSize, options.stopAfter !== undefined ? options.stopAfter - copied : batchSize);
    if (limit <= 0) break;
    const batch = await source.readAll(after, limit);
    if (batch.length === 0) break;
    await target.importBatch(batch);
    copied += batch.length;
    after = batch[batch.length - 1].position;
    options.onProgress?.({ copied: alreadyThere + copied, total });
  }
  return { copied, alreadyThere, total };
}

export interface MigrationCheck {
  ok: boolean;
  sourceCount: number;
  targetCount: number;
  sourceDigest: string;
  targetDigest: string;
  /** 1-based index of the first event that differs. */
  firstMismatch?: number;
}

/** Compares counts and a running SHA-256 over every event's digest on both sides. */
export async function verifyMigration(source: Pick<EventStore, 'readAll'>, target: Pick<EventStore, 'readAll'>, batchSize = 1000): Promise<MigrationCheck> {
  const s = createHash('sha256');
  const t = createHash('sha256');
  let sourceCount = 0;
  let targetCount = 0;
  let firstMismatch: number | undefined;
  let sAfter = 0;
  let tAfter = 0;
  for (;;) {
    const [a, b] = await Promise.all([source.readAll(sAfter, batchSize), target.readAll(tAfter, batchSize)]);
    if (a.length === 0 && b.length === 0) break;
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const da = a[i] ? eventDigest(a[i]) : null;
      const db = b[i] ? eventDigest(b[i]) : null;
      if (da) s.update(da);
      if (db) t.update(db);
      if (firstMismatch === undefined && da !== db) firstMismatch = sourceCount + i + 1;
    }
    sourceCount += a.length;
    targetCount += b.length;
    if (a.length) sAfter = a[a.length - 1].position;
    if (b.length) tAfter = b[b.length - 1].position;
  }
  const sourceDigest = s.digest('hex');
  const targetDigest = t.digest('hex');
  return {
    ok: sourceCount === targetCount && sourceDigest === targetDigest,
    sourceCount,
    targetCount,
    sourceDigest,
    targetDigest,
    ...(firstMismatch !== undefined ? { firstMismatch } : {}),
  };
}
