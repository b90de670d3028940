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
import { detectFormat, ExportFormat } from './catalogue-file';
import { ExportCatalogueQuery } from './export-catalogue/export-catalogue.query';
import { formatReport, runImport } from './import-runner';

export const IMPORT_USAGE =
  'import FILE [--dry-run] [--format csv|json] [--as mic-admin|ministry-editor] [--ministry BTC] [--name "…"] [--effective-date YYYY-MM-DD] ' +
  '[--document-number "…" --issued-on YYYY-MM-DD [--signer "…"] [--issuer "…"] [--title "…"]] [--reason "…"] [--json]';
export const EXPORT_USAGE = 'export [--as-of YYYY-MM-DD] [--known-at DATE|INSTANT] [--format csv|json] [--ministry BTC] [--out FILE]';

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
  if (positionals.length !== 1) throw new Error(`usage: cli ${IMPORT_USAGE}`);
  const file = positionals[0];
  let content: string;
  try {
    // Invalid UTF-8 is refused, not read as U+FFFD replacement characters into the record.
    content = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
  } catch (e) {
    if (e instanceof TypeError) throw new Error(`${file} is not valid UTF-8 text: save it as UTF-8 (in Excel: "CSV UTF-8")`, { cause: e });
    throw e;
  }
  const format = (values.format ?? detectFormat(file, content)) as ExportFormat;
  if (format !== 'csv' && format !== 'json') throw new Error('--format must be csv or json');
  const role = (values.as ?? 'mic-admin') as Role;
  if (!ROLES.includes(role) || role === 'auditor') throw new Error('--as must be mic-admin or ministry-editor');
  if (role === 'ministry-editor' && !values.ministry) throw new Error('--ministry is required with --as ministry-editor');
  const effectiveDate = values['effective-date'];
  if (effectiveDate !== undefined && !isCalendarDate(effectiveDate)) throw new Error('--effective-date must be a date as YYYY-MM-DD');
  let legalBasis: LegalBasis | null = null;
  if (values['document-number'] || values['issued-on']) {
    if (!values['document-number'] || !values['issued-on'] || !isCalendarDate(values['issued-on']))
      throw new Error('a legal basis needs --document-number and --issued-on YYYY-MM-DD');
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
      onProgress: (done, total, step) => bar.update(done, total, `${step.action} ${'name' in step ? step.name : ''}`),
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
  if (!isCalendarDate(asOf)) throw new Error('--as-of must be a date as YYYY-MM-DD');
  const knownAt = values['known-at'] ? parseKnownAt(values['known-at']) : null;
  if (values['known-at'] && !knownAt) throw new Error('--known-at must be a date or an ISO 8601 instant with offset');
  const format = (values.format ?? (values.out && /\.json$/i.test(values.out) ? 'json' : 'csv')) as ExportFormat;
  if (format !== 'csv' && format !== 'json') throw new Error('--format must be csv or json');
  return withApp(config, async (app) => {
    const runtime = app.get(CatalogueRuntime);
    const file = await app
      .get(QueryBus)
      .execute(new ExportCatalogueQuery(runtime.catalogue.point(asOf, knownAt), format, { ministry: values.ministry?.toUpperCase() }));
    if (values.out) {
      writeFileSync(values.out, file.content);
      process.stderr.write(`wrote ${file.total} entries as of ${asOf} to ${values.out}\n`);
    } else process.stdout.write(file.content);
    return 0;
  });
}
