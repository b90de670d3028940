/**
 * `cli import FILE …` and `cli export …`: the catalogue in and out as files, on the same
 * modules as the service (run them with the service stopped: two processes must not both
 * project into one read-model database; on a running service use POST /v1/catalogue/import
 * and GET /v1/catalogue/export).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Actor, isCalendarDate, LegalBasis, parseKnownAt, ROLES, Role, vietnamDateOf } from '@ndp/catalogue';
import { AppModule } from '../app.module';
import { AppConfig } from '../config/app-config';
import { CatalogueRuntime } from '../infrastructure/catalogue-runtime';
import { detectFormat, ExportFormat, FileError } from './catalogue-file';
import { ExportCatalogueQuery } from './export-catalogue/export-catalogue.query';
import { ImportReport, runImport } from './import-runner';
import { cliLanguage, fileMessage, msg, problemText, usage } from '../cli-messages';

/** A text progress bar on stderr: "[##########..........] 12/40 register BTC …". */
export function progressBar(out: NodeJS.WritableStream = process.stderr, width = 30) {
  let last = '';
  return {
    update(done: number, total: number, label = '') {
      const filled = total ? Math.round((done / total) * width) : width;
      const pct = total ? Math.round((done / total) * 100) : 100;
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${done}/${total} ${label}`.slice(0, 110);
      out.write(`\r${line.padEnd(last.length)}`);
      last = line;
    },
    end() {
      if (last) out.write('\n');
    },
  };
}

async function withApp<T>(config: AppConfig, fn: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

export async function importCli(args: string[], config: AppConfig): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean' },
      format: { type: 'string' },
      as: { type: 'string' },
      ministry: { type: 'string' },
      name: { type: 'string' },
      sub: { type: 'string' },
      'effective-date': { type: 'string' },
      'document-number': { type: 'string' },
      'issued-on': { type: 'string' },
      signer: { type: 'string' },
      issuer: { type: 'string' },
      title: { type: 'string' },
      reason: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new Error(usage('usage.import'));
  const file = positionals[0];
  let content: string;
  try {
    // Invalid UTF-8 is refused, not read as U+FFFD replacement characters into the record.
    content = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
  } catch (e) {
    if (e instanceof TypeError) throw new Error(msg('file.notUtf8', file), { cause: e });
    throw e;
  }
  const format = (values.format ?? detectFormat(file, content)) as ExportFormat;
  if (format !== 'csv' && format !== 'json') throw new Error(msg('option.format'));
  const role = (values.as ?? 'mic-admin') as Role;
  if (!ROLES.includes(role) || role === 'auditor') throw new Error(msg('option.importAs'));
  if (role === 'ministry-editor' && !values.ministry) throw new Error(msg('option.ministryForEditor'));
  const effectiveDate = values['effective-date'];
  if (effectiveDate !== undefined && !isCalendarDate(effectiveDate)) throw new Error(msg('option.date', '--effective-date'));
  let legalBasis: LegalBasis | null = null;
  if (values['document-number'] || values['issued-on']) {
    if (!values['document-number'] || !values['issued-on'] || !isCalendarDate(values['issued-on'])) throw new Error(msg('option.legalBasis'));
    legalBasis = {
      documentNumber: values['document-number'],
      issuedOn: values['issued-on'],
      ...(values.issuer ? { issuer: values.issuer } : {}),
      ...(values.signer ? { signer: values.signer } : {}),
      ...(values.title ? { title: values.title } : {}),
    };
  }
  const ministry = values.ministry?.toUpperCase() ?? null;
  const actor: Actor = {
    sub: values.sub ?? `cli:import:${role}${ministry ? ':' + ministry : ''}`,
    // The actor's name is recorded in the log: the same words whatever language the operator reads.
    name: values.name ?? 'Nhập danh mục (dòng lệnh)',
    role,
    ministry: role === 'ministry-editor' ? ministry : null,
  };
  return withApp(config, async (app) => {
    const bar = progressBar();
    const report = await runImport(app.get(CatalogueRuntime), app.get(CommandBus), {
      content,
      format,
      fileName: basename(file),
      actor,
      dryRun: !!values['dry-run'],
      effectiveDate,
      legalBasis,
      reason: values.reason ?? null,
      onProgress: (done, total, step) => bar.update(done, total, `${msg(`import.progress.${step.action}`)} ${'name' in step ? step.name : ''}`),
    }).catch((e: unknown) => {
      if (e instanceof FileError && cliLanguage() === 'vi') throw new Error(msg('file.unreadable', fileMessage(e.message)), { cause: e });
      throw e;
    });
    bar.end();
    process.stdout.write((values.json ? JSON.stringify(report, null, 2) : formatReport(report)) + '\n');
    return report.errors.length > 0 || report.summary.failed > 0 ? 1 : 0;
  });
}

export async function exportCli(args: string[], config: AppConfig): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { 'as-of': { type: 'string' }, 'known-at': { type: 'string' }, format: { type: 'string' }, ministry: { type: 'string' }, out: { type: 'string' } },
  });
  const asOf = values['as-of'] ?? vietnamDateOf(config.now());
  if (!isCalendarDate(asOf)) throw new Error(msg('option.date', '--as-of'));
  const knownAt = values['known-at'] ? parseKnownAt(values['known-at']) : null;
  if (values['known-at'] && !knownAt) throw new Error(msg('option.knownAt'));
  const format = (values.format ?? (values.out && /\.json$/i.test(values.out) ? 'json' : 'csv')) as ExportFormat;
  if (format !== 'csv' && format !== 'json') throw new Error(msg('option.format'));
  return withApp(config, async (app) => {
    const runtime = app.get(CatalogueRuntime);
    const file = await app
      .get(QueryBus)
      .execute(new ExportCatalogueQuery(runtime.catalogue.point(asOf, knownAt), format, { ministry: values.ministry?.toUpperCase() }));
    if (values.out) {
      writeFileSync(values.out, file.content);
      process.stderr.write(`${msg('export.wrote', file.total, asOf, values.out)}\n`);
    } else process.stdout.write(file.content);
    return 0;
  });
}

/** A plain-text account of a report, for the CLI, in the run's language (codes and values as recorded). */
export function formatReport(r: ImportReport): string {
  const lines: string[] = [];
  const show = (v: unknown) => (v === null || v === undefined ? '∅' : JSON.stringify(v));
  const place = (p: { row?: number | null; entry?: number | null }) =>
    p.row ? msg('import.row', p.row) : p.entry ? msg('import.entry', p.entry) : p.row === 0 || p.entry === 0 ? msg('import.wholeFile') : null;
  for (const s of r.steps) {
    const at = place(s);
    const where = at ? `${at}: ` : '';
    // A step is only 'planned' when nothing was recorded (a dry run, or a file with errors).
    const state =
      s.status === 'planned'
        ? ''
        : s.status === 'failed'
          ? `  ✗ ${s.error?.status} ${s.error?.code}: ${s.error ? problemText(s.error) : ''}`
          : s.status === 'replayed'
            ? `  ${msg('import.replayed')}`
            : '  ✓';
    const owner = s.action === 'transfer' ? `${s.fromMinistry} → ${s.ownerMinistry}` : (s.ownerMinistry ?? s.id ?? '');
    lines.push(`${msg(`import.step.${s.action}`)}  ${where}[${owner}] ${s.name} (${msg('import.effective', s.effectiveDate)})${state}`);
    for (const c of s.changes ?? []) lines.push(`      ${c.field}: ${show(c.before)} → ${show(c.after)}`);
  }
  for (const n of r.notes) lines.push(`! ${fileMessage(n)}`);
  for (const e of r.errors) lines.push(`✗ ${place(e)}, ${e.field}: ${fileMessage(e.message)}`);
  const s = r.summary;
  const outcome = r.dryRun ? msg('import.dryRun') : r.errors.length ? msg('import.refused') : msg('import.done');
  lines.push(
    `${outcome}: ${msg('import.summary', r.rows, s.registerMinistry, s.register, s.amend, s.transfer, s.unchanged, s.notInFile, s.invalid)}` +
      (r.dryRun ? '' : msg('import.failed', s.failed)),
  );
  return lines.join('\n');
}
