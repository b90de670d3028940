/**
 * `npm run bench` (full) / `npm run bench -- --quick`: builds deterministic synthetic logs of
 * growing size in a temporary directory and runs the scenarios of BENCHMARKS.md on each, every
 * measurement in a child process of its own. Prints one table (Markdown) and writes the rows
 * to bench/results.json.
 *
 * Options: --quick          smaller sizes and shorter runs (under two minutes)
 *          --out=<file>     where the JSON goes (default bench/results.json)
 *          --keep           keep the temporary directory (its path is printed)
 *          --only=<name>[,<name>]  run those scenarios alone (postgres: 7, http: 4 on the largest log of
 *                           the mode, or with --http-data=<dir> on a copy of the full run's projected
 *                           1M log, viewer: 8, similarity: 9, import: 10,
 *                           append: 1 on the largest log with the peer, time-travel: 2 and 3 on the largest
 *                           log without the live projection); rows go to bench/out/<name>[-<name>]-<mode>.json
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ndp/event-store';
import { runTask, startServer } from './lib/child';
import { PreparedDataset, ScenarioContext } from './lib/context';
import type { Dataset } from './lib/dataset';
import { entryIds, HistoryOptions } from './lib/history';
import type { ReadModelDigest } from './lib/read-model-hash';
import { formatTable, Row, row } from './lib/results';
import type { DurableAppendResult } from './scenarios/durable-append';
import type { CapturedResponse, LoadResult } from './scenarios/http';
import { kafkaRelayScenario } from './scenarios/kafka-relay';
import { postgresScenario } from './scenarios/postgres';
import { similarityScenario } from './scenarios/similarity';
import { PeerEmmettResult, peerEmmettScenario, peerRow } from './scenarios/peer-emmett';
import type { RawReadResult, RebuildResult } from './scenarios/rebuild';
import type { TimeTravelResult } from './scenarios/time-travel';
import { measureViewer, viewerDataset, viewerRows, viewerScenario } from './scenarios/viewer';
import { importScenario } from './scenarios/import';

const ROOT = resolve(__dirname, '..', '..', '..');
const SEED = 2765;

interface Size {
  label: string;
  entries: number;
  versions: number;
}

interface Mode {
  name: 'quick' | 'full';
  sizes: Size[];
  append: { writers: number; warmupMs: number; durationMs: number; registerShare: number };
  timeTravel: { entryQueries: number; catalogueQueries: number; entryReplays: number; catalogueReplays: number };
  http: {
    entry: { connections: number; warmupMs: number; durationMs: number; maxRequests: number };
    catalogue: { connections: number; warmupMs: number; durationMs: number; maxRequests: number };
    distinctEntries: number;
  };
}

const FULL: Mode = {
  name: 'full',
  sizes: [
    { label: '10k', entries: 100, versions: 100 },
    { label: '100k', entries: 1000, versions: 100 },
    { label: '1M', entries: 10000, versions: 100 },
  ],
  append: { writers: 16, warmupMs: 1000, durationMs: 5000, registerShare: 0.1 },
  timeTravel: { entryQueries: 2000, catalogueQueries: 20, entryReplays: 100, catalogueReplays: 5 },
  http: {
    entry: { connections: 32, warmupMs: 1000, durationMs: 5000, maxRequests: 1_000_000 },
    catalogue: { connections: 8, warmupMs: 2000, durationMs: 10000, maxRequests: 100_000 },
    distinctEntries: 1000,
  },
};

const QUICK: Mode = {
  name: 'quick',
  sizes: [
    { label: '10k', entries: 100, versions: 100 },
    { label: '30k', entries: 300, versions: 100 },
  ],
  append: { writers: 16, warmupMs: 500, durationMs: 2000, registerShare: 0.1 },
  timeTravel: { entryQueries: 500, catalogueQueries: 10, entryReplays: 40, catalogueReplays: 3 },
  http: {
    entry: { connections: 32, warmupMs: 500, durationMs: 2000, maxRequests: 1_000_000 },
    catalogue: { connections: 8, warmupMs: 500, durationMs: 2000, maxRequests: 100_000 },
    distinctEntries: 200,
  },
};

interface SizeResults {
  size: Size;
  events: number;
  buildMs: number;
  live: ReadModelDigest | null;
  liveBatches: number;
  rebuild: RebuildResult;
  raw: RawReadResult;
  timeTravel: TimeTravelResult;
  append: { group: DurableAppendResult; single: DurableAppendResult };
}

interface StoreAppendResult {
  eventsPerSec: number;
  latency: { p50: number; p99: number };
  appendsPerTransaction: number;
  errors: number;
}

interface HttpResults {
  entry: { app: LoadResult; bare: LoadResult };
  /** One entry read again and again (304 to If-None-Match; from the answer cache), and distinct entries with the cache off. */
  entryReads: {
    repeated304: { app: LoadResult; bare: LoadResult };
    repeatedCached: { app: LoadResult; bare: LoadResult };
    cold: { app: LoadResult; bare: LoadResult };
  };
  catalogue: { app: LoadResult; bare: LoadResult };
  catalogueBytes: number;
  entryBytes: number;
}

const started = performance.now();
const log = (msg: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);

function machine(): Record<string, string> {
  const read = (p: string) => {
    try {
      return readFileSync(p, 'utf8').trim();
    } catch {
      return '';
    }
  };
  const root = read('/proc/mounts')
    .split('\n')
    .map((l) => l.split(' '))
    .find((f) => f[1] === '/');
  const dev = root?.[0]?.replace('/dev/', '').replace(/[0-9]+$/, '') ?? '';
  const rotational = dev ? read(`/sys/block/${dev}/queue/rotational`) : '';
  return {
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    disk: root ? `${root[0]} (${root[2]}${rotational === '1' ? ', reported rotational' : rotational === '0' ? ', non-rotational' : ''})` : 'unknown',
    kernel: release(),
    node: process.version,
    sqlite: (new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
  };
}

/** Median time of a one-row transaction with synchronous=FULL in the temp directory: the fsync the log pays. */
function fsyncProbe(dir: string): number {
  const db = new Database(join(dir, 'fsync-probe.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (x)');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  const samples: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t = performance.now();
    db.transaction(() => insert.run(i))();
    samples.push(performance.now() - t);
  }
  db.close();
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

function copyDb(from: string, to: string): void {
  copyFileSync(from, to);
  for (const suffix of ['-wal', '-shm']) if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
}

async function runSize(mode: Mode, size: Size, workDir: string): Promise<{ results: SizeResults; dataset: PreparedDataset }> {
  const dir = join(workDir, `log-${size.label}`);
  mkdirSync(dir, { recursive: true });
  const history: HistoryOptions = { seed: SEED, entries: size.entries, versions: size.versions };
  log(`${size.label}: writing the log (${size.entries} entries × ${size.versions} events) with a live projector following it`);
  const eventsPath = join(dir, 'events.db');
  await new SqliteEventStore({ path: eventsPath }).close(); // create the file once, so two processes do not race to
  const follower = await startServer<Record<string, never>>('follow-live', { eventsPath, readModelsPath: join(dir, 'live-read-models.db') });
  let built: Dataset;
  try {
    built = await runTask<Dataset>('build-dataset', { ...history, dir });
  } catch (e) {
    await follower.stop();
    throw e;
  }
  log(`${size.label}: ${built.events} events written in ${(built.buildMs / 1000).toFixed(1)} s; waiting for the live projector`);
  const live = await follower.finish<{ digest: ReadModelDigest; ms: number; batches: number }>({ type: 'finish', events: built.events });
  log(`${size.label}: live projection done (${live.batches} batches); rebuilding the read models`);
  const readModelsPath = join(dir, 'read-models.db');
  const rebuild = await runTask<RebuildResult>('rebuild', { eventsPath: built.eventsPath, readModelsPath });
  log(`${size.label}: rebuild ${Math.round(rebuild.eventsPerSec)} events/s; raw read of the log`);
  const raw = await runTask<RawReadResult>('raw-read', { eventsPath: built.eventsPath });
  rmSync(join(dir, 'live-read-models.db'), { force: true });
  log(`${size.label}: time travel`);
  const timeTravel = await runTask<TimeTravelResult>(
    'time-travel',
    { eventsPath: built.eventsPath, readModelsPath, entries: size.entries, seed: SEED + 1, ...mode.timeTravel },
    { maxOldSpaceMb: 8192 },
  );
  const append = await runAppends(mode, size, workDir, built.eventsPath, readModelsPath);
  return {
    results: {
      size,
      events: built.events,
      buildMs: built.buildMs,
      live: live.digest,
      liveBatches: live.batches,
      rebuild,
      raw,
      timeTravel,
      append,
    },
    dataset: { label: size.label, history, dir, eventsPath: built.eventsPath, readModelsPath, events: built.events },
  };
}

/** Scenario 1 on copies of the log and read models: the command path with group commit, then its control. */
async function runAppends(
  mode: Mode,
  size: Size,
  workDir: string,
  eventsPath: string,
  readModelsPath: string,
): Promise<{ group: DurableAppendResult; single: DurableAppendResult }> {
  const append: Partial<Record<'group' | 'single', DurableAppendResult>> = {};
  for (const groupCommit of [true, false]) {
    const appDir = join(workDir, `append-${size.label}-${groupCommit ? 'group' : 'single'}`);
    mkdirSync(appDir, { recursive: true });
    copyDb(eventsPath, join(appDir, 'events.db'));
    copyDb(readModelsPath, join(appDir, 'read-models.db'));
    log(`${size.label}: durable append, group commit ${groupCommit ? 'on' : 'off (control)'}`);
    append[groupCommit ? 'group' : 'single'] = await runTask<DurableAppendResult>('durable-append', {
      dataDir: appDir,
      groupCommit,
      seed: SEED + 2,
      ...mode.append,
    });
    rmSync(appDir, { recursive: true, force: true });
  }
  return { group: append.group!, single: append.single! };
}

async function runHttp(mode: Mode, dataset: PreparedDataset, workDir: string): Promise<HttpResults> {
  const ids = entryIds(dataset.history);
  const step = Math.max(1, Math.floor(ids.length / mode.http.distinctEntries));
  const entryPaths = ids
    .filter((_, i) => i % step === 0)
    .slice(0, mode.http.distinctEntries)
    .map((id) => `/v1/platforms/${id}`);
  const one = entryPaths[0];
  log(`http: starting the application on the ${dataset.label} log`);
  const app = await startServer<{ url: string }>('serve-app', { dataDir: dataset.dir });
  let captured: CapturedResponse[];
  let appEntry: LoadResult;
  let appCatalogue: LoadResult;
  let appRepeated: LoadResult;
  let app304: LoadResult;
  let oneTag: string;
  try {
    captured = await runTask<CapturedResponse[]>('capture', { base: app.info.url, paths: [...entryPaths, '/v1/catalogue'], conditional: [one] });
    const bad = captured.filter((c) => c.status !== (c.ifNoneMatch ? 304 : 200));
    if (bad.length) throw new Error(`the application answered ${bad[0].status} to ${bad[0].path}`);
    oneTag = captured.find((c) => c.ifNoneMatch)!.ifNoneMatch!;
    log(`http: loading GET /v1/platforms/{id} on the application`);
    appEntry = await runTask<LoadResult>('load', { base: app.info.url, paths: entryPaths, ...mode.http.entry });
    log(`http: loading GET /v1/catalogue on the application`);
    appCatalogue = await runTask<LoadResult>('load', { base: app.info.url, paths: ['/v1/catalogue'], ...mode.http.catalogue });
    log(`http: one entry again and again, from the answer cache and with If-None-Match`);
    appRepeated = await runTask<LoadResult>('load', { base: app.info.url, paths: [one], ...mode.http.entry });
    app304 = await runTask<LoadResult>('load', {
      base: app.info.url,
      paths: [one],
      headers: { 'if-none-match': oneTag },
      expectStatus: 304,
      ...mode.http.entry,
    });
  } finally {
    await app.stop();
  }
  log(`http: distinct entries with the answer cache off (cold)`);
  const coldApp = await startServer<{ url: string }>('serve-app', { dataDir: dataset.dir, answerCache: false });
  let appCold: LoadResult;
  try {
    appCold = await runTask<LoadResult>('load', { base: coldApp.info.url, paths: entryPaths, ...mode.http.entry });
  } finally {
    await coldApp.stop();
  }
  const responsesFile = join(workDir, 'captured-responses.json');
  writeFileSync(responsesFile, JSON.stringify(captured));
  const bare = await startServer<{ url: string }>('serve-bare', { responsesFile });
  let bareEntry: LoadResult;
  let bareCatalogue: LoadResult;
  let bareRepeated: LoadResult;
  let bare304: LoadResult;
  try {
    log(`http: the same loads on a bare node:http server with the same bytes`);
    bareEntry = await runTask<LoadResult>('load', { base: bare.info.url, paths: entryPaths, ...mode.http.entry });
    bareCatalogue = await runTask<LoadResult>('load', { base: bare.info.url, paths: ['/v1/catalogue'], ...mode.http.catalogue });
    bareRepeated = await runTask<LoadResult>('load', { base: bare.info.url, paths: [one], ...mode.http.entry });
    bare304 = await runTask<LoadResult>('load', {
      base: bare.info.url,
      paths: [one],
      headers: { 'if-none-match': oneTag },
      expectStatus: 304,
      ...mode.http.entry,
    });
  } finally {
    await bare.stop();
  }
  const size = (c: CapturedResponse) => Buffer.from(c.bodyBase64, 'base64').length;
  const plain = captured.filter((c) => !c.ifNoneMatch);
  return {
    entry: { app: appEntry, bare: bareEntry },
    entryReads: {
      repeated304: { app: app304, bare: bare304 },
      repeatedCached: { app: appRepeated, bare: bareRepeated },
      cold: { app: appCold, bare: bareEntry },
    },
    catalogue: { app: appCatalogue, bare: bareCatalogue },
    entryBytes: plain.slice(0, -1).reduce((s, c) => s + size(c), 0) / Math.max(1, plain.length - 1),
    catalogueBytes: size(plain[plain.length - 1]),
  };
}

/**
 * `--only=http`: the largest log of the mode, written and projected by the application itself;
 * with `--http-data=<dir>`, the full run's 1M log already written and projected there (a copy:
 * the application opens it for writing) under the mode's loads.
 */
async function httpOnly(mode: Mode, workDir: string): Promise<Row[]> {
  const given = process.argv.find((a) => a.startsWith('--http-data='));
  if (given) {
    const size = FULL.sizes[FULL.sizes.length - 1];
    const dir = resolve(given.slice('--http-data='.length));
    const history: HistoryOptions = { seed: SEED, entries: size.entries, versions: size.versions };
    const eventsPath = join(dir, 'events.db');
    const dataset: PreparedDataset = {
      label: size.label,
      history,
      dir,
      eventsPath,
      readModelsPath: join(dir, 'read-models.db'),
      events: size.entries * size.versions,
    };
    return httpRows(mode, size.label, await runHttp(mode, dataset, workDir));
  }
  const size = mode.sizes[mode.sizes.length - 1];
  const dir = join(workDir, `log-${size.label}`);
  mkdirSync(dir, { recursive: true });
  const history: HistoryOptions = { seed: SEED, entries: size.entries, versions: size.versions };
  log(`${size.label}: writing the log (${size.entries} entries × ${size.versions} events)`);
  const built = await runTask<Dataset>('build-dataset', { ...history, dir });
  const dataset: PreparedDataset = {
    label: size.label,
    history,
    dir,
    eventsPath: built.eventsPath,
    readModelsPath: join(dir, 'read-models.db'),
    events: built.events,
  };
  return httpRows(mode, size.label, await runHttp(mode, dataset, workDir));
}

async function runStoreAppend(mode: Mode, workDir: string): Promise<{ group: StoreAppendResult; single: StoreAppendResult }> {
  const out: Partial<Record<'group' | 'single', StoreAppendResult>> = {};
  for (const groupCommit of [true, false]) {
    const dir = join(workDir, `store-append-${groupCommit}`);
    mkdirSync(dir, { recursive: true });
    log(`store-only append (diagnostic), group commit ${groupCommit ? 'on' : 'off'}`);
    out[groupCommit ? 'group' : 'single'] = await runTask<StoreAppendResult>('store-append', {
      dir,
      groupCommit,
      writers: mode.append.writers,
      warmupMs: mode.append.warmupMs,
      durationMs: mode.append.durationMs,
    });
    rmSync(dir, { recursive: true, force: true });
  }
  return { group: out.group!, single: out.single! };
}

function rows(
  mode: Mode,
  all: SizeResults[],
  store: { group: StoreAppendResult; single: StoreAppendResult },
  peer: { result: PeerEmmettResult } | { skipped: string },
  http: HttpResults | null,
  kafka: Row[],
): Row[] {
  const main = all[all.length - 1];
  const out: Row[] = [];
  const L = main.size.label;

  out.push(...appendRows(main, store, peer));

  out.push(...travelRows(L, main.timeTravel));
  const identical = main.live !== null && main.live.sha256 === main.rebuild.digest.sha256;
  out.push(...rebuildRows(L, main.rebuild, main.raw, identical));

  if (http) out.push(...httpRows(mode, L, http));

  out.push(...kafka);

  const S6 = '6 growth';
  for (const s of all) {
    const at = `@ ${s.size.label}`;
    out.push(
      row(S6, `durable append events/s ${at}`, 'events/s', s.append.group.eventsPerSec, s.append.single.eventsPerSec, 'higher'),
      row(S6, `durable append p99 ${at}`, 'ms', s.append.group.latency.p99, s.append.single.latency.p99, 'lower'),
      row(S6, `one entry as-of p99 ${at}`, 'ms', s.timeTravel.entryAsOf.index.p99, s.timeTravel.entryAsOf.replay.p99, 'lower'),
      row(S6, `catalogue as-of p99 ${at}`, 'ms', s.timeTravel.catalogueAsOf.index.p99, s.timeTravel.catalogueAsOf.replay.p99, 'lower'),
      row(S6, `catalogue page of 100 p99 ${at}`, 'ms', s.timeTravel.cataloguePage.index.p99, s.timeTravel.cataloguePage.replay.p99, 'lower'),
      row(S6, `rebuild events/s ${at}`, 'events/s', s.rebuild.eventsPerSec, s.raw.eventsPerSec, 'higher'),
      row(S6, `rebuild peak RSS ${at}`, 'MiB', s.rebuild.peakRssMiB, s.raw.peakRssMiB, 'lower'),
    );
  }
  return out;
}

/** Scenario 2's rows. */
function travelRows(L: string, tt: TimeTravelResult): Row[] {
  const S2 = `2 time travel (${L} log)`;
  const pair = (what: string, p: TimeTravelResult['entryAsOf'], p99Target: number) => [
    row(S2, `${what}: p50 (control: replay)`, 'ms', p.index.p50, p.replay.p50, 'lower', { text: '≥ 100× replay', met: (_, r) => (r ?? 0) >= 100 }),
    row(S2, `${what}: p99`, 'ms', p.index.p99, p.replay.p99, 'lower', { text: `≤ ${p99Target} ms`, met: (v) => v <= p99Target }),
  ];
  return [
    ...pair('one entry, as of', tt.entryAsOf, 5),
    ...pair('one entry, as of + as known at', tt.entryKnownAt, 5),
    ...pair(`catalogue (${tt.catalogueSize.toLocaleString('en-US')} entries), as of`, tt.catalogueAsOf, 150),
    ...pair('catalogue, as of + as known at', tt.catalogueKnownAt, 150),
    ...pair('catalogue, one page of 100 (as the API pages)', tt.cataloguePage, 10),
    row(S2, 'answers identical to the replay (sample)', 'answers', tt.identical, tt.compared, null, { text: 'all', met: (v) => v === tt.compared }),
  ];
}

/** Scenario 3's rows; `identical` is null when no live projection ran beside the rebuild (`--only=time-travel`). */
function rebuildRows(L: string, rebuild: RebuildResult, raw: RawReadResult, identical: boolean | null): Row[] {
  const S3 = `3 rebuild (${L} log)`;
  return [
    row(S3, 'events/s (control: raw read of the log)', 'events/s', rebuild.eventsPerSec, raw.eventsPerSec, 'higher', {
      text: '≥ 50,000/s',
      met: (v) => v >= 50000,
    }),
    row(S3, 'peak RSS (control: raw read)', 'MiB', rebuild.peakRssMiB, raw.peakRssMiB, 'lower', { text: '≤ 1,024 MiB', met: (v) => v <= 1024 }),
    row(S3, 'wall time', 's', rebuild.ms / 1000, raw.ms / 1000, 'lower'),
    ...(identical === null
      ? []
      : [row(S3, 'read-model sha256 = live projection’s', 'bool', identical ? 1 : 0, null, null, { text: 'identical', met: (v) => v === 1 })]),
  ];
}

/** The mode's largest log, written and its read models rebuilt: the ground of the scenarios run alone on it. */
async function writeLargestLog(mode: Mode, workDir: string): Promise<{ size: Size; built: Dataset; readModelsPath: string; rebuild: RebuildResult }> {
  const size = mode.sizes[mode.sizes.length - 1];
  const dir = join(workDir, `log-${size.label}`);
  mkdirSync(dir, { recursive: true });
  log(`${size.label}: writing the log (${size.entries} entries × ${size.versions} events)`);
  const built = await runTask<Dataset>('build-dataset', { seed: SEED, entries: size.entries, versions: size.versions, dir });
  const readModelsPath = join(dir, 'read-models.db');
  log(`${size.label}: rebuilding the read models`);
  const rebuild = await runTask<RebuildResult>('rebuild', { eventsPath: built.eventsPath, readModelsPath });
  return { size, built, readModelsPath, rebuild };
}

/**
 * `--only=time-travel`: scenarios 2 and 3 alone on the mode's largest log (written, then
 * rebuilt against a raw read of the log, then queried), without the live projection the full
 * run compares the rebuild with (at 1M it alone takes ~13 minutes).
 */
async function travelOnly(mode: Mode, workDir: string): Promise<Row[]> {
  const { size, built, readModelsPath, rebuild } = await writeLargestLog(mode, workDir);
  const raw = await runTask<RawReadResult>('raw-read', { eventsPath: built.eventsPath });
  log(`${size.label}: time travel`);
  const timeTravel = await runTask<TimeTravelResult>(
    'time-travel',
    { eventsPath: built.eventsPath, readModelsPath, entries: size.entries, seed: SEED + 1, ...mode.timeTravel },
    { maxOldSpaceMb: 8192 },
  );
  return [...travelRows(size.label, timeTravel), ...rebuildRows(size.label, rebuild, raw, null)];
}

/**
 * Scenario 1's rows. The command path is held to the store's own speed in the same run (the
 * store-only diagnostic): ≥ 0.5× of it, and ≥ 5× the one-fsync-per-command control.
 */
function appendRows(
  main: Pick<SizeResults, 'size' | 'append'>,
  store: { group: StoreAppendResult; single: StoreAppendResult },
  peer: { result: PeerEmmettResult } | { skipped: string },
): Row[] {
  const S1 = `1 durable append (${main.size.label} log)`;
  const { group, single } = main.append;
  const ofStore = group.eventsPerSec / Math.max(1e-9, store.group.eventsPerSec);
  return [
    row(S1, `events/s, ${group.writers} writers (control: one fsync per command)`, 'events/s', group.eventsPerSec, single.eventsPerSec, 'higher', {
      text: '≥ 0.5× store only (same run) and ≥ 5× control',
      met: (_, r) => ofStore >= 0.5 && (r ?? 0) >= 5,
    }),
    row(S1, 'command path ÷ store only (same run)', '×', ofStore, null, null, { text: '≥ 0.5', met: (v) => v >= 0.5 }),
    peerRow(S1, group.eventsPerSec, peer),
    row(S1, 'ack latency p50', 'ms', group.latency.p50, single.latency.p50, 'lower'),
    row(S1, 'ack latency p99', 'ms', group.latency.p99, single.latency.p99, 'lower', { text: '≤ 20 ms', met: (v) => v <= 20 }),
    row(S1, 'CPU per command (process, all threads)', 'ms', group.cpuMsPerCommand, single.cpuMsPerCommand, 'lower'),
    row(S1, 'appends per transaction (= per fsync)', 'appends', group.appendsPerTransaction, single.appendsPerTransaction, null),
    row(S1, 'failed commands', 'commands', group.errors, single.errors, null, { text: '0', met: (v) => v === 0 }),
    row('1 durable append (diagnostic)', 'store only, no command path: events/s', 'events/s', store.group.eventsPerSec, store.single.eventsPerSec, 'higher'),
    row('1 durable append (diagnostic)', 'store only, no command path: p99', 'ms', store.group.latency.p99, store.single.latency.p99, 'lower'),
  ];
}

/**
 * `--only=append`: scenario 1 alone, on the mode's largest log (built and projected, then the
 * command path, its control and the store-only diagnostic), for work on the write path.
 */
async function appendOnly(mode: Mode, workDir: string): Promise<Row[]> {
  const { size, built, readModelsPath } = await writeLargestLog(mode, workDir);
  const append = await runAppends(mode, size, workDir, built.eventsPath, readModelsPath);
  const store = await runStoreAppend(mode, workDir);
  const peer = await peerEmmettScenario({ eventsPath: built.eventsPath, seed: SEED + 2, ...mode.append }, log);
  return appendRows({ size, append }, store, peer);
}

function httpRows(mode: Mode, L: string, http: HttpResults): Row[] {
  const out: Row[] = [];
  const S4 = `4 http (${L} log)`;
  out.push(
    row(
      S4,
      `GET /v1/platforms/{id}, ${mode.http.entry.connections} conns (control: bare node:http)`,
      'req/s',
      http.entry.app.requestsPerSec,
      http.entry.bare.requestsPerSec,
      'higher',
      {
        text: '≥ 0.5× control',
        met: (_, r) => (r ?? 0) >= 0.5,
      },
    ),
    row(S4, 'GET /v1/platforms/{id} p99', 'ms', http.entry.app.latency.p99, http.entry.bare.latency.p99, 'lower'),
    row(
      S4,
      `GET /v1/catalogue (${(http.catalogueBytes / 1024).toFixed(0)} KiB), ${mode.http.catalogue.connections} conns`,
      'req/s',
      http.catalogue.app.requestsPerSec,
      http.catalogue.bare.requestsPerSec,
      'higher',
    ),
    row(S4, 'GET /v1/catalogue p99', 'ms', http.catalogue.app.latency.p99, http.catalogue.bare.latency.p99, 'lower'),
  );
  const failures = http.entry.app.non200 + http.entry.app.errors + http.catalogue.app.non200 + http.catalogue.app.errors;
  const bareFailures = http.entry.bare.non200 + http.entry.bare.errors + http.catalogue.bare.non200 + http.catalogue.bare.errors;
  out.push(row(S4, 'failed or non-200 responses', 'responses', failures, bareFailures, null, { text: '0', met: (v) => v === 0 }));
  const reads = http.entryReads;
  const n = mode.http.entry.connections;
  const againstBare = (what: string, r: { app: LoadResult; bare: LoadResult }, least: number) =>
    row(S4, `GET /v1/platforms/{id} ${what}, ${n} conns`, 'req/s', r.app.requestsPerSec, r.bare.requestsPerSec, 'higher', {
      text: `≥ ${least}× control`,
      met: (_, ratio) => (ratio ?? 0) >= least,
    });
  out.push(
    againstBare('repeated, If-None-Match → 304', reads.repeated304, 0.5),
    againstBare('repeated, answer cache', reads.repeatedCached, 0.5),
    againstBare(`cold (${mode.http.distinctEntries} entries, cache off)`, reads.cold, 0.2),
  );
  const readFailures = [reads.repeated304.app, reads.repeatedCached.app, reads.cold.app].reduce((s, r) => s + r.non200 + r.errors, 0);
  const bareReadFailures = [reads.repeated304.bare, reads.repeatedCached.bare].reduce((s, r) => s + r.non200 + r.errors, 0);
  out.push(
    row(S4, 'failed or unexpected responses (repeated and cold rows)', 'responses', readFailures, bareReadFailures, null, { text: '0', met: (v) => v === 0 }),
  );
  return out;
}

/** Scenarios that can run alone (`--only=<name>[,<name>]`), without the synthetic logs of the run. */
const ALONE: Record<string, (mode: Mode, keep: boolean) => Promise<Row[]>> = {
  postgres: (mode) => postgresScenario(mode.name, log),
  http: async (mode, keep) => {
    const workDir = mkdtempSync(join(tmpdir(), 'ndp-bench-'));
    try {
      return await httpOnly(mode, workDir);
    } finally {
      if (!keep) rmSync(workDir, { recursive: true, force: true });
    }
  },
  // Its own log of 10,000 registrations (the full run uses its 1M-event log instead).
  viewer: async (mode) => {
    const workDir = mkdtempSync(join(tmpdir(), 'ndp-bench-viewer-'));
    try {
      const own = await viewerDataset(workDir, log);
      return viewerRows(await measureViewer(own.dir, own.label, mode.name === 'quick' ? 3 : 5, log));
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  },
  similarity: async (mode) => similarityScenario(mode.name, log),
  // Its own logs of 1,000 and 10,000 entries.
  import: (mode) => importScenario(mode.name, log),
  'time-travel': async (mode, keep) => {
    const workDir = mkdtempSync(join(tmpdir(), 'ndp-bench-'));
    try {
      return await travelOnly(mode, workDir);
    } finally {
      if (!keep) rmSync(workDir, { recursive: true, force: true });
    }
  },
  append: async (mode, keep) => {
    const workDir = mkdtempSync(join(tmpdir(), 'ndp-bench-'));
    try {
      return await appendOnly(mode, workDir);
    } finally {
      if (!keep) rmSync(workDir, { recursive: true, force: true });
    }
  },
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const mode = argv.includes('--quick') ? QUICK : FULL;
  const keep = argv.includes('--keep');
  const outArg = argv.find((a) => a.startsWith('--out='));
  const out = outArg ? resolve(outArg.slice('--out='.length)) : join(ROOT, 'bench', 'results.json');
  const only = argv
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',')
    .filter(Boolean);
  if (only) {
    const unknown = only.filter((n) => !(n in ALONE));
    if (unknown.length) throw new Error(`--only: unknown scenario ${unknown.join(', ')} (known: ${Object.keys(ALONE).join(', ')})`);
    const t0 = performance.now();
    const loadAtStart = loadavg()[0];
    const table: Row[] = [];
    for (const name of only) table.push(...(await ALONE[name](mode, keep)));
    mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
    const file = join(ROOT, 'bench', 'out', `${only.join('-')}-${mode.name}.json`);
    writeFileSync(file, JSON.stringify(table, null, 2) + '\n');
    const load = `load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end (1-min, ${cpus().length} CPUs)`;
    process.stdout.write(['', formatTable(table), '', `${((performance.now() - t0) / 1000).toFixed(0)} s; ${load}; rows written to ${file}`, ''].join('\n'));
    return;
  }
  if (argv.includes('--only=append')) {
    const t0 = performance.now();
    const loadAtStart = loadavg()[0];
    const workDir = mkdtempSync(join(tmpdir(), 'ndp-bench-append-'));
    try {
      const table = await appendOnly(mode, workDir);
      mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
      const file = join(ROOT, 'bench', 'out', `append-${mode.name}.json`);
      writeFileSync(file, JSON.stringify(table, null, 2) + '\n');
      const load = `load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end (1-min, ${cpus().length} CPUs)`;
      process.stdout.write(['', formatTable(table), '', `${((performance.now() - t0) / 1000).toFixed(0)} s; ${load}; rows written to ${file}`, ''].join('\n'));
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
    return;
  }
  const workDir = mkdtempSync(join(tmpdir(), 'ndp-bench-'));
  const host = machine();
  const fsyncMs = fsyncProbe(workDir);
  const loadAtStart = loadavg()[0];
  log(`${mode.name} run in ${workDir}; ${host.cpu}, ${host.memory}, node ${host.node}; fsync ≈ ${fsyncMs.toFixed(3)} ms`);
  try {
    const all: SizeResults[] = [];
    let dataset: PreparedDataset | null = null;
    for (const size of mode.sizes) {
      if (dataset) rmSync(dataset.dir, { recursive: true, force: true });
      const r = await runSize(mode, size, workDir);
      all.push(r.results);
      dataset = r.dataset;
    }
    const store = await runStoreAppend(mode, workDir);
    const peer = await peerEmmettScenario({ eventsPath: dataset!.eventsPath, seed: SEED + 2, ...mode.append }, log);
    const http = await runHttp(mode, dataset!, workDir);
    const ctx: ScenarioContext = { mode: mode.name, workDir, dataset: dataset! };
    const kafka = await kafkaRelayScenario(ctx);
    const postgres = await postgresScenario(mode.name, log);
    const viewer = await viewerScenario(ctx, log);
    const similarity = await ALONE.similarity(mode, keep);
    const imports = await importScenario(mode.name, log);
    const table = [...rows(mode, all, store, peer, http, kafka), ...postgres, ...viewer, ...similarity, ...imports];
    const elapsed = (performance.now() - started) / 1000;
    // Other work on the machine skews every figure; say how busy it was.
    const load = `load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end (1-min, ${cpus().length} CPUs)`;

    mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
    writeFileSync(out, JSON.stringify(table, null, 2) + '\n');
    writeFileSync(
      join(ROOT, 'bench', 'out', `raw-${mode.name}.json`),
      JSON.stringify({ mode: mode.name, machine: host, fsyncMs, load, elapsedSeconds: elapsed, sizes: all, storeAppend: store, http }, null, 2) + '\n',
    );
    const withTarget = table.filter((r) => r.met !== null);
    const met = withTarget.filter((r) => r.met).length;
    const sizes = all.map((s) => `${s.size.label} = ${s.events.toLocaleString('en-US')} events`).join(', ');
    process.stdout.write(
      [
        '',
        `NDP Catalogue benchmarks — ${mode.name} run (${sizes}); ${host.cpu}; ${host.memory}; ${host.disk}; fsync ≈ ${fsyncMs.toFixed(2)} ms; node ${host.node}; SQLite ${host.sqlite}`,
        '',
        formatTable(table),
        '',
        `targets met: ${met} of ${withTarget.length}; total run time ${(elapsed / 60).toFixed(1)} min; ${load}; rows written to ${out}`,
        '',
      ].join('\n'),
    );
  } finally {
    if (keep) log(`kept ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
