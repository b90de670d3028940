import { addDays, DEPLOYMENT_STATUSES, PLATFORM_KINDS } from '@ndp/catalogue';
import type { StoredEvent } from '@ndp/event-store';

/** A small seeded PRNG (mulberry32): the same seed gives the same history on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomHistoryOptions {
  ministries: number;
  platforms: number;
  changes: number;
  startDate?: string;
  spanDays?: number;
}

/**
 * A random log of platform and ministry events, recorded in an order unrelated to their
 * effective dates: late registrations, changes in the future, corrections deep in the past,
 * renames and merges. It need not obey the business rules: the index must agree with a
 * replay on any log.
 */
export function randomHistory(seed: number, o: RandomHistoryOptions): StoredEvent[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const start = o.startDate ?? '2024-01-01';
  const span = o.spanDays ?? 400;
  const date = () => addDays(start, Math.floor(rnd() * span));
  const ministries = Array.from({ length: o.ministries }, (_, i) => `M${i}`);
  const platforms = Array.from({ length: o.platforms }, (_, i) => `p${i}`);
  const events: StoredEvent[] = [];
  let recorded = Date.parse('2024-06-01T00:00:00.000Z');
  const revisions = new Map<string, number>();
  const push = (streamId: string, type: string, data: unknown, effectiveDate: string) => {
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    recorded += Math.floor(rnd() * 3) * 60000; // several events may share a recorded instant
    events.push({
      eventId: `e${events.length + 1}`,
      type,
      schemaVersion: 1,
      data,
      streamId,
      revision,
      position: events.length + 1,
      recordedAt: new Date(recorded).toISOString(),
      metadata: {
        effectiveDate,
        actor: { sub: 'gen', name: 'Generator', role: 'mic-admin', ministry: null },
        legalBasis: null,
        reason: null,
        idempotencyKey: null,
        correlationId: 'c',
        causationId: null,
      },
    });
  };
  for (const m of ministries) push(`ministry-${m}`, 'ministry.registered', { code: m, name: `Bộ ${m}` }, date());
  for (const p of platforms)
    push(
      `platform-${p}`,
      'platform.registered',
      {
        platformId: p,
        code: null,
        name: `Nền tảng ${p}`,
        kind: pick(PLATFORM_KINDS),
        ownerMinistry: pick(ministries),
        coMinistries: [],
        description: null,
        operator: null,
        contact: null,
        url: null,
        deploymentStatus: pick(DEPLOYMENT_STATUSES),
        ndxpStatus: 'not-connected',
      },
      date(),
    );
  for (let i = 0; i < o.changes; i++) {
    const r = rnd();
    const p = pick(platforms);
    const stream = `platform-${p}`;
    if (r < 0.3) push(stream, 'platform.amended', { platformId: p, changes: { name: `Tên ${i}`, url: rnd() < 0.5 ? `https://x/${i}` : null } }, date());
    else if (r < 0.5) push(stream, 'platform.corrected', { platformId: p, changes: { description: `Sửa ${i}` } }, date());
    else if (r < 0.6) push(stream, 'platform.withdrawn', { platformId: p }, date());
    else if (r < 0.7) push(stream, 'platform.reinstated', { platformId: p }, date());
    else if (r < 0.82) push(stream, 'platform.transferred', { platformId: p, fromMinistry: 'x', toMinistry: pick(ministries), mergerOf: null }, date());
    else if (r < 0.92) {
      const m = pick(ministries);
      push(`ministry-${m}`, 'ministry.renamed', { code: m, name: `Bộ đổi tên ${i}`, previousName: '' }, date());
    } else {
      const m = pick(ministries);
      push(`ministry-${m}`, 'ministry.merged', { code: m, into: pick(ministries) }, date());
    }
  }
  return events;
}
