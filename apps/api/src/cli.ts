/**
 * Operator commands on the same modules as the service:
 *   token   --role mic-admin|ministry-editor|auditor [--ministry BTC] [--sub id] [--name "…"] [--hours 8]
 *   seed    load the seed article's catalogue into an empty store
 *   rebuild drop every read model and replay the log from position zero (service stopped)
 *   migrate --to esdb://host:2113?tls=false | postgres://user:pw@host/db   copy the embedded log into EventStoreDB or PostgreSQL, then verify
 *   import  FILE [--dry-run] [--as mic-admin] …   a catalogue file (CSV or JSON) as commands (service stopped; docs/import-export.md)
 *   export  [--as-of DATE] [--format csv|json] [--out FILE]   the catalogue as of a date as a file
 *   verify  [--head position:hash]…   check the log's hash chain (read-only; exit 2 if it is broken)
 *   export-log --out FILE [--after N]   the log as JSON Lines with prevHash/hash, for auditors
 *   verify-file FILE [--head position:hash]… [--from position:hash] [--head-file head.json --public-key key.pem]
 *           check an exported log offline (audit/integrity/integrity-cli.ts)
 *   backup  --out FILE   online copy of the log plus FILE.head.json (read-only; operations/backup-restore.ts)
 *   restore FILE [--head position:hash]   into an empty DATA_DIR: verify, copy, rebuild read models
 *
 * Every command speaks Vietnamese when LC_ALL / LC_MESSAGES / LANG starts with `vi`, or with
 * `--lang vi`; `--lang en` forces English (cli-messages.ts holds every sentence).
 *
 * Commands that write (seed, rebuild, import, migrate, restore) take the DATA_DIR writer lock
 * (infrastructure/data-dir-lock.ts) and stop at once, naming the holder, if a service or
 * another command holds it. export, verify, export-log and backup only read.
 */
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EsdbEventStore, migrateLog, PostgresEventStore, SqliteEventStore, verifyMigration } from '@ndp/event-store';
import { mintToken } from '@ndp/auth';
import { ROLES, Role } from '@ndp/catalogue';
import { AppModule } from './app.module';
import { loadConfig } from './config/app-config';
import { CatalogueRuntime } from './infrastructure/catalogue-runtime';
import { SeedService } from './seed/seed.service';
import { exportCli, importCli } from './import-export/cli-commands';
import { INTEGRITY_COMMANDS, runIntegrityCommand } from './audit/integrity/integrity-cli';
import { acquireDataDirLock, DataDirLockedError } from './infrastructure/data-dir-lock';
import { backupCli, restoreCli } from './operations/backup-restore';
import { cliLanguageOf, errorText, msg, setCliLanguage } from './cli-messages';

/** Commands that write to DATA_DIR: one at a time, and never beside a running service. */
const WRITING_COMMANDS = ['seed', 'rebuild', 'import', 'migrate', 'restore'];

async function main(argv: string[]): Promise<void> {
  const { lang, args } = cliLanguageOf(argv, process.env);
  setCliLanguage(lang);
  const [command, ...rest] = args;
  // What the modules say (projections rebuilding, …) goes to stderr: stdout may carry a file or JSON.
  const say = (level: string) => (message: unknown, context?: unknown) =>
    process.stderr.write(`${level}${context ? ` [${context}]` : ''}: ${String(message)}\n`);
  const info = say('info');
  Logger.overrideLogger({ log: (m: unknown, c?: unknown) => c === 'projections' && info(m, c), warn: say('warn'), error: say('error') });
  // Offline: needs no configuration, creates no file (no DATA_DIR, no secrets).
  if (command === 'verify-file') {
    process.exitCode = await runIntegrityCommand(command, rest, null);
    return;
  }
  // Operator commands never relay to Kafka themselves: the service's relay picks their events up from the log.
  const config = loadConfig(process.env, { seed: false, kafka: null, readOnly: command === 'export' });
  // Taken before anything opens a store; released when the process ends (however it ends).
  if (WRITING_COMMANDS.includes(command)) acquireDataDirLock(config.dataDir, command);
  if (command === 'backup' || command === 'restore') {
    process.exitCode = command === 'backup' ? await backupCli(rest, config) : await restoreCli(rest, config);
    return;
  }
  if (command === 'token') {
    const { values } = parseArgs({
      args: rest,
      options: { role: { type: 'string' }, ministry: { type: 'string' }, sub: { type: 'string' }, name: { type: 'string' }, hours: { type: 'string' } },
    });
    const role = values.role as Role;
    if (!ROLES.includes(role)) throw new Error(msg('option.role', ROLES.join(', ')));
    if (role === 'ministry-editor' && !values.ministry) throw new Error(msg('option.ministryForEditor'));
    const sub = values.sub ?? `dev:${role}${values.ministry ? ':' + values.ministry : ''}`;
    const hours = Number(values.hours ?? 8);
    process.stdout.write(mintToken({ sub, name: values.name ?? sub, role, ministry: values.ministry, expiresIn: Math.round(hours * 3600) }, config.jwt) + '\n');
    return;
  }
  if (command === 'seed' || command === 'rebuild') {
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
    try {
      const runtime = app.get(CatalogueRuntime);
      if (command === 'seed') {
        const seeded = await app.get(SeedService).seedIfEmpty();
        console.log(seeded ? msg('seed.done') : msg('seed.notEmpty'));
      } else {
        await runtime.projector.stop();
        const started = performance.now();
        let reported = started;
        const { events, position } = await runtime.projector.rebuild(5000, (at) => {
          if (performance.now() - reported < 2000) return;
          reported = performance.now();
          process.stderr.write(`${msg('rebuild.progress', at)}\n`);
        });
        console.log(msg('rebuild.done', events, position, Math.round(performance.now() - started)));
      }
    } finally {
      await app.close();
    }
    return;
  }
  if (command === 'export') await bringReadModelsUpToDate(config);
  if (command === 'import' || command === 'export') {
    process.exitCode = command === 'import' ? await importCli(rest, config) : await exportCli(rest, config);
    return;
  }
  if (command === 'migrate') {
    await migrateToEventStoreDb(rest, config.dataDir);
    return;
  }
  if (INTEGRITY_COMMANDS.includes(command)) {
    process.exitCode = await runIntegrityCommand(command, rest, config);
    return;
  }
  throw new Error(
    `${msg('usage.main')}\n  cli ${msg('usage.import')}\n  cli ${msg('usage.export')}\n  cli ${msg('usage.backup')}\n  cli ${msg('usage.restore')}`,
  );
}

main(process.argv.slice(2)).catch((e) => {
  console.error(errorText(e));
  process.exit(1);
});

/** Copies DATA_DIR/events.db into EventStoreDB or PostgreSQL (resumable), then compares counts and digests. */
async function migrateToEventStoreDb(args: string[], dataDir: string): Promise<void> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' }, 'batch-size': { type: 'string' } } });
  const to = values.to ?? process.env.DATABASE_URL ?? process.env.EVENTSTORE_CONNECTION_STRING;
  if (!to) throw new Error(msg('option.migrateTo'));
  const source = new SqliteEventStore({ path: join(dataDir, 'events.db') });
  // PostgreSQL keeps the positions, so its chain is the embedded log's, hash for hash (checked while copying).
  const target = /^postgres(ql)?:\/\//.test(to)
    ? await PostgresEventStore.open({ connectionString: to, schema: process.env.DATABASE_SCHEMA || 'public', listen: false })
    : new EsdbEventStore({ connectionString: to, indexPath: join(dataDir, 'esdb-positions.db') });
  try {
    const bar = (done: number, total: number) => {
      const width = 40;
      const filled = total ? Math.round((done / total) * width) : width;
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${msg('migrate.progress', done, total)}`);
    };
    const result = await migrateLog(source, target, { batchSize: Number(values['batch-size'] ?? 500), onProgress: (p) => bar(p.copied, p.total) });
    process.stderr.write('\n');
    console.log(msg('migrate.copied', result.copied, result.alreadyThere, result.total));
    if (target instanceof PostgresEventStore) {
      // Idempotency keys are permanent: a request retried after the move is still recognised.
      const keys = source.database.prepare('SELECT key, request_hash AS requestHash, outcome FROM idempotency').all() as Array<{
        key: string;
        requestHash: string;
        outcome: string;
      }>;
      let added = 0;
      for (let i = 0; i < keys.length; i += 1000)
        added += await target.importIdempotency(keys.slice(i, i + 1000).map((k) => ({ ...k, outcome: JSON.parse(k.outcome) })));
      console.log(msg('migrate.keys', added, keys.length - added));
    }
    const check = await verifyMigration(source, target);
    console.log(JSON.stringify(check));
    if (!check.ok) throw new Error(msg('migrate.failed', check.firstMismatch ? String(check.firstMismatch) : ''));
  } finally {
    await source.close();
    await target.close();
  }
}

/**
 * export with no service running: it is the writer, so it first brings the read models up to
 * the log's head (rebuilding them if they are missing or damaged) and keeps the lock for the
 * export itself. Beside a running service it reads that service's read models instead.
 */
async function bringReadModelsUpToDate(config: ReturnType<typeof loadConfig>): Promise<void> {
  try {
    acquireDataDirLock(config.dataDir, 'export');
  } catch (e) {
    if (e instanceof DataDirLockedError) return;
    throw e;
  }
  const runtime = new CatalogueRuntime(config);
  try {
    runtime.start();
    await runtime.projector.waitFor(await runtime.store.headPosition(), 24 * 3600 * 1000);
  } finally {
    await runtime.close();
  }
}
