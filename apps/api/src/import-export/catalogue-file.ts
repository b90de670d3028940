import { parse as parseCsvSync } from 'csv-parse/sync';
import { stringify as stringifyCsvSync } from 'csv-stringify/sync';
import {
  CONTACT_LIMITS,
  ENTRY_FIELDS,
  EntryField,
  EntryFields,
  FieldDef,
  fieldDef,
  foldVietnamese,
  isCalendarDate,
  MINISTRY_CODE_PATTERN,
  PLATFORM_FIELDS,
} from '@ndp/catalogue';
import type { CatalogueView, PlatformView } from '@ndp/projections';

/**
 * The catalogue as a file: one row per entry, in CSV (UTF-8, header row, comma-separated,
 * RFC 4180 quoting) or JSON. docs/import-export.md describes it for the people who fill it in.
 */
export const FILE_FORMAT = 'ndp-catalogue/v1';

/**
 * CSV columns, in the order exported: each entry field's columns as the field model names them,
 * then the entry's status, dates and id. Import accepts them in any order; unknown columns are refused.
 */
export const CSV_COLUMNS: readonly string[] = [...ENTRY_FIELDS.flatMap((f) => fieldDef(f).csv ?? [f]), 'status', 'registeredOn', 'validFrom', 'id'];
export type CsvColumn = string;

/** Separator of several ministry codes (or names) in one CSV cell. */
export const LIST_SEPARATOR = ';';

export type ExportFormat = 'csv' | 'json';

/** The JSON file: the body of GET /v1/catalogue plus what identifies it as a file of this format. */
export interface CatalogueFileJson extends CatalogueView {
  format: typeof FILE_FORMAT;
  exportedAt: string;
}

/** One entry as read from a file, before it is checked against the store. */
export type ImportRow = EntryFields & {
  /**
   * Where the row is in its file, as the people who fill it in count: CSV, the spreadsheet row
   * (header = row 1, so the first entry is row 2; see spreadsheetRow); JSON, the entry's place
   * in the array (1 = first). The reports say which (`row` or `entry`: see placeOf).
   */
  row: number;
  id: string | null;
  /** The ministry names the file gives beside the codes (checked against the catalogue's). */
  ownerMinistryName: string | null;
  coMinistryNames: Array<string | null>;
  registeredOn: string | null;
  validFrom: string | null;
};

export interface RowError {
  /** ImportRow.row of the row at fault; 0 for the file as a whole. */
  row: number;
  field: string;
  message: string;
}

/** How a file numbers its rows in reports: spreadsheet rows (CSV) or entries of the array (JSON). */
export type RowNumbering = 'row' | 'entry';
export const numberingOf = (format: ExportFormat): RowNumbering => (format === 'csv' ? 'row' : 'entry');

/** `{ row: 2 }` for a CSV file, `{ entry: 1 }` for a JSON file: a report field that says which count it is. */
export function placeOf(format: ExportFormat, n: number): { row: number } | { entry: number } {
  return format === 'csv' ? { row: n } : { entry: n };
}

/** "row 2" / "entry 1" in English messages. */
export const placeText = (format: ExportFormat, n: number): string => `${numberingOf(format)} ${n}`;

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

/** The cells of one field, in its columns' order. */
function csvCells(def: FieldDef, value: unknown, name: (code: string) => string): string[] {
  switch (def.type) {
    case 'ministry-code':
      return [String(value), name(String(value))];
    case 'ministry-codes':
      return [(value as string[]).join(LIST_SEPARATOR), (value as string[]).map(name).join(LIST_SEPARATOR)];
    case 'contact': {
      const c = value as { name: string | null; email: string | null; phone: string | null } | null;
      return [c?.name ?? '', c?.email ?? '', c?.phone ?? ''];
    }
    default:
      return [value === null || value === undefined ? '' : String(value)];
  }
}

function csvRecord(p: PlatformView, names: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const name = (code: string) => (code === p.ownerMinistry ? (p.ownerMinistryName ?? '') : (names.get(code) ?? ''));
  for (const f of ENTRY_FIELDS) {
    const def: FieldDef = PLATFORM_FIELDS[f];
    const cells = csvCells(def, p[f], name);
    (def.csv ?? [f]).forEach((column, i) => (out[column] = cells[i]));
  }
  return { ...out, status: p.status, registeredOn: p.registeredOn, validFrom: p.validFrom, id: p.id };
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

/** A value of an enum field, or a word a person may write for it: its label (accents optional) or an alias. */
function enumValue(raw: string, def: Extract<FieldDef, { type: 'enum' }>): string | null {
  const v = raw.trim();
  if (def.values.includes(v)) return v;
  const folded = foldVietnamese(v).replace(/\s+/g, ' ');
  for (const value of def.values) if (foldVietnamese(def.labels[value].vi) === folded) return value;
  return def.aliases?.[folded] ?? null;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_RE = /^https?:\/\/[^\s/$.?#][^\s]*$/i;

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

/** Reads one entry field from its columns, as the field model defines it; problems go to `fail`. */
function readField(field: EntryField, record: Record<string, unknown>, fail: (field: string, message: string) => void): unknown {
  const def: FieldDef = PLATFORM_FIELDS[field];
  const [column, ...more] = def.csv ?? [field];
  const cell = text(record[column]);
  const tooLong = (c: string, v: string, max: number) => v.length > max && fail(c, `${c} is longer than ${max} characters`);
  switch (def.type) {
    case 'text':
      if (!cell) return def.required ? (fail(field, `${field} is required`), null) : null;
      tooLong(field, cell, def.max);
      return cell;
    case 'url':
      if (!cell) return null;
      tooLong(field, cell, def.max);
      if (!URL_RE.test(cell)) fail(field, `${field} must be an http(s) URL`);
      return cell;
    case 'code':
      if (cell && !def.pattern.test(cell)) fail(field, `${field} must be 1–${def.max} letters, digits, dots, dashes or underscores`);
      return cell || null;
    case 'enum': {
      const raw = cell || (def.default === null ? '' : String(def.default));
      if (!raw && def.nullable) return null;
      const value = enumValue(raw, def);
      if (!value) fail(field, `${field} must be one of ${def.values.join(', ')} (or ${def.values.map((v) => def.labels[v].vi.toLowerCase()).join(', ')})`);
      return value;
    }
    case 'ministry-code': {
      const code = cell.toUpperCase();
      if (!MINISTRY_CODE_PATTERN.test(code)) fail(field, `${field} must be a ministry code such as BTC`);
      return code;
    }
    case 'ministry-codes': {
      const codes = list(record[column])
        .map((c) => c.toUpperCase())
        .filter(Boolean);
      for (const c of codes) if (!MINISTRY_CODE_PATTERN.test(c)) fail(field, `'${c}' is not a ministry code`);
      if (new Set(codes).size !== codes.length) fail(field, 'a co-operating ministry is named twice');
      if (codes.length > def.maxItems) fail(field, `at most ${def.maxItems} ministries`);
      return codes;
    }
    case 'contact': {
      const [name, email, phone] = [column, ...more].map((c) => text(record[c]) || null);
      if (name) tooLong(column, name, CONTACT_LIMITS.name);
      if (email && (!EMAIL_RE.test(email) || email.length > CONTACT_LIMITS.email)) fail(more[0], `${more[0]} must be an e-mail address`);
      if (phone && !CONTACT_LIMITS.phone.test(phone)) fail(more[1], `${more[1]} must be a phone number`);
      return name || email || phone ? { name, email, phone } : null;
    }
  }
}

/** Checks one flat record and turns it into an import row; problems go to `errors`. */
export function readRecord(record: Record<string, unknown>, row: number, errors: RowError[]): ImportRow | null {
  const before = errors.length;
  const fail = (field: string, message: string) => errors.push({ row, field, message });
  const fields: Record<string, unknown> = {};
  for (const f of ENTRY_FIELDS) fields[f] = readField(f, record, fail);
  const entry = fields as EntryFields;
  if (entry.coMinistries.includes(entry.ownerMinistry)) fail('coMinistries', 'the owning ministry cannot also co-operate');
  const status = text(record.status);
  if (status && status !== 'in-force')
    fail('status', `only entries in force are imported (status '${status}'); withdraw an entry with POST /v1/platforms/{id}/withdraw and its legal basis`);
  const coNames = list(record.coMinistryNames);
  if (coNames.length && coNames.length !== entry.coMinistries.length)
    fail('coMinistryNames', 'coMinistryNames must name each of coMinistries, in the same order');
  const date = (c: 'registeredOn' | 'validFrom') => {
    const v = text(record[c]);
    if (v && !isCalendarDate(v)) fail(c, `${c} must be a date as YYYY-MM-DD`);
    return v || null;
  };
  const out: ImportRow = {
    ...entry,
    row,
    id: text(record.id) || null,
    ownerMinistryName: text(record.ownerMinistryName) || null,
    coMinistryNames: entry.coMinistries.map((_, i) => coNames[i] || null),
    registeredOn: date('registeredOn'),
    validFrom: date('validFrom'),
  };
  return errors.length === before ? out : null;
}

/** Flattens an entry of the JSON format (the shape of GET /v1/catalogue) into CSV columns. */
function flattenJsonEntry(p: Record<string, unknown>): Record<string, unknown> {
  const { contact, ...rest } = p;
  const c = (contact ?? null) as { name?: unknown; email?: unknown; phone?: unknown } | null;
  return { ...rest, contactName: c?.name ?? null, contactEmail: c?.email ?? null, contactPhone: c?.phone ?? null };
}

const JSON_ENTRY_KEYS = new Set<string>([...CSV_COLUMNS, ...ENTRY_FIELDS]);
/** Read-only keys of GET /v1/catalogue entries that the import ignores. */
const JSON_IGNORED_KEYS = new Set(['revision', 'asOf', 'knownAt']);

export function parseCatalogueFile(content: string, format: ExportFormat): ParsedFile {
  const errors: RowError[] = [];
  const ministries = new Map<string, string | null>();
  const rows: ImportRow[] = [];
  let records: Array<Record<string, unknown>> = [];
  /** ImportRow.row of each record. */
  let places: number[] = [];
  let asOf: string | null = null;

  if (format === 'csv') {
    try {
      const parsed = parseCsvSync(content, {
        bom: true,
        columns: (header: string[]) => {
          const names = header.map((h) => h.trim());
          const twice = names.filter((h, i) => h !== '' && names.indexOf(h) !== i);
          if (twice.length)
            throw new FileError(`the header row names column${twice.length > 1 ? 's' : ''} ${[...new Set(twice)].map((h) => `'${h}'`).join(', ')} twice`);
          const unknown = names.filter((h) => !CSV_COLUMNS.includes(h));
          if (unknown.length) throw new FileError(`unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (known: ${CSV_COLUMNS.join(', ')})`);
          for (const required of ['name', 'kind', 'ownerMinistry'])
            if (!names.includes(required)) throw new FileError(`the header row has no '${required}' column`);
          return names;
        },
        skip_empty_lines: true,
        trim: true,
        relax_column_count: false,
        info: true,
      }) as Array<{ record: Record<string, unknown>; info: { records: number; empty_lines: number } }>;
      places = parsed.map((r) => spreadsheetRow(r.info));
      // Cells the export neutralised against CSV injection read back as they were.
      records = parsed.map((r) => Object.fromEntries(Object.entries(r.record).map(([k, v]) => [k, typeof v === 'string' ? readCsvCell(v) : v])));
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
          if (!MINISTRY_CODE_PATTERN.test(code)) throw new FileError(`"byMinistry" has '${text(m?.code)}', which is not a ministry code`);
          ministries.set(code, text(m?.name) || null);
        }
      }
    }
    list.forEach((item, i) => {
      if (!item || typeof item !== 'object' || Array.isArray(item)) {
        errors.push({ row: i + 1, field: 'entry', message: 'each entry must be an object' });
        return;
      }
      const unknown = Object.keys(item).filter(
        (k) => !JSON_ENTRY_KEYS.has(k) && !JSON_IGNORED_KEYS.has(k) && k !== 'contactName' && k !== 'contactEmail' && k !== 'contactPhone',
      );
      if (unknown.length) errors.push({ row: i + 1, field: unknown[0], message: `unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}` });
      records.push(flattenJsonEntry(item as Record<string, unknown>));
      places.push(i + 1); // the array's place, also after an entry that was not an object
    });
  }

  records.forEach((record, i) => {
    const row = readRecord(record, places[i], errors);
    if (!row) return;
    rows.push(row);
    const note = (code: string, name: string | null) => {
      if (name && ministries.get(code) && ministries.get(code) !== name)
        errors.push({
          row: row.row,
          field: 'ownerMinistryName',
          message: `ministry ${code} is named both '${ministries.get(code)}' and '${name}' in this file`,
        });
      if (!ministries.get(code)) ministries.set(code, name);
    };
    note(row.ownerMinistry, row.ownerMinistryName);
    row.coMinistries.forEach((c, k) => note(c, row.coMinistryNames[k]));
  });
  return { format, asOf, rows, ministries, errors };
}

/**
 * The row a spreadsheet shows a CSV record on: the header is row 1, every record one row (a
 * quoted cell with line breaks included: the row is where the record starts), and a blank line
 * a blank row, as Excel and LibreOffice open the file. csv-parse counts the records so far
 * (this one included, the header not) and the blank lines it skipped.
 */
export function spreadsheetRow(info: { records: number; empty_lines: number }): number {
  return 1 + info.records + info.empty_lines;
}

/** The file itself cannot be read (as opposed to a row with a bad value). */
export class FileError extends Error {}

export function detectFormat(fileName: string, content: string): ExportFormat {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return /^\s*[[{]/.test(content.replace(/^\uFEFF/, '')) ? 'json' : 'csv';
}
