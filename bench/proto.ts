import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ndp/event-store';
import { CatalogueIndexProjection, openReadModelDb, Projector } from '@ndp/projections';
import { buildDataset } from './lib/dataset';
import { hashReadModels } from './lib/read-model-hash';

async function main() {
  const entries = Number(process.argv[2] ?? 1000);
  const live = process.argv[3] === 'live';
  const dir = mkdtempSync(join(tmpdir(), 'ndp-proto-'));
  const ds = await buildDataset({ seed: 42, entries, versions: 100, dir, live });
  console.log('built', ds.events, 'events', ds.appends, 'appends', Math.round(ds.buildMs), 'ms');
  const store = new SqliteEventStore({ path: ds.eventsPath });
  const db = openReadModelDb(join(dir, 'rm.db'));
  const p = new Projector(store, db, [new CatalogueIndexProjection()]);
  p.setUp();
  const t = performance.now();
  const r = await p.rebuild();
  const ms = performance.now() - t;
  console.log('rebuild', r.events, Math.round(ms), 'ms', Math.round(r.events / ms * 1000), 'ev/s');
  db.close(); await store.close();
  const t2 = performance.now();
  const h = hashReadModels(join(dir, 'rm.db'));
  console.log('hash', h, Math.round(performance.now() - t2), 'ms');
  if (ds.liveReadModelsPath) console.log('live', hashReadModels(ds.liveReadModelsPath).sha256 === h.sha256);
  rmSync(dir, { recursive: true });
}
main();
