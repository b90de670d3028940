import { Actor, EDITABLE_FIELDS, EditableFields, foldVietnamese } from '@ndp/catalogue';
import type { PlatformView } from '@ndp/projections';
import { ImportRow, ParsedFile, placeText, RowError } from './catalogue-file';

/** What the planner needs to know of the store; CatalogueRuntime provides it (see import-runner.ts). */
export interface CatalogueSnapshot {
  /** Every entry ever recorded, in its latest known state, whatever its status. */
  entries: PlatformView[];
  /** Every ministry ever recorded (ended ones too), by code. */
  ministries: Map<string, { name: string; status: string }>;
  /** The entry as of a date: null when it did not exist yet then. */
  entryOn(id: string, date: string): PlatformView | null;
  revision(id: string): number;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export type ImportStep =
  | { action: 'register-ministry'; code: string; name: string; effectiveDate: string }
  | { action: 'register'; row: number; name: string; ownerMinistry: string; effectiveDate: string; entry: ImportRow }
  | { action: 'transfer'; row: number; id: string; name: string; fromMinistry: string; toMinistry: string; effectiveDate: string }
  | {
      action: 'amend';
      row: number;
      id: string;
      name: string;
      ownerMinistry: string;
      effectiveDate: string;
      changes: Partial<EditableFields>;
      fieldChanges: FieldChange[];
    };

export interface ImportPlan {
  steps: ImportStep[];
  unchanged: Array<{ row: number; id: string; name: string }>;
  /** Entries of the store that the file does not mention: left as they are. */
  notInFile: number;
  errors: RowError[];
  /** Ministries that exist under another name than the file gives: not renamed, only reported. */
  notes: string[];
}

export interface ImportOptions {
  /** Effective date of amendments and transfers, and of registrations whose row has no registeredOn. */
  effectiveDate: string;
  actor: Actor;
  /** Transfers need one (as POST /v1/platforms/{id}/transfer does). */
  hasLegalBasis: boolean;
}

function editableOf(r: ImportRow): EditableFields {
  return Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, r[f]])) as unknown as EditableFields;
}

const identity = (ownerMinistry: string, name: string) => `${ownerMinistry}\u0000${foldVietnamese(name).replace(/\s+/g, ' ').trim()}`;

/**
 * Decides what an import would record, without recording anything: which ministries to
 * register, which entries to register, transfer or amend, and which are already as the file
 * says. A row is matched to an existing entry by `id` (when it names an entry of this store),
 * else by `code`, else by owning ministry and name (case and accents ignored). Entries of the
 * store that the file leaves out are not touched: an import never withdraws.
 */
export function planImport(file: ParsedFile, store: CatalogueSnapshot, options: ImportOptions): ImportPlan {
  const errors: RowError[] = [...file.errors];
  const notes: string[] = [];
  const steps: ImportStep[] = [];
  const unchanged: ImportPlan['unchanged'] = [];
  const byId = new Map(store.entries.map((e) => [e.id, e]));
  const byCode = new Map(store.entries.filter((e) => e.code).map((e) => [e.code!, e]));
  const byName = new Map(store.entries.map((e) => [identity(e.ownerMinistry, e.name), e]));
  const isAdmin = options.actor.role === 'mic-admin';

  // Rows first: which need a registration, and from when (ministries must be in force by then).
  const seen = new Map<string, number>();
  const matched: Array<{ row: ImportRow; existing: PlatformView | null; registerOn: string }> = [];
  for (const row of file.rows) {
    const existing = (row.id && byId.get(row.id)) || (row.code && byCode.get(row.code)) || byName.get(identity(row.ownerMinistry, row.name)) || null;
    const key = existing ? `id:${existing.id}` : row.code ? `code:${row.code}` : `name:${identity(row.ownerMinistry, row.name)}`;
    if (seen.has(key)) {
      errors.push({ row: row.row, field: row.code ? 'code' : 'name', message: `the same entry as ${placeText(file.format, seen.get(key)!)}` });
      continue;
    }
    seen.set(key, row.row);
    matched.push({ row, existing, registerOn: row.registeredOn ?? options.effectiveDate });
  }

  // Ministries the file needs that the store lacks: registered from the earliest date a row needs them.
  const needed = new Map<string, string>();
  const need = (code: string, date: string) => {
    if (!needed.has(code) || date < needed.get(code)!) needed.set(code, date);
  };
  for (const m of matched) {
    const date = m.existing ? options.effectiveDate : m.registerOn;
    need(m.row.ownerMinistry, date);
    for (const c of m.row.coMinistries) need(c, date);
  }
  const earliest = [...needed.values()].sort()[0] ?? options.effectiveDate;
  for (const code of file.ministries.keys()) if (!needed.has(code)) need(code, file.asOf && file.asOf > earliest ? file.asOf : earliest);
  for (const [code, date] of [...needed].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const inStore = store.ministries.get(code);
    const name = file.ministries.get(code) ?? null;
    if (inStore) {
      if (name && name !== inStore.name)
        notes.push(`ministry ${code} is '${inStore.name}' in the catalogue and '${name}' in the file: not renamed (use POST /v1/ministries/${code}/rename)`);
      continue;
    }
    const rows = matched.filter((m) => m.row.ownerMinistry === code || m.row.coMinistries.includes(code)).map((m) => m.row.row);
    if (!name) {
      for (const r of rows.length ? rows : [0])
        errors.push({ row: r, field: 'ownerMinistryName', message: `ministry ${code} is not in the catalogue and the file gives no name for it` });
      continue;
    }
    if (!isAdmin) {
      for (const r of rows.length ? rows : [0])
        errors.push({ row: r, field: 'ownerMinistry', message: `ministry ${code} is not in the catalogue; only mic-admin may register ministries` });
      continue;
    }
    steps.push({ action: 'register-ministry', code, name, effectiveDate: date });
  }

  let notInFile = store.entries.filter((e) => e.status === 'in-force').length;
  for (const { row, existing, registerOn } of matched) {
    if (!existing) {
      steps.push({ action: 'register', row: row.row, name: row.name, ownerMinistry: row.ownerMinistry, effectiveDate: registerOn, entry: row });
      continue;
    }
    if (existing.status === 'in-force') notInFile--;
    const on = store.entryOn(existing.id, options.effectiveDate);
    if (!on) {
      errors.push({
        row: row.row,
        field: 'id',
        message: `matches entry ${existing.id}, which is registered only from ${existing.registeredOn}, after ${options.effectiveDate}`,
      });
      continue;
    }
    if (on.status !== 'in-force') {
      errors.push({
        row: row.row,
        field: 'status',
        message: `matches entry ${existing.id}, which is withdrawn on ${options.effectiveDate}: reinstate it first`,
      });
      continue;
    }
    if (on.ownerMinistry !== row.ownerMinistry) {
      if (!isAdmin || !options.hasLegalBasis) {
        errors.push({
          row: row.row,
          field: 'ownerMinistry',
          message: `entry ${existing.id} belongs to ${on.ownerMinistry}: moving it to ${row.ownerMinistry} is a transfer, which needs mic-admin and a legal basis`,
        });
        continue;
      }
      steps.push({
        action: 'transfer',
        row: row.row,
        id: existing.id,
        name: row.name,
        fromMinistry: on.ownerMinistry,
        toMinistry: row.ownerMinistry,
        effectiveDate: options.effectiveDate,
      });
    }
    const target = editableOf(row);
    // After a transfer the new owner no longer co-operates (see evolvePlatform).
    const current: Record<string, unknown> = { ...on, coMinistries: on.coMinistries.filter((c) => c !== row.ownerMinistry) };
    const changes: Partial<EditableFields> = {};
    const fieldChanges: FieldChange[] = [];
    for (const f of EDITABLE_FIELDS) {
      if (JSON.stringify(current[f] ?? null) === JSON.stringify(target[f] ?? null)) continue;
      (changes as Record<string, unknown>)[f] = target[f];
      fieldChanges.push({ field: f, before: current[f] ?? null, after: target[f] ?? null });
    }
    if (fieldChanges.length)
      steps.push({
        action: 'amend',
        row: row.row,
        id: existing.id,
        name: row.name,
        ownerMinistry: row.ownerMinistry,
        effectiveDate: options.effectiveDate,
        changes,
        fieldChanges,
      });
    else if (on.ownerMinistry === row.ownerMinistry) unchanged.push({ row: row.row, id: existing.id, name: existing.name });
  }
  errors.sort((a, b) => a.row - b.row);
  return { steps, unchanged, notInFile, errors, notes };
}
