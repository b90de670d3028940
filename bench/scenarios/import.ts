/**
 * Scenario 10 — catalogue import at scale: a CSV file of N new entries imported into a store
 * that already holds 1k and 10k entries, through the real service path (Nest application
 * context, runImport: parse, plan from the read models, then every row as a command on the
 * CommandBus → handler → CommandExecutor, with authority, idempotency and audit metadata),
 * on the SQLite log with synchronous=FULL. Rows/s counts the whole import, parsing and
 * planning included, up to the read models showing every new entry.
 *
 * Control: the same file through the same runner one command at a time, each waiting for the
 * projections before the next (`concurrency: 1, waitPerCommand: true`: the import as it was
 * before this scenario existed). Only those two options differ.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import type { Actor } from '@ndp/catalogue';
import { AppModule } from '../../apps/api/src/app.module';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { CatalogueRuntime } from '../../apps/api/src/infrastructure/catalogue-runtime';
import { runImport } from '../../apps/api/src/import-export/import-runner';
import { runTask } from '../lib/child';
import { Row, row } from '../lib/results';
import { BENCH_JWT_SECRET } from './durable-append';

export const IMPORT_SCENARIO = '10 import';
const SEED = 2765;

export interface ImportTaskArgs {
  dataDir: string;
  rows: number;
  /** false: the control (one command at a time, waiting for the projections after each). */
  batched: boolean;
  /** Also write the generated file here (to profile `cli import` on the same rows by hand). */
  csvOut?: string;
}

export interface ImportTaskResult {
  rows: number;
  entriesBefore: number;
  entriesAfter: number;
  ms: number;
  rowsPerSec: number;
  /** Rows per second of this process's CPU time (user + system): less sensitive to other load on the machine. */
  rowsPerCpuSec: number;
  failed: number;
  invalid: number;
}

/** N new entries spread over the ministries in force; every other one with a code of its own. */
export function importCsv(rows: number, ministries: readonly string[]): string {
  const records = Array.from({ length: rows }, (_, i) => ({
    code: i % 2 === 0 ? `NHAP-${String(i).padStart(6, '0')}` : '',
    name: `Nền tảng nhập từ tệp số ${i + 1}`,
    kind: i % 3 === 0 ? 'application' : 'information-system',
    ownerMinistry: ministries[i % ministries.length],
    description: `Dòng ${i + 2} của tệp nhập thử\nhai dòng mô tả`,
    deploymentStatus: i % 4 === 0 ? 'pilot' : 'operational',
  }));
  return stringifyCsv(records, { header: true, columns: ['code', 'name', 'kind', 'ownerMinistry', 'description', 'deploymentStatus'] });
}

export async function importTask(a: ImportTaskArgs): Promise<ImportTaskResult> {
  const config = loadConfig({ JWT_SECRET: BENCH_JWT_SECRET, SQLITE_SYNCHRONOUS: 'FULL' }, { dataDir: a.dataDir, seed: false, port: 0 });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  try {
    const runtime = app.get(CatalogueRuntime);
    await runtime.projector.waitFor(await runtime.store.headPosition(), 600000);
    const latest = runtime.catalogue.point('2999-12-31', null);
    const ministries = runtime.catalogue
      .ministriesAt(latest)
      .filter((m) => m.status === 'in-force')
      .map((m) => m.code)
      .sort();
    const entriesBefore = runtime.catalogue.platformsAt(latest).length;
    const content = importCsv(a.rows, ministries);
    if (a.csvOut) writeFileSync(a.csvOut, content);
    const actor: Actor = { sub: 'bench:import', name: 'Benchmark import', role: 'mic-admin', ministry: null };

    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const report = await runImport(runtime, app.get(CommandBus), {
      content,
      format: 'csv',
      fileName: 'bench.csv',
      actor,
      dryRun: false,
      ...(a.batched ? {} : { concurrency: 1, waitPerCommand: true }),
    });
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const entriesAfter = runtime.catalogue.platformsAt(runtime.catalogue.point('2999-12-31', null)).length;
    if (report.errors.length) throw new Error(`the generated file has errors: ${JSON.stringify(report.errors.slice(0, 3))}`);
    if (report.summary.failed || entriesAfter !== entriesBefore + a.rows) {
      const failed = report.steps.find((s) => s.status === 'failed');
      throw new Error(
        `${report.summary.failed} commands failed, ${entriesAfter - entriesBefore} of ${a.rows} entries visible: ${JSON.stringify(failed?.error)}`,
      );
    }
    return {
      rows: a.rows,
      entriesBefore,
      entriesAfter,
      ms,
      rowsPerSec: (a.rows / ms) * 1000,
      rowsPerCpuSec: (a.rows / cpuMs) * 1000,
      failed: report.summary.failed,
      invalid: report.summary.invalid,
    };
  } finally {
    await app.close();
  }
}

function copyDb(from: string, to: string): void {
  copyFileSync(from, to);
  for (const suffix of ['-wal', '-shm']) if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
}

const SIZES = {
  quick: { versions: 2, rows: 1000, controlRows: 100 },
  full: { versions: 10, rows: 10000, controlRows: 1000 },
};

/**
 * Builds its own synthetic logs (1k and 10k entries, few versions each: the import reads the
 * read models and the streams it writes to, not the entries' histories) and imports the same
 * generated rows into a fresh copy of each, batched and then as the control.
 */
export async function importScenario(mode: 'quick' | 'full', log: (msg: string) => void): Promise<Row[]> {
  const s = SIZES[mode];
  const workDir = mkdtempSync(join(tmpdir(), 'ndp-bench-import-'));
  const out: Row[] = [];
  try {
    for (const [label, entries] of [
      ['1k', 1000],
      ['10k', 10000],
    ] as const) {
      const base = join(workDir, `log-${label}`);
      mkdirSync(base, { recursive: true });
      log(`import: building a log of ${entries} entries × ${s.versions} versions`);
      const built = await runTask<{ eventsPath: string }>('build-dataset', { seed: SEED, entries, versions: s.versions, dir: base });
      await runTask('rebuild', { eventsPath: built.eventsPath, readModelsPath: join(base, 'read-models.db') });
      const measure = async (batched: boolean, rows: number) => {
        const dir = join(workDir, `import-${label}-${batched ? 'batched' : 'control'}`);
        mkdirSync(dir, { recursive: true });
        copyDb(built.eventsPath, join(dir, 'events.db'));
        copyDb(join(base, 'read-models.db'), join(dir, 'read-models.db'));
        log(`import @ ${label}: ${rows} rows, ${batched ? 'batched' : 'one command at a time (control)'}`);
        const r = await runTask<ImportTaskResult>('import', { dataDir: dir, rows, batched } satisfies ImportTaskArgs);
        rmSync(dir, { recursive: true, force: true });
        return r;
      };
      const value = await measure(true, s.rows);
      const control = await measure(false, s.controlRows);
      out.push(
        row(
          IMPORT_SCENARIO,
          `CSV rows/s into ${label} entries, ${s.rows} rows (control: one command at a time, ${s.controlRows} rows)`,
          'rows/s',
          value.rowsPerSec,
          control.rowsPerSec,
          'higher',
          {
            text: '≥ 1,000 rows/s',
            met: (v) => v >= 1000,
          },
        ),
        row(
          IMPORT_SCENARIO,
          `rows per CPU-second into ${label} entries (diagnostic: the same runs, CPU time of the importing process)`,
          'rows/s',
          value.rowsPerCpuSec,
          control.rowsPerCpuSec,
          'higher',
        ),
      );
      rmSync(base, { recursive: true, force: true });
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return out;
}
