/**
 * Scenario 1, peer row (issue 14, point 2): the same commands as the command path, side by side
 * in the same run, through a real peer — Emmett's `CommandHandler` on its PostgreSQL event
 * store (`@event-driven-io/emmett-postgresql`; Emmett's SQLite store fails under 16 concurrent
 * writers with SQLITE_BUSY, see TOOLCHAIN.md).
 *
 * Fair port, not a strawman: the peer's store is seeded with the same log (every stream, its
 * events in order), and it decides with this project's own rules — `decidePlatformCommand`
 * with `registerPlatform` / `amendPlatform`, on the entry's events (read per command by the
 * CommandHandler) and the ministries the command and the entry name.
 * Ministries are read from the peer's store once, before the writers start (see below).
 * Emmett's state is the entry's event list (evolve pushes; one list per command). Each amend
 * carries the writer's last seen stream version (as If-Match does); registrations expect no
 * stream. What the peer does not do: idempotency keys, projections, the hash chain — so the
 * comparison favours it. 16 writers, the same register share, warm-up and duration.
 *
 * PostgreSQL is the private cluster scripts/postgres/start.sh starts (or DATABASE_URL_BENCH /
 * DATABASE_URL_TEST); without one the row says skipped.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CommandHandler, STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import {
  Actor,
  amendPlatform,
  decidePlatformCommand,
  ministriesNamedBy,
  ministryAsOf,
  PlatformCommand,
  platformAsOf,
  RecordedDomainEvent,
  registerPlatform,
  successorsOf,
  vietnamDateOf,
} from '@ndp/catalogue';
import { SqliteEventStore, StoredEvent } from '@ndp/event-store';
import { runTask } from '../lib/child';
import { HISTORY_LAST_DAY } from '../lib/history';
import { Row, row, skippedRow } from '../lib/results';
import { summarize, Summary } from '../lib/stats';
import { prng } from '../../libs/projections/src/testing/random-history';
import { nextBenchCommand } from './durable-append';
import { postgresServer } from './postgres';

export interface PeerEmmettArgs {
  url: string;
  eventsPath: string;
  writers: number;
  warmupMs: number;
  durationMs: number;
  registerShare: number;
  seed: number;
}

export interface PeerEmmettResult {
  seededEvents: number;
  commands: number;
  errors: number;
  firstError: string | null;
  eventsPerSec: number;
  latency: Summary;
}

interface PeerEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: { effectiveDate: string };
}

/** Emmett's read events carry their global position in metadata; ours carry it as `position`. */
function recorded(e: { type: string; data: unknown; metadata: { effectiveDate: string; globalPosition: bigint } }): RecordedDomainEvent {
  return { type: e.type, data: e.data, effectiveDate: e.metadata.effectiveDate, position: Number(e.metadata.globalPosition) } as RecordedDomainEvent;
}

/** Child task: seed Emmett's store with the log, then run the writers. */
export async function peerEmmettTask(a: PeerEmmettArgs): Promise<PeerEmmettResult> {
  const store = getPostgreSQLEventStore(a.url);
  try {
    // Seed: the log's streams, each in one append, in log order of their first event.
    const log = new SqliteEventStore({ path: a.eventsPath });
    const streams = new Map<string, StoredEvent[]>();
    let seededEvents = 0;
    for (let after = 0; ;) {
      const batch = await log.readAll(after, 5000);
      if (batch.length === 0) break;
      for (const e of batch) {
        const list = streams.get(e.streamId) ?? [];
        list.push(e);
        streams.set(e.streamId, list);
      }
      after = batch[batch.length - 1].position;
    }
    await log.close();
    const versions = new Map<string, bigint>();
    for (const [streamId, events] of streams) {
      const r = await store.appendToStream(
        streamId,
        events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, metadata: { effectiveDate: e.metadata.effectiveDate } })),
      );
      versions.set(streamId, r.nextExpectedStreamVersion);
      seededEvents += events.length;
    }

    const today = vietnamDateOf(new Date());
    const effectiveDate = today > HISTORY_LAST_DAY ? today : HISTORY_LAST_DAY;
    const decoded = (id: string) =>
      (streams.get(id) ?? []).map(
        (e) => ({ type: e.type, data: e.data, effectiveDate: e.metadata.effectiveDate, position: e.position }) as RecordedDomainEvent,
      );
    const ministries = [...streams.keys()]
      .filter((s) => s.startsWith('ministry-') && ministryAsOf(decoded(s), effectiveDate)?.status === 'in-force')
      .map((s) => s.slice('ministry-'.length));
    const inForce = [...streams.keys()]
      .filter((s) => s.startsWith('platform-') && platformAsOf(decoded(s), effectiveDate)?.status === 'in-force')
      .map((s) => s.slice('platform-'.length))
      .sort();
    const rnd = prng(a.seed);
    for (let i = inForce.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [inForce[i], inForce[j]] = [inForce[j], inForce[i]];
    }
    const rings: Array<Array<{ id: string; version: bigint }>> = Array.from({ length: a.writers }, () => []);
    inForce.forEach((id, i) => rings[i % a.writers].push({ id, version: versions.get(`platform-${id}`)! }));

    // Emmett's state: the entry's events, which is what this project's rules decide on.
    const handle = CommandHandler<RecordedDomainEvent[], PeerEvent>({
      evolve: (state, event) => {
        state.push(recorded(event as never));
        return state;
      },
      initialState: () => [],
    });

    // The ministries, read once from the peer's store before the writers start: no command of
    // this load changes one, and a read inside the handler would need a second pooled
    // connection while the handler holds one (16 writers exhaust the pool and wait forever).
    // Our path reads them per command (from its stream cache): this favours the peer.
    const ministryHistories = new Map<string, RecordedDomainEvent[]>();
    for (const id of streams.keys()) {
      if (!id.startsWith('ministry-')) continue;
      const { events } = await store.readStream<PeerEvent>(id);
      ministryHistories.set(
        id.slice('ministry-'.length),
        events.map((e) => recorded(e as never)),
      );
    }
    /** The ministries named and their successors (an entry may follow a chain of reorganisations). */
    const ministriesFor = (codes: Iterable<string>) => {
      const map = new Map<string, RecordedDomainEvent[]>();
      const pending = [...new Set(codes)];
      const seen = new Set(pending);
      while (pending.length > 0) {
        const code = pending.pop()!;
        const list = ministryHistories.get(code);
        if (!list) continue;
        map.set(code, list);
        const ending = ministryAsOf(list, null)?.ending;
        for (const next of ending ? successorsOf(ending) : [])
          if (!seen.has(next)) {
            seen.add(next);
            pending.push(next);
          }
      }
      return map;
    };

    const run = async <C>(command: PlatformCommand<C>, payload: C, actor: Actor, expected: bigint | 'none') => {
      const platformId = command.platformId(payload);
      return handle(
        store,
        `platform-${platformId}`,
        (events: RecordedDomainEvent[]) => {
          const named = [...command.ministries(payload), ...ministriesNamedBy(events)];
          const decided = decidePlatformCommand(command, payload, {
            actor,
            stream: { revision: events.length - 1, events },
            related: new Map(),
            ministries: ministriesFor(named),
            today,
            expectedRevision: null, // the stream version below is the peer's If-Match
            hasLegalBasis: true,
          });
          return decided.map((e) => ({ type: e.type, data: e.data as unknown as Record<string, unknown>, metadata: { effectiveDate: e.effectiveDate } }));
        },
        { expectedStreamVersion: expected === 'none' ? STREAM_DOES_NOT_EXIST : expected },
      );
    };

    const started = performance.now();
    const measureFrom = started + a.warmupMs;
    const measureTo = measureFrom + a.durationMs;
    const latencies: number[] = [];
    let commands = 0;
    let errors = 0;
    let firstError: string | null = null;
    const writer = async (w: number) => {
      const actor: Actor = { sub: `bench:writer-${w}`, name: `Benchmark writer ${w}`, role: 'mic-admin', ministry: null };
      const ring = rings[w];
      const wr = prng(a.seed * 31 + w);
      for (let i = 0; performance.now() < measureTo; i++) {
        const t0 = performance.now();
        try {
          const next = nextBenchCommand(w, i, wr() < a.registerShare, ring, ministries, effectiveDate);
          if (next.kind === 'register') {
            await run(registerPlatform, next.payload, actor, 'none');
          } else {
            const result = await run(amendPlatform, next.payload, actor, next.target.version);
            next.target.version = result.nextExpectedStreamVersion;
          }
          const t1 = performance.now();
          if (t0 >= measureFrom && t0 < measureTo) latencies.push(t1 - t0);
          if (t1 >= measureFrom && t1 < measureTo) commands++;
        } catch (e) {
          errors++;
          firstError ??= e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        }
      }
    };
    await Promise.all(Array.from({ length: a.writers }, (_, w) => writer(w)));
    return { seededEvents, commands, errors, firstError, eventsPerSec: commands / (a.durationMs / 1000), latency: summarize(latencies) };
  } finally {
    await store.close();
  }
}

/** Starts PostgreSQL, runs the peer in a child process on a fresh database, stops PostgreSQL. */
export async function peerEmmettScenario(
  args: Omit<PeerEmmettArgs, 'url'>,
  log: (msg: string) => void,
): Promise<{ result: PeerEmmettResult } | { skipped: string }> {
  let pg: { url: string; stop: () => Promise<void> };
  try {
    pg = await postgresServer();
  } catch (e) {
    return { skipped: `no PostgreSQL (${e instanceof Error ? e.message.split('\n')[0] : String(e)})` };
  }
  try {
    const database = `peer_emmett_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(pg.url);
    url.pathname = `/${database}`;
    log(`peer: Emmett CommandHandler on PostgreSQL, ${args.writers} writers`);
    try {
      return { result: await runTask<PeerEmmettResult>('peer-emmett', { ...args, url: url.toString() }) };
    } catch (e) {
      // The row says so; the rest of the suite still runs.
      return { skipped: `the peer failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
    }
  } finally {
    await pg.stop();
  }
}

/** The peer row: our command path (same run) against Emmett's; the target is ≥ 5× the peer. */
export function peerRow(scenario: string, ours: number, peer: { result: PeerEmmettResult } | { skipped: string }): Row {
  if ('skipped' in peer) return skippedRow(scenario, `events/s against Emmett CommandHandler on PostgreSQL (skipped: ${peer.skipped})`);
  const failed = peer.result.errors > 0 ? `, ${peer.result.errors} failed: ${peer.result.firstError}` : '';
  return row(
    scenario,
    `events/s (control: Emmett CommandHandler on PostgreSQL, same commands${failed})`,
    'events/s',
    ours,
    peer.result.eventsPerSec,
    'higher',
    {
      text: '≥ 5× the peer',
      met: (_, r) => (r ?? 0) >= 5,
    },
  );
}
