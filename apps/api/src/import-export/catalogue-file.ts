import { parse as parseCsvSync } from 'csv-parse/sync';
import { stringify as stringifyCsvSync } from 'csv-stringify/sync';
import {
  DEPLOYMENT_STATUSES,
  DeploymentStatus,
  foldVietnamese,
  isCalendarDate,
  NDXP_STATUSES,
  NdxpStatus,
  PLATFORM_KINDS,
  PlatformKind,
} from '@ndp/catalogue';
import type { CatalogueView, PlatformView } from '@ndp/projections';

/**
 * The catalogue as a file: one row per entry, in CSV (UTF-8, header row, comma-separated,
 * RFC 4180 quoting) or JSON. docs/import-export.md describes it for the people who fill it in.
 */
export const FILE_FORMAT = 'ndp-catalogue/v1';

/** CSV columns, in the order exported. Import accepts them in any order; unknown columns are refused. */
export const CSV_COLUMNS = [
  'code',
  'name',
  'kind',
  'ownerMinistry',
  'ownerMinistryName',
  'coMinistries',
  'coMinistryNames',
  'description',
  'operator',
  'contactName',
  'contactEmail',
  'contactPhone',
  'url',
  'deploymentStatus',
  'ndxpStatus',
  'status',
  'registeredOn',
  'validFrom',
  'id',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Separator of several ministry codes (or names) in one CSV cell. */
export const LIST_SEPARATOR = ';';

export type ExportFormat = 'csv' | 'json';

/** The JSON file: the body of GET /v1/catalogue plus what identifies it as a file of this format. */
export interface CatalogueFileJson extends CatalogueView {
  format: typeof FILE_FORMAT;
  exportedAt: string;
}

/** One entry as read from a file, before it is checked against the store. */
export interface ImportRow {
  /** 1-based: the CSV line's data row number (header excluded), or the JSON array index + 1. */
  row: number;
  id: string | null;
  code: string | null;
  name: string;
  kind: PlatformKind;
  ownerMinistry: string;
  ownerMinistryName: string | null;
  coMinistries: string[];
  coMinistryNames: Array<string | null>;
  description: string | null;
  operator: string | null;
  contact: { name: string | null; email: string | null; phone: string | null } | null;
  url: string | null;
  deploymentStatus: DeploymentStatus;
  ndxpStatus: NdxpStatus;
  registeredOn: string | null;
  validFrom: string | null;
}

export interface RowError {
  row: number;
  field: string;
  message: string;
}

export interface ParsedFile {
  format: ExportFormat;
  /** The date the file describes, when it says (JSON `asOf`). */
  asOf: string | null;
  rows: ImportRow[];
  /** Ministries the file names: from entries, co-ministries and (JSON) `byMinistry`. */
  ministries: Map<string, string | null>;
  errors: RowError[];
}

// ---------------------------------------------------------------- export

function csvRecord(p: PlatformView, names: ReadonlyMap<string, string>): Record<CsvColumn, string> {
  return {
    code: p.code ?? '',
    name: p.name,
    kind: p.kind,
    ownerMinistry: p.ownerMinistry,
    ownerMinistryName: p.ownerMinistryName ?? '',
    coMinistries: p.coMinistries.join(LIST_SEPARATOR),
    coMinistryNames: p.coMinistries.map((c) => names.get(c) ?? '').join(LIST_SEPARATOR),
    description: p.description ?? '',
    operator: p.operator ?? '',
    contactName: p.contact?.name ?? '',
    contactEmail: p.contact?.email ?? '',
    contactPhone: p.contact?.phone ?? '',
    url: p.url ?? '',
    deploymentStatus: p.deploymentStatus,
    ndxpStatus: p.ndxpStatus,
    status: p.status,
    registeredOn: p.registeredOn,
    validFrom: p.validFrom,
    id: p.id,
  };
}

/**
 * CSV injection (OWASP): a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return as a formula. Such a cell is written with a leading `'`, which the
 * spreadsheet shows as text. Reversibly: a cell that is already `'`s followed by one of those
 * gets one more `'`, and the import (readCsvCell) takes exactly one away, so export → import
 * gives back the original text, whatever it was.
 */
const FORMULA_CELL = /^'*[=+\-@\t\r]/;
export const neutraliseCsvCell = (value: string): string => (FORMULA_CELL.test(value) ? `'${value}` : value);
export const readCsvCell = (value: string): string => (/^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

/**
 * CSV of a catalogue view. Starts with a UTF-8 byte order mark so that Excel opens the
 * Vietnamese text correctly; importers (ours included) skip it.
 */
export function catalogueToCsv(view: CatalogueView, ministryNames: ReadonlyMap<string, string>, options: { bom?: boolean } = {}): string {
  const neutralised = (r: Record<CsvColumn, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, neutraliseCsvCell(v)]));
  const body = stringifyCsvSync(
    view.platforms.map((p) => neutralised(csvRecord(p, ministryNames))),
    { header: true, columns: [...CSV_COLUMNS], record_delimiter: '\r\n' },
  );
  return (options.bom === false ? '' : '\uFEFF') + (view.platforms.length ? body : CSV_COLUMNS.join(',') + '\r\n');
}

export function catalogueToJson(view: CatalogueView, exportedAt: Date): string {
  const file: CatalogueFileJson = { format: FILE_FORMAT, exportedAt: exportedAt.toISOString(), ...view };
  return JSON.stringify(file, null, 2) + '\n';
}

export function exportFileName(asOf: string, format: ExportFormat): string {
  return `danh-muc-nen-tang-so-${asOf}.${format}`;
}

// ---------------------------------------------------------------- import

/** Values a person may write instead of the codes: the Vietnamese words (accents optional). */
const KIND_WORDS: Record<string, PlatformKind> = {
  'nen tang': 'platform',
  'nen tang so': 'platform',
  'he thong thong tin': 'information-system',
  'he thong': 'information-system',
  'ung dung': 'application',
  'co so du lieu': 'database',
  'kho du lieu': 'database',
  cong: 'portal',
  'cong thong tin': 'portal',
};
const DEPLOYMENT_WORDS: Record<string, DeploymentStatus> = { 'thi diem': 'pilot', 'van hanh chinh thuc': 'operational', 'van hanh': 'operational' };
const NDXP_WORDS: Record<string, NdxpStatus> = { 'chua ket noi': 'not-connected', 'dang ket noi': 'connecting', 'da ket noi': 'connected' };

function enumValue<T extends string>(raw: string, allowed: readonly T[], words: Record<string, T>): T | null {
  const v = raw.trim();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  return words[foldVietnamese(v).replace(/\s+/g, ' ')] ?? null;
}

const MINISTRY_CODE = /^[A-Z][A-Z0-9-]{1,19}$/;
const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_RE = /^\+?[0-9 ().-]{6,30}$/;
const LIMITS: Partial<Record<CsvColumn, number>> = { name: 300, description: 5000, operator: 500, contactName: 200, contactEmail: 200, url: 2000 };

/** Splits a list cell ("BQP; BCA") or passes an array through. */
function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v ?? '').trim());
  const s = text(value);
  return s ? s.split(LIST_SEPARATOR).map((x) => x.trim()) : [];
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).trim();
}

/** Checks one flat record and turns it into an import row; problems go to `errors`. */
export function readRecord(record: Record<string, unknown>, row: number, errors: RowError[]): ImportRow | null {
  const before = errors.length;
  const fail = (field: string, message: string) => errors.push({ row, field, message });
  const get = (c: CsvColumn) => text(record[c]);
  const opt = (c: CsvColumn) => {
    const v = get(c);
    const max = LIMITS[c];
    if (max && v.length > max) fail(c, `${c} is longer than ${max} characters`);
    return v === '' ? null : v;
  };

  const name = get('name');
  if (!name) fail('name', 'name is required');
  else if (name.length > 300) fail('name', 'name is longer than 300 characters');
  const kind = enumValue(get('kind'), PLATFORM_KINDS, KIND_WORDS);
  if (!kind) fail('kind', `kind must be one of ${PLATFORM_KINDS.join(', ')} (or nền tảng, hệ thống thông tin, ứng dụng, cơ sở dữ liệu, cổng)`);
  const ownerMinistry = get('ownerMinistry').toUpperCase();
  if (!MINISTRY_CODE.test(ownerMinistry)) fail('ownerMinistry', 'ownerMinistry must be a ministry code such as BTC');
  const deploymentStatus = enumValue(get('deploymentStatus') || 'operational', DEPLOYMENT_STATUSES, DEPLOYMENT_WORDS);
  if (!deploymentStatus) fail('deploymentStatus', 'deploymentStatus must be pilot or operational (or thí điểm, vận hành chính thức)');
  const ndxpStatus = enumValue(get('ndxpStatus') || 'not-connected', NDXP_STATUSES, NDXP_WORDS);
  if (!ndxpStatus) fail('ndxpStatus', `ndxpStatus must be one of ${NDXP_STATUSES.join(', ')}`);
  const status = get('status');
  if (status && status !== 'in-force')
    fail('status', `only entries in force are imported (status '${status}'); withdraw an entry with POST /v1/platforms/{id}/withdraw and its legal basis`);
  const code = opt('code');
  if (code && !CODE_RE.test(code)) fail('code', 'code must be 1–64 letters, digits, dots, dashes or underscores');
  const coMinistries = list(record.coMinistries).map((c) => c.toUpperCase()).filter(Boolean);
  for (const c of coMinistries) if (!MINISTRY_CODE.test(c)) fail('coMinistries', `'${c}' is not a ministry code`);
  if (new Set(coMinistries).size !== coMinistries.length) fail('coMinistries', 'a co-operating ministry is named twice');
  if (coMinistries.includes(ownerMinistry)) fail('coMinistries', 'the owning ministry cannot also co-operate');
  const coNames = list(record.coMinistryNames);
  if (coNames.length && coNames.length !== coMinistries.length) fail('coMinistryNames', 'coMinistryNames must name each of coMinistries, in the same order');
  const email = opt('contactEmail');
  if (email && !EMAIL_RE.test(email)) fail('contactEmail', 'contactEmail must be an e-mail address');
  const phone = opt('contactPhone');
  if (phone && !PHONE_RE.test(phone)) fail('contactPhone', 'contactPhone must be a phone number');
  const url = opt('url');
  if (url && !/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(url)) fail('url', 'url must be an http(s) URL');
  const date = (c: 'registeredOn' | 'validFrom') => {
    const v = get(c);
    if (v && !isCalendarDate(v)) fail(c, `${c} must be a date as YYYY-MM-DD`);
    return v || null;
  };
  const registeredOn = date('registeredOn');
  const validFrom = date('validFrom');
  const contactName = opt('contactName');
  const contact = contactName || email || phone ? { name: contactName, email, phone } : null;
  const id = opt('id');
  const out: ImportRow = {
    row,
    id,
    code,
    name,
    kind: kind!,
    ownerMinistry,
    ownerMinistryName: opt('ownerMinistryName'),
    coMinistries,
    coMinistryNames: coMinistries.map((_, i) => coNames[i] || null),
    description: opt('description'),
    operator: opt('operator'),
    contact,
    url,
    deploymentStatus: deploymentStatus!,
    ndxpStatus: ndxpStatus!,
    registeredOn,
    validFrom,
  };
  return errors.length === before ? out : null;
}

/** Flattens an entry of the JSON format (the shape of GET /v1/catalogue) into CSV columns. */
function flattenJsonEntry(p: Record<string, unknown>): Record<string, unknown> {
  const { contact, ...rest } = p;
  const c = (contact ?? null) as { name?: unknown; email?: unknown; phone?: unknown } | null;
  return { ...rest, contactName: c?.name ?? null, contactEmail: c?.email ?? null, contactPhone: c?.phone ?? null };
}

const JSON_ENTRY_KEYS = new Set<string>([...CSV_COLUMNS, 'contact']);
/** Read-only keys of GET /v1/catalogue entries that the import ignores. */
const JSON_IGNORED_KEYS = new Set(['revision', 'asOf', 'knownAt']);

export function parseCatalogueFile(content: string, format: ExportFormat): ParsedFile {
  const errors: RowError[] = [];
  const ministries = new Map<string, string | null>();
  const rows: ImportRow[] = [];
  let records: Array<Record<string, unknown>> = [];
  let asOf: string | null = null;

  if (format === 'csv') {
    try {
      records = parseCsvSync(content, {
        bom: true,
        columns: (header: string[]) => {
          const names = header.map((h) => h.trim());
          const twice = names.filter((h, i) => h !== '' && names.indexOf(h) !== i);
          if (twice.length) throw new FileError(`the header row names column${twice.length > 1 ? 's' : ''} ${[...new Set(twice)].map((h) => `'${h}'`).join(', ')} twice`);
          const unknown = names.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
          if (unknown.length) throw new FileError(`unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (known: ${CSV_COLUMNS.join(', ')})`);
          for (const required of ['name', 'kind', 'ownerMinistry'])
            if (!names.includes(required)) throw new FileError(`the header row has no '${required}' column`);
          return names;
        },
        skip_empty_lines: true,
        trim: true,
        relax_column_count: false,
      }) as Array<Record<string, unknown>>;
      // Cells the export neutralised against CSV injection read back as they were.
      records = records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? readCsvCell(v) : v])));
    } catch (e) {
      if (e instanceof FileError) throw e;
      throw new FileError(`not a readable CSV file: ${e instanceof Error ? e.message : e}`);
    }
  } else {
    let json: unknown;
    try {
      json = JSON.parse(content.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new FileError(`not a readable JSON file: ${e instanceof Error ? e.message : e}`);
    }
    const list = Array.isArray(json) ? json : json && typeof json === 'object' ? (json as Record<string, unknown>).platforms : undefined;
    if (!Array.isArray(list)) throw new FileError('a JSON file must be an array of entries or an object with a "platforms" array');
    if (!Array.isArray(json)) {
      const obj = json as Record<string, unknown>;
      if (obj.format !== undefined && obj.format !== FILE_FORMAT) throw new FileError(`unknown format '${String(obj.format)}'; expected ${FILE_FORMAT}`);
      if (typeof obj.asOf === 'string' && isCalendarDate(obj.asOf)) asOf = obj.asOf;
      const declared = obj.byMinistry ?? obj.ministries;
      if (declared !== undefined) {
        if (!Array.isArray(declared)) throw new FileError('"byMinistry" must be an array of { code, name }');
        for (const m of declared as Array<Record<string, unknown>>) {
          const code = text(m?.code).toUpperCase();
          if (!MINISTRY_CODE.test(code)) throw new FileError(`"byMinistry" has '${text(m?.code)}', which is not a ministry code`);
          ministries.set(code, text(m?.name) || null);
        }
      }
    }
    list.forEach((item, i) => {
      if (!item || typeof item !== 'object' || Array.isArray(item)) {
        errors.push({ row: i + 1, field: 'entry', message: 'each entry must be an object' });
        return;
      }
      const unknown = Object.keys(item).filter((k) => !JSON_ENTRY_KEYS.has(k) && !JSON_IGNORED_KEYS.has(k) && k !== 'contactName' && k !== 'contactEmail' && k !== 'contactPhone');
      if (unknown.length) errors.push({ row: i + 1, field: unknown[0], message: `unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}` });
      records.push(flattenJsonEntry(item as Record<string, unknown>));
    });
  }

  records.forEach((record, i) => {
    const row = readRecord(record, i + 1, errors);
    if (!row) return;
    rows.push(row);
    const note = (code: string, name: string | null) => {
      if (name && ministries.get(code) && ministries.get(code) !== name)
        errors.push({ row: row.row, field: 'ownerMinistryName', message: `ministry ${code} is named both '${ministries.get(code)}' and '${name}' in this file` });
      if (!ministries.get(code)) ministries.set(code, name);
    };
    note(row.ownerMinistry, row.ownerMinistryName);
    row.coMinistries.forEach((c, k) => note(c, row.coMinistryNames[k]));
  });
  return { format, asOf, rows, ministries, errors };
}

/** The file itself cannot be read (as opposed to a row with a bad value). */
export class FileError extends Error {}

export function detectFormat(fileName: string, content: string): ExportFormat {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return /^\s*[[{]/.test(content.replace(/^\uFEFF/, '')) ? 'json' : 'csv';
}
