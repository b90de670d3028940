import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PostgresEventStore, StoredEvent, verifyEventStore } from '@ndp/event-store';
import { usePostgres } from '../libs/event-store/src/testing/postgres-cluster';
import { waitForExit } from './support/spawned-server';

const STORE = join(__dirname, '../dist/apps/api/libs/event-store/src/postgres/postgres.event-store.js');
const PROCESSES = 4;
const PER_PROCESS = 250;

/**
 * The gap test across processes: writer processes (the built adapter, as replicas run it), each
 * with its own pool and 8 concurrent appends in flight, and a catch-up subscriber in this
 * process that must see every position exactly once, in order.
 */
describe('global order without gaps across processes', () => {
  const pg = usePostgres();

  it(`a subscriber sees positions 1..${PROCESSES * PER_PROCESS} exactly once while ${PROCESSES} processes append`, async () => {
    const schema = pg.newSchema();
    const reader = await PostgresEventStore.open({ connectionString: pg.url(), schema, pollMs: 50 });
    const seen: StoredEvent[] = [];
    const sub = reader.subscribe(0, (events) => {
      seen.push(...events);
    });
    const script = (p: number) => `
      const { randomUUID } = require('node:crypto');
      const { PostgresEventStore } = require(${JSON.stringify(STORE)});
      (async () => {
        const store = await PostgresEventStore.open({ connectionString: ${JSON.stringify(pg.url())}, schema: ${JSON.stringify(schema)}, poolSize: 4, groupCommit: ${p % 2 === 0}, listen: false });
        const meta = { effectiveDate: '2024-07-03', actor: { sub: 'p${p}', name: 'p', role: 'mic-admin', ministry: null }, legalBasis: null, reason: null, idempotencyKey: null, correlationId: 'c', causationId: null };
        let next = 0;
        await Promise.all(Array.from({ length: 8 }, async (_, lane) => {
          while (next < ${PER_PROCESS}) {
            const i = next++;
            await store.append({ writes: [{ streamId: 'p${p}-' + lane, expectedRevision: 'any', events: [{ eventId: randomUUID(), type: 't', schemaVersion: 1, data: { p: ${p}, i }, metadata: meta }] }] });
          }
        }));
        await store.close();
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const writers = Array.from({ length: PROCESSES }, (_, p) => spawn(process.execPath, ['-e', script(p)], { stdio: ['ignore', 'inherit', 'inherit'] }));
    await Promise.all(writers.map((w) => waitForExit(w)));
    expect(writers.map((w) => w.exitCode)).toEqual(Array(PROCESSES).fill(0));
    const total = PROCESSES * PER_PROCESS;
    for (const end = Date.now() + 30_000; seen.length < total && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
    await sub.close();
    expect(seen.map((e) => e.position)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const perProcess = new Map<number, Set<number>>();
    for (const e of seen) {
      const { p, i } = e.data as { p: number; i: number };
      perProcess.set(p, (perProcess.get(p) ?? new Set()).add(i));
    }
    expect([...perProcess.values()].map((s) => s.size)).toEqual(Array(PROCESSES).fill(PER_PROCESS));
    expect(await verifyEventStore(reader)).toMatchObject({ ok: true, checked: total });
    console.log(`gap test across processes: ${total} appends from ${PROCESSES} processes; the subscriber saw 1..${total} exactly once, in order; chain ok`);
    await reader.close();
  }, 120_000);
});
