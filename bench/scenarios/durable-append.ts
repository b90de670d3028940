/**
 * Scenario 1 — durable appends through the real command path: the Nest application context
 * (AppModule, CatalogueRuntime, CommandBus → command handler → CommandExecutor: idempotency
 * check, load stream, decide, append with expected revision, wait for the projections) on the
 * SQLite log with synchronous=FULL. 16 writers run concurrently, each amending entries of its
 * own (If-Match with the revision it last saw) and now and then registering a new one; every
 * command carries an Idempotency-Key, as a careful client sends.
 *
 * The same run with SQLITE_GROUP_COMMIT=false (one transaction, so one fsync, per command) is
 * the control. Only the configuration differs.
 */
import { createHash, randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@ndp/catalogue';
import { vietnamDateOf } from '@ndp/catalogue';
import { EventStore, SqliteEventStore } from '@ndp/event-store';
import { AppModule } from '../../apps/api/src/app.module';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { CatalogueRuntime } from '../../apps/api/src/infrastructure/catalogue-runtime';
import type { CommandMetadata, CommandResult } from '../../apps/api/src/infrastructure/command-metadata';
import { PlatformCommandMessage } from '../../apps/api/src/commands/platform-command.handler';
import { amendPlatform, completeFields, RegisterPlatform, registerPlatform } from '@ndp/catalogue';
import { prng } from '../../libs/projections/src/testing/random-history';
import { HISTORY_LAST_DAY } from '../lib/history';
import { summarize, Summary } from '../lib/stats';

export const BENCH_JWT_SECRET = 'benchmark-secret-0123456789-abcdefghijklmnop';

/**
 * The command mix both write-path scenarios send (ours and the peer's), so the two measure the
 * same work: a registration of a new entry now and then, otherwise an amendment of the next
 * entry in the writer's own ring.
 */
export function nextBenchCommand<T extends { id: string }>(
  writer: number,
  i: number,
  register: boolean,
  ring: T[],
  ministries: string[],
  effectiveDate: string,
):
  | { kind: 'register'; payload: RegisterPlatform }
  | { kind: 'amend'; target: T; payload: { platformId: string; changes: { description: string }; effectiveDate: string } } {
  if (register)
    return {
      kind: 'register',
      payload: {
        platformId: randomUUID(),
        code: null,
        ownerMinistry: ministries[i % ministries.length],
        ...completeFields({
          name: `Nền tảng thử tải ${writer}-${i}`,
          kind: 'application',
          description: 'Đăng ký trong phép đo hiệu năng',
          deploymentStatus: 'pilot',
        }),
        effectiveDate,
      },
    };
  const target = ring[i % ring.length];
  return { kind: 'amend', target, payload: { platformId: target.id, changes: { description: `Cập nhật ${writer}-${i}` }, effectiveDate } };
}

export interface DurableAppendArgs {
  dataDir: string;
  groupCommit: boolean;
  writers: number;
  warmupMs: number;
  durationMs: number;
  /** Share of commands that register a new entry (the rest amend one). */
  registerShare: number;
  seed: number;
}

export interface DurableAppendResult {
  groupCommit: boolean;
  writers: number;
  logEventsBefore: number;
  commands: number;
  events: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  eventsPerSec: number;
  latency: Summary;
  /** Appends per SQLite transaction (= per fsync) over the whole run, warm-up included. */
  appendsPerTransaction: number;
  /** Process CPU time (user + system, all threads) per acknowledged command in the measured window. */
  cpuMsPerCommand: number;
}

interface Target {
  id: string;
  revision: number;
}

export async function durableAppendTask(a: DurableAppendArgs): Promise<DurableAppendResult> {
  const config = loadConfig(
    { JWT_SECRET: BENCH_JWT_SECRET, SQLITE_SYNCHRONOUS: 'FULL', SQLITE_GROUP_COMMIT: String(a.groupCommit) },
    { dataDir: a.dataDir, seed: false, port: 0 },
  );
  if (config.sqliteGroupCommit !== a.groupCommit) throw new Error('SQLITE_GROUP_COMMIT was not applied');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  try {
    const runtime = app.get(CatalogueRuntime);
    const bus = app.get(CommandBus);
    const head = await runtime.store.headPosition();
    await runtime.projector.waitFor(head, 600000);

    const today = vietnamDateOf(new Date());
    const effectiveDate = today > HISTORY_LAST_DAY ? today : HISTORY_LAST_DAY;
    const point = runtime.catalogue.point(effectiveDate, null);
    const ministries = runtime.catalogue
      .ministriesAt(point)
      .filter((m) => m.status === 'in-force')
      .map((m) => m.code);
    const inForce = runtime.catalogue
      .platformsAt(point)
      .filter((p) => p.status === 'in-force')
      .map((p) => p.id)
      .sort();
    const rnd = prng(a.seed);
    for (let i = inForce.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [inForce[i], inForce[j]] = [inForce[j], inForce[i]];
    }
    const rings: Target[][] = Array.from({ length: a.writers }, () => []);
    inForce.forEach((id, i) => rings[i % a.writers].push({ id, revision: runtime.catalogue.revision(`platform-${id}`) }));
    if (rings.some((r) => r.length === 0)) throw new Error(`too few entries in force (${inForce.length}) for ${a.writers} writers`);

    // Count the store's transactions (bench-only peek at a private method): appends per commit.
    const store = runtime.store as unknown as { queue: unknown[]; flush: () => void };
    const flush = store.flush.bind(store);
    let transactions = 0;
    let appendsCommitted = 0;
    store.flush = () => {
      const queued = Math.min(store.queue.length, 512);
      if (queued > 0) {
        transactions++;
        appendsCommitted += queued;
      }
      flush();
    };

    const started = performance.now();
    const measureFrom = started + a.warmupMs;
    const measureTo = measureFrom + a.durationMs;
    const latencies: number[] = [];
    let commands = 0;
    let errors = 0;
    let firstError: string | null = null;

    // CPU over the measured window, read by the writers themselves as they cross its ends (a
    // timer may not get its turn while commands chain through microtasks and immediates).
    let cpuFrom: NodeJS.CpuUsage | null = null;
    let cpu: NodeJS.CpuUsage | null = null;
    const writer = async (w: number) => {
      const actor: Actor = { sub: `bench:writer-${w}`, name: `Benchmark writer ${w}`, role: 'mic-admin', ministry: null };
      const ring = rings[w];
      const wr = prng(a.seed * 31 + w);
      for (let i = 0; performance.now() < measureTo; i++) {
        const key = `bench-${a.groupCommit ? 'group' : 'single'}-${w}-${i}`;
        const meta = (body: unknown): CommandMetadata => ({
          actor,
          legalBasis: { documentNumber: 'BENCH/2026', issuedOn: '2026-01-01' },
          reason: 'Cập nhật định kỳ',
          idempotency: { key, requestHash: createHash('sha256').update(JSON.stringify(body)).digest('hex') },
          correlationId: randomUUID(),
          commandId: randomUUID(),
        });
        const t0 = performance.now();
        try {
          const next = nextBenchCommand(w, i, wr() < a.registerShare, ring, ministries, effectiveDate);
          if (next.kind === 'register') {
            await bus.execute(new PlatformCommandMessage(registerPlatform, next.payload, null, meta(next.payload)));
          } else {
            const result: CommandResult = await bus.execute(new PlatformCommandMessage(amendPlatform, next.payload, next.target.revision, meta(next.payload)));
            next.target.revision = result.revision;
          }
          const t1 = performance.now();
          if (t0 >= measureFrom && t0 < measureTo) latencies.push(t1 - t0);
          if (t1 >= measureFrom && t1 < measureTo) commands++;
          if (cpuFrom === null && t1 >= measureFrom) cpuFrom = process.cpuUsage();
          else if (cpuFrom !== null && cpu === null && t1 >= measureTo) cpu = process.cpuUsage(cpuFrom);
        } catch (e) {
          errors++;
          firstError ??= e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        }
      }
    };
    await Promise.all(Array.from({ length: a.writers }, (_, w) => writer(w)));

    const seconds = a.durationMs / 1000;
    return {
      groupCommit: a.groupCommit,
      writers: a.writers,
      logEventsBefore: head,
      commands,
      events: commands, // every command here records exactly one event
      errors,
      firstError,
      seconds,
      eventsPerSec: commands / seconds,
      latency: summarize(latencies),
      appendsPerTransaction: transactions ? appendsCommitted / transactions : 0,
      cpuMsPerCommand: cpu !== null && commands > 0 ? ((cpu as NodeJS.CpuUsage).user + (cpu as NodeJS.CpuUsage).system) / 1000 / commands : 0,
    };
  } finally {
    await app.close();
  }
}

export interface StoreAppendArgs {
  dir: string;
  groupCommit: boolean;
  writers: number;
  warmupMs: number;
  durationMs: number;
}

/**
 * Diagnostic companion of scenario 1: the same 16 concurrent writers appending one event at a
 * time straight to a fresh SqliteEventStore (synchronous=FULL), without the command path. It
 * shows what group commit does at the storage layer, where the fsync is the only wait.
 */
export async function storeAppendTask(a: StoreAppendArgs): Promise<{ eventsPerSec: number; latency: Summary; appendsPerTransaction: number; errors: number }> {
  const store = new SqliteEventStore({ path: `${a.dir}/store-append.db`, synchronous: 'FULL', groupCommit: a.groupCommit });
  const inner = store as unknown as { queue: unknown[]; flush: () => void };
  const flush = inner.flush.bind(store);
  let transactions = 0;
  let appends = 0;
  inner.flush = () => {
    const queued = Math.min(inner.queue.length, 512);
    if (queued > 0) {
      transactions++;
      appends += queued;
    }
    flush();
  };
  const measured = await concurrentStoreWriters(store, a);
  await store.close();
  return { ...measured, appendsPerTransaction: transactions ? appends / transactions : 0 };
}

/**
 * The store-only load of the durable-append diagnostics (SQLite here, PostgreSQL in scenario 7):
 * `writers` concurrent writers, each appending one event at a time to its own entry — a
 * registration, then amendments — measured after the warm-up.
 */
export async function concurrentStoreWriters(
  store: Pick<EventStore, 'append'>,
  a: { writers: number; warmupMs: number; durationMs: number },
): Promise<{ eventsPerSec: number; latency: Summary; errors: number }> {
  const started = performance.now();
  const measureFrom = started + a.warmupMs;
  const measureTo = measureFrom + a.durationMs;
  const latencies: number[] = [];
  let done = 0;
  let errors = 0;
  const writer = async (w: number) => {
    const platformId = `00000000-0000-4000-8000-${String(w).padStart(12, '0')}`;
    const actor = { sub: `bench:writer-${w}`, name: `Benchmark writer ${w}`, role: 'mic-admin', ministry: null };
    for (let revision = -1; performance.now() < measureTo; revision++) {
      const event = {
        eventId: randomUUID(),
        type: revision === -1 ? 'platform.registered' : 'platform.amended',
        schemaVersion: 1,
        data:
          revision === -1
            ? {
                platformId,
                code: null,
                ownerMinistry: 'BTC',
                ...completeFields({ name: `Nền tảng ${w}`, kind: 'application', deploymentStatus: 'pilot' }),
              }
            : { platformId, changes: { description: `Cập nhật ${w}-${revision}` } },
        metadata: {
          effectiveDate: '2025-07-01',
          actor,
          legalBasis: null,
          reason: null,
          idempotencyKey: null,
          correlationId: randomUUID(),
          causationId: randomUUID(),
        },
      };
      const t0 = performance.now();
      try {
        await store.append({ writes: [{ streamId: `platform-${platformId}`, expectedRevision: revision === -1 ? 'no-stream' : revision, events: [event] }] });
      } catch {
        errors++;
        break;
      }
      const t1 = performance.now();
      if (t0 >= measureFrom && t0 < measureTo) latencies.push(t1 - t0);
      if (t1 >= measureFrom && t1 < measureTo) done++;
    }
  };
  await Promise.all(Array.from({ length: a.writers }, (_, w) => writer(w)));
  return { eventsPerSec: done / (a.durationMs / 1000), latency: summarize(latencies), errors };
}
