/**
 * Scenario 3 — rebuild: every projection from position zero, in a process of its own, with
 * its throughput and peak RSS; the control is a raw read of the same log in the same pages
 * (readAllForRebuild, as the rebuild reads it, 5,000 events at a time, JSON decoded, no
 * projection work). The rebuilt tables are hashed and compared with those a live projector
 * produced while the log was being written.
 */
import { rmSync } from 'node:fs';
import { SqliteEventStore } from '@ndp/event-store';
import { CatalogueIndexProjection, openReadModelDb, Projector } from '@ndp/projections';
import { MiB, peakRssBytes, RssSampler } from '../lib/memory';
import { hashReadModels, ReadModelDigest } from '../lib/read-model-hash';

export const REBUILD_PAGE = 5000;

export interface RebuildResult {
  events: number;
  ms: number;
  eventsPerSec: number;
  peakRssMiB: number;
  digest: ReadModelDigest;
}

export interface RawReadResult {
  events: number;
  ms: number;
  eventsPerSec: number;
  peakRssMiB: number;
}

export function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

export async function rebuildTask(a: { eventsPath: string; readModelsPath: string }): Promise<RebuildResult> {
  removeDb(a.readModelsPath);
  const store = new SqliteEventStore({ path: a.eventsPath });
  const db = openReadModelDb(a.readModelsPath);
  const projector = new Projector(store, db, [new CatalogueIndexProjection()]);
  projector.setUp();
  const sampler = new RssSampler();
  const started = performance.now();
  const { events } = await projector.rebuild(REBUILD_PAGE);
  const ms = performance.now() - started;
  const peak = peakRssBytes(sampler);
  sampler.stop();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  await store.close();
  return { events, ms, eventsPerSec: (events / ms) * 1000, peakRssMiB: peak / MiB, digest: hashReadModels(a.readModelsPath) };
}

export async function rawReadTask(a: { eventsPath: string }): Promise<RawReadResult> {
  const store = new SqliteEventStore({ path: a.eventsPath });
  const sampler = new RssSampler();
  const started = performance.now();
  let events = 0;
  for (let position = 0; ;) {
    const page = await store.readAllForRebuild(position, REBUILD_PAGE); // as the rebuild reads it
    if (page.length === 0) break;
    events += page.length;
    position = page[page.length - 1].position;
  }
  const ms = performance.now() - started;
  const peak = peakRssBytes(sampler);
  sampler.stop();
  await store.close();
  return { events, ms, eventsPerSec: (events / ms) * 1000, peakRssMiB: peak / MiB };
}

/**
 * The reference for the rebuild: a Projector that follows the log *live* from another
 * process while the log is being written (as the service's projector follows its own
 * appends), picking up whatever is new in uneven batches. On 'finish' it waits until it has
 * reached the last position, stops, and reports the digest of its tables.
 */
export async function followLiveTask(a: { eventsPath: string; readModelsPath: string }): Promise<void> {
  removeDb(a.readModelsPath);
  const store = new SqliteEventStore({ path: a.eventsPath, pollMs: 50 });
  const db = openReadModelDb(a.readModelsPath);
  let batches = 0;
  const projector = new Projector(store, db, [new CatalogueIndexProjection()], {
    onError: (e) => console.error('live projection failed', e),
    onBatch: () => batches++,
  });
  projector.start();
  const started = performance.now();
  process.on('message', (m: { type?: string; events?: number }) => {
    if (m?.type === 'stop') process.exit(0);
    if (m?.type !== 'finish') return;
    void (async () => {
      await projector.waitFor(m.events ?? 0, 24 * 3600 * 1000);
      await projector.stop();
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      await store.close();
      const result = { digest: hashReadModels(a.readModelsPath), ms: performance.now() - started, batches };
      process.send!({ type: 'result', result }, () => process.exit(0));
    })().catch((e: Error) => process.send!({ type: 'error', message: e.message, stack: e.stack }, () => process.exit(1)));
  });
  process.send!({ type: 'ready', info: {} });
}
