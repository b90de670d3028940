/**
 * Writes a synthetic history into a SQLite event log (setup, not measured): ordinary events
 * are appended in multi-stream batches of one simulated day each (they share one recorded
 * instant, as a group commit would), a merger as one atomic append, through the store's own
 * `append` with expected revisions, synchronous=OFF and the store clock set to the simulated
 * time. (A live projector may follow the file from another process meanwhile: see
 * `followLiveTask` in scenarios/rebuild.ts.)
 */
import { join } from 'node:path';
import { vietnamDateOf } from '@ndp/catalogue';
import { ExpectedRevision, NewEvent, SqliteEventStore, StreamWrite } from '@ndp/event-store';
import { GeneratedEvent, generateHistory, HistoryOptions } from './history';

export interface DatasetOptions extends HistoryOptions {
  dir: string;
  /** Upper bound on events per append. */
  maxBatchEvents?: number;
}

export interface Dataset {
  dir: string;
  eventsPath: string;
  events: number;
  appends: number;
  buildMs: number;
}

export const EVENTS_FILE = 'events.db';

export async function buildDataset(o: DatasetOptions): Promise<Dataset> {
  const started = performance.now();
  const eventsPath = join(o.dir, EVENTS_FILE);
  let clock = 0;
  const store = new SqliteEventStore({ path: eventsPath, synchronous: 'OFF', groupCommit: false, now: () => new Date(clock) });

  const revisions = new Map<string, number>();
  const maxBatch = o.maxBatchEvents ?? 500;
  let batch = new Map<string, StreamWrite>();
  let batchEvents = 0;
  let batchDay = '';
  let batchAt = 0;
  let events = 0;
  let appends = 0;

  const add = (target: Map<string, StreamWrite>, item: GeneratedEvent) => {
    const rev = revisions.get(item.streamId) ?? -1;
    let write = target.get(item.streamId);
    if (!write) {
      const expectedRevision: ExpectedRevision = rev === -1 ? 'no-stream' : rev;
      write = { streamId: item.streamId, expectedRevision, events: [] as NewEvent[] };
      target.set(item.streamId, write);
    }
    write.events.push(item.event);
    revisions.set(item.streamId, rev + 1);
  };
  const append = async (writes: Map<string, StreamWrite>, at: number, count: number) => {
    if (count === 0) return;
    clock = at;
    await store.append({ writes: [...writes.values()] });
    events += count;
    appends += 1;
  };
  const flush = async () => {
    await append(batch, batchAt, batchEvents);
    batch = new Map();
    batchEvents = 0;
  };

  for (const step of generateHistory(o)) {
    if (step.kind === 'atomic') {
      await flush();
      const writes = new Map<string, StreamWrite>();
      for (const item of step.items) add(writes, item);
      await append(writes, step.items[0].recordedAt, step.items.length);
      continue;
    }
    const day = vietnamDateOf(new Date(step.item.recordedAt));
    if (batchEvents > 0 && (day !== batchDay || batchEvents >= maxBatch)) await flush();
    if (batchEvents === 0) {
      batchDay = day;
      batchAt = step.item.recordedAt;
    }
    add(batch, step.item);
    batchEvents++;
  }
  await flush();

  store.database.pragma('wal_checkpoint(TRUNCATE)');
  await store.close();
  return {
    dir: o.dir,
    eventsPath,
    events,
    appends,
    buildMs: performance.now() - started,
  };
}
