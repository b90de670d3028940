import { createHash, randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { Actor, LegalBasis, vietnamDateOf } from '@ndp/catalogue';
import { CatalogueRuntime } from '../infrastructure/catalogue-runtime';
import { CommandMetadata } from '../infrastructure/command-metadata';
import { toProblem } from '../http/problem';
import { amendPlatform, ENTRY_FIELDS, EntryFields, registerMinistry, registerPlatform, transferPlatform } from '@ndp/catalogue';
import { MinistryCommandMessage } from '../commands/ministry-command.handler';
import { PlatformCommandMessage } from '../commands/platform-command.handler';
import { ExportFormat, FileError, ImportRow, numberingOf, parseCatalogueFile, placeOf, RowError, RowNumbering } from './catalogue-file';
import { findDuplicateKey, isBlankText, MULTILINE_FIELDS, textProblem } from '../http/text-input';
import { CatalogueSnapshot, FieldChange, ImportStep, planImport } from './import-plan';

export interface ImportRequest {
  content: string;
  format: ExportFormat;
  /** Shown in the reason recorded with each change. */
  fileName: string;
  actor: Actor;
  dryRun: boolean;
  /** Default: today in Vietnam. */
  effectiveDate?: string;
  legalBasis?: LegalBasis | null;
  reason?: string | null;
  correlationId?: string;
  onProgress?: (done: number, total: number, step: ImportStep) => void;
  /**
   * Called once the plan is known and valid, before anything is recorded, with the number of
   * the file's rows: the HTTP import charges them to the caller's write rate limit here (and
   * throws a 429 to record nothing).
   */
  beforeRecording?: (rows: number) => Promise<void>;
  /** Commands in flight at once (default IMPORT_CONCURRENCY); 1 records the plan one step after another. */
  concurrency?: number;
  /**
   * Wait for the projections after every command, as an API request does (default: once, after
   * the last command). The benchmark's control sets it with concurrency 1.
   */
  waitPerCommand?: boolean;
}

/**
 * Where in the file: `row` for a CSV file (the spreadsheet row, header = row 1), `entry` for a
 * JSON file (1 = the array's first entry); null for a step no row asked for (a ministry).
 */
export type FilePlace = { row: number | null; entry?: never } | { entry: number | null; row?: never };

/** A problem with a row of the file (0: with the file as a whole). */
export type ReportedRowError = ({ row: number; entry?: never } | { entry: number; row?: never }) & { field: string; message: string };

export type StepReport = FilePlace & {
  action: ImportStep['action'];
  id: string | null;
  name: string;
  ownerMinistry: string | null;
  effectiveDate: string;
  changes?: FieldChange[];
  fromMinistry?: string;
  status: 'planned' | 'done' | 'replayed' | 'failed';
  error?: { status: number; code: string; detail: string };
};

export interface ImportReport {
  dryRun: boolean;
  format: ExportFormat;
  /** How rows are numbered below: `row` (CSV: spreadsheet rows, header = row 1) or `entry` (JSON: 1 = first). */
  numbering: RowNumbering;
  rows: number;
  summary: {
    registerMinistry: number;
    register: number;
    transfer: number;
    amend: number;
    unchanged: number;
    notInFile: number;
    invalid: number;
    failed: number;
  };
  steps: StepReport[];
  unchanged: Array<FilePlace & { id: string; name: string }>;
  errors: ReportedRowError[];
  notes: string[];
}

const FAR_FUTURE = '2999-12-31';

/** What the planner needs, read from the runtime's read models (no replay). */
export function snapshotOf(runtime: CatalogueRuntime): CatalogueSnapshot {
  const q = runtime.catalogue;
  const latest = q.point(FAR_FUTURE, null);
  return {
    entries: q.platformsAt(latest),
    ministries: new Map(q.ministriesAt(latest).map((m) => [m.code, { name: m.name, status: m.status }])),
    entryOn: (id, date) => {
      const found = q.platform(id, q.point(date, null));
      return found && 'view' in found ? found.view : null;
    },
    revision: (id) => q.revision(`platform-${id}`),
  };
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * Reads a catalogue file, plans, and (unless a dry run) records the plan as ordinary commands
 * on the command bus, several at a time (ministries before entries, the steps of one entry in
 * order): the same validation, authorisation, decisions and idempotency as the HTTP API. Each command's Idempotency-Key is derived from what it records,
 * so running the same import twice (or again after an interruption) records nothing twice.
 * Rows with invalid values stop the whole import before anything is recorded; a command the
 * domain refuses (e.g. a date before the entry's latest change) fails alone and is reported.
 */
export async function runImport(runtime: CatalogueRuntime, commands: CommandBus, req: ImportRequest): Promise<ImportReport> {
  if (req.content.includes('\uFFFD'))
    throw new FileError(
      'the file is not valid UTF-8: it holds U+FFFD replacement characters, where bytes could not be read as text (save it as UTF-8; in Excel: "CSV UTF-8")',
    );
  const duplicate = req.format === 'json' ? findDuplicateKey(req.content) : null;
  if (duplicate !== null) throw new FileError(`the file gives ${duplicate} twice in the same object`);
  const parsed = parseCatalogueFile(req.content.normalize('NFC'), req.format);
  parsed.errors.push(...unrecordableText(parsed.rows));
  parsed.errors.sort((a, b) => a.row - b.row);
  const effectiveDate = req.effectiveDate ?? vietnamDateOf(runtime.config.now());
  const plan = planImport(parsed, snapshotOf(runtime), { effectiveDate, actor: req.actor, hasLegalBasis: !!req.legalBasis });
  const place = (n: number | null) => placeOf(req.format, n as number) as FilePlace;
  const steps: StepReport[] = plan.steps.map((s) => ({ ...place(s.action === 'register-ministry' ? null : s.row), ...describe(s) }));
  const report: ImportReport = {
    dryRun: req.dryRun,
    format: req.format,
    numbering: numberingOf(req.format),
    rows: parsed.rows.length + new Set(parsed.errors.map((e) => e.row)).size,
    summary: {
      registerMinistry: plan.steps.filter((s) => s.action === 'register-ministry').length,
      register: plan.steps.filter((s) => s.action === 'register').length,
      transfer: plan.steps.filter((s) => s.action === 'transfer').length,
      amend: plan.steps.filter((s) => s.action === 'amend').length,
      unchanged: plan.unchanged.length,
      notInFile: plan.notInFile,
      invalid: new Set(plan.errors.map((e) => e.row)).size,
      failed: 0,
    },
    steps,
    unchanged: plan.unchanged.map(({ row, ...u }) => ({ ...place(row), ...u })),
    errors: plan.errors.map(({ row, ...e }) => ({ ...(placeOf(req.format, row) as FilePlace & { row?: number; entry?: number }), ...e }) as ReportedRowError),
    notes: plan.notes,
  };
  if (req.dryRun || plan.errors.length > 0) return report;
  await req.beforeRecording?.(report.rows);

  const correlationId = req.correlationId ?? randomUUID();
  const reason = req.reason ?? `Nhập danh mục từ tệp ${req.fileName}`;
  const meta = (step: ImportStep): CommandMetadata => {
    const hash = digest({ step: stripForKey(step), legalBasis: req.legalBasis ?? null, reason });
    return {
      actor: req.actor,
      legalBasis: req.legalBasis ?? null,
      reason,
      idempotency: { key: `import:${hash.slice(0, 40)}`, requestHash: hash },
      correlationId,
      commandId: randomUUID(),
    };
  };
  const revisions = new Map<string, number>();
  const revisionOf = (id: string) => revisions.get(id) ?? runtime.catalogue.revision(`platform-${id}`);
  const waitPerCommand = req.waitPerCommand ?? false;
  let done = 0;
  let lastPosition = 0;
  const record = async (i: number) => {
    const step = plan.steps[i];
    const out = steps[i];
    try {
      const result = await commands.execute(commandOf(step, meta(step), revisionOf, waitPerCommand));
      if (step.action !== 'register-ministry') revisions.set(result.id, result.revision);
      lastPosition = Math.max(lastPosition, result.position);
      out.id = result.id;
      out.status = result.replayed ? 'replayed' : 'done';
    } catch (e) {
      const p = toProblem(e);
      out.status = 'failed';
      out.error = { status: p.status, code: p.code, detail: p.detail };
      report.summary.failed++;
    }
    req.onProgress?.(++done, plan.steps.length, step);
  };
  // Ministries first, all of them recorded before any entry that may name one. Then the entries,
  // several commands in flight at once (the store's group commit puts their appends in one
  // transaction, one fsync); the steps of one entry (a transfer, then an amendment) stay in
  // order, each after the one before, as they decide on each other's revision.
  const ministries = plan.steps.flatMap((s, i) => (s.action === 'register-ministry' ? [i] : []));
  await inParallel(ministries, req.concurrency ?? IMPORT_CONCURRENCY, record);
  const byEntry = new Map<string, number[]>();
  plan.steps.forEach((s, i) => {
    if (s.action === 'register-ministry') return;
    const key = s.action === 'register' ? `row:${s.row}` : s.id;
    byEntry.set(key, [...(byEntry.get(key) ?? []), i]);
  });
  await inParallel([...byEntry.values()], req.concurrency ?? IMPORT_CONCURRENCY, async (chain) => {
    for (const i of chain) await record(i);
  });
  // Commands recorded without waiting for the projections: one wait for all of them, so that
  // what the caller reads next (the catalogue, an export) includes the whole import.
  if (lastPosition > 0)
    await runtime.projector.waitFor(lastPosition, IMPORT_PROJECTION_WAIT_MS).catch((e: unknown) => {
      // Everything is recorded; only the reading side lags (see /ready). Say so rather than lose the report.
      report.notes.push(`recorded, but the read models do not show it yet: ${e instanceof Error ? e.message : String(e)}`);
    });
  return report;
}

/** Commands in flight at once during an import: enough to fill a group commit, few enough to stay gentle on a shared store. */
export const IMPORT_CONCURRENCY = 64;
/** The projections may need a while to apply thousands of rows after the last command. */
const IMPORT_PROJECTION_WAIT_MS = 10 * 60 * 1000;

/** Runs `work` on every item, at most `limit` at a time, and resolves when all have finished. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** The command message that records one step of the plan. */
function commandOf(step: ImportStep, meta: CommandMetadata, revisionOf: (id: string) => number, waitPerCommand: boolean) {
  const m: CommandMetadata = waitPerCommand ? meta : { ...meta, projection: 'caller-waits' };
  switch (step.action) {
    case 'register-ministry':
      return new MinistryCommandMessage(registerMinistry, { code: step.code, name: step.name, effectiveDate: step.effectiveDate }, m);
    case 'register': {
      const e = step.entry;
      return new PlatformCommandMessage(
        registerPlatform,
        {
          platformId: randomUUID(),
          ...(Object.fromEntries(ENTRY_FIELDS.map((f) => [f, e[f]])) as unknown as EntryFields),
          effectiveDate: step.effectiveDate,
        },
        null,
        m,
      );
    }
    case 'transfer':
      return new PlatformCommandMessage(
        transferPlatform,
        { platformId: step.id, toMinistry: step.toMinistry, effectiveDate: step.effectiveDate },
        revisionOf(step.id),
        m,
      );
    case 'amend':
      return new PlatformCommandMessage(
        amendPlatform,
        { platformId: step.id, changes: step.changes, effectiveDate: step.effectiveDate },
        revisionOf(step.id),
        m,
      );
  }
}

/**
 * The cells of a file obey the same text rules as the fields of a request (http/text-input.ts):
 * no control characters (line breaks and tabs only in a description), no bidi overrides, no
 * lone surrogates, and a name that shows something.
 */
function unrecordableText(rows: ImportRow[]): RowError[] {
  const errors: RowError[] = [];
  for (const r of rows) {
    const cells: Array<[string, string | null | undefined]> = [
      ['code', r.code],
      ['name', r.name],
      ['ownerMinistryName', r.ownerMinistryName],
      ['description', r.description],
      ['operator', r.operator],
      ['contactName', r.contact?.name],
      ['contactEmail', r.contact?.email],
      ['contactPhone', r.contact?.phone],
      ['url', r.url],
      ...r.coMinistryNames.map((n): [string, string | null] => ['coMinistryNames', n]),
    ];
    for (const [field, value] of cells) {
      if (typeof value !== 'string') continue;
      const problem = textProblem(value, MULTILINE_FIELDS.has(field));
      if (problem) errors.push({ row: r.row, field, message: `${field} ${problem}` });
    }
    if (isBlankText(r.name)) errors.push({ row: r.row, field: 'name', message: 'name must not be blank (it shows nothing)' });
  }
  return errors;
}

/** The parts of a step that say what it records (row numbers left out: moving a row is no new change). */
function stripForKey(step: ImportStep): unknown {
  if (step.action === 'register') {
    const { row, ...entry } = step.entry;
    void row;
    return { action: step.action, effectiveDate: step.effectiveDate, entry };
  }
  if (step.action === 'amend') return { action: step.action, id: step.id, effectiveDate: step.effectiveDate, changes: step.changes };
  const { ...rest } = step as Record<string, unknown>;
  delete rest.row;
  return rest;
}

function describe(step: ImportStep): Omit<StepReport, 'row' | 'entry'> {
  switch (step.action) {
    case 'register-ministry':
      return { action: step.action, id: step.code, name: step.name, ownerMinistry: null, effectiveDate: step.effectiveDate, status: 'planned' };
    case 'register':
      return {
        action: step.action,
        id: null,
        name: step.name,
        ownerMinistry: step.ownerMinistry,
        effectiveDate: step.effectiveDate,
        status: 'planned',
      };
    case 'transfer':
      return {
        action: step.action,
        id: step.id,
        name: step.name,
        ownerMinistry: step.toMinistry,
        fromMinistry: step.fromMinistry,
        effectiveDate: step.effectiveDate,
        status: 'planned',
      };
    case 'amend':
      return {
        action: step.action,
        id: step.id,
        name: step.name,
        ownerMinistry: step.ownerMinistry,
        effectiveDate: step.effectiveDate,
        changes: step.fieldChanges,
        status: 'planned',
      };
  }
}
