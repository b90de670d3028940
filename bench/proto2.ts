import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ndp/event-store';
import { CatalogueIndexProjection, openReadModelDb, Projector } from '@ndp/projections';
import { buildDataset } from './lib/dataset';

async function main() {
  const mode = process.argv[2];
  const dir = process.argv[3];
  if (mode === 'build') {
    const ds = await buildDataset({ seed: 42, entries: Number(process.argv[4]), versions: 100, dir, live: false });
    console.log('built', ds.events, 'events', ds.appends, 'appends', Math.round(ds.buildMs), 'ms');
    return;
  }
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  rmSync(join(dir, 'rm.db'), { force: true }); rmSync(join(dir, 'rm.db-wal'), { force: true }); rmSync(join(dir, 'rm.db-shm'), { force: true });
  const db = openReadModelDb(join(dir, 'rm.db'));
  const p = new Projector(store, db, [new CatalogueIndexProjection()]);
  p.setUp();
  const t = performance.now();
  const r = await p.rebuild();
  const ms = performance.now() - t;
  console.log('rebuild', r.events, Math.round(ms), 'ms', Math.round(r.events / ms * 1000), 'ev/s');
  const t1 = performance.now(); let n = 0;
  for (let pos = 0;;) { const b = await store.readAll(pos, 5000); if (!b.length) break; n += b.length; pos = b[b.length-1].position; }
  console.log('raw read', n, Math.round(performance.now() - t1), 'ms');
  db.close(); await store.close();
}
main();
