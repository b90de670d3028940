/**
 * The one definition of a catalogue entry's fields. Everything that knows what an entry *is*
 * derives from this table: the domain types, the HTTP validation, the presenters, the
 * CSV/JSON columns of import and export, and the viewer's labels (served at GET /v1/fields).
 * Adding a field is a row here (plus, when it is published to Kafka, a line in the
 * integration mapping).
 */
export const PLATFORM_KINDS = ['platform', 'information-system', 'application', 'database', 'portal'] as const;
export const DEPLOYMENT_STATUSES = ['pilot', 'operational'] as const;
export const NDXP_STATUSES = ['not-connected', 'connecting', 'connected'] as const;
export const SERVICE_LEVELS = ['central', 'provincial', 'commune'] as const;

export interface Contact {
  name: string | null;
  email: string | null;
  phone: string | null;
}

interface FieldBase {
  label: { vi: string; en: string };
  /** Changed by amendment and correction; the others are set at registration (the owner changes only by transfer). */
  editable: boolean;
  /** CSV columns of the field, in order; by default one column named as the field. */
  csv?: readonly string[];
  /** Must be given on registration. */
  required: boolean;
  /** May be cleared with null. */
  nullable: boolean;
  /** The value a registration gets when the field is left out. */
  default: unknown;
  example?: unknown;
}
export type FieldDef =
  | (FieldBase & { type: 'text'; max: number; multiline?: boolean })
  | (FieldBase & { type: 'url'; max: number })
  | (FieldBase & {
      type: 'enum';
      values: readonly string[];
      labels: Record<string, { vi: string; en: string }>;
      /** Other words people write for a value in a file (folded: no accents, lower case). */
      aliases?: Record<string, string>;
    })
  | (FieldBase & { type: 'code'; pattern: RegExp; max: number })
  | (FieldBase & { type: 'ministry-code' })
  | (FieldBase & { type: 'ministry-codes'; maxItems: number })
  | (FieldBase & { type: 'contact' });

/** Limits of the parts of a contact; the contact is one field of the entry. */
export const CONTACT_LIMITS = { name: 200, email: 200, phone: /^\+?[0-9 ().-]{6,30}$/ } as const;
/** A ministry's code: BTC, BKHDT, BLDTBXH. */
export const MINISTRY_CODE_PATTERN = /^[A-Z][A-Z0-9-]{1,19}$/;

export const PLATFORM_FIELDS = {
  code: {
    type: 'code',
    pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    max: 64,
    editable: false,
    required: false,
    nullable: true,
    default: null,
    label: { vi: 'Mã', en: 'Code' },
    example: 'BTC-CKNS',
  },
  name: {
    type: 'text',
    max: 300,
    required: true,
    nullable: false,
    default: null,
    label: { vi: 'Tên', en: 'Name' },
    example: 'Cổng công khai ngân sách nhà nước',
    editable: true,
  },
  kind: {
    type: 'enum',
    values: PLATFORM_KINDS,
    required: true,
    nullable: false,
    default: null,
    label: { vi: 'Loại', en: 'Kind' },
    editable: true,
    aliases: { 'nen tang': 'platform', 'he thong': 'information-system', 'kho du lieu': 'database', cong: 'portal' },
    labels: {
      platform: { vi: 'Nền tảng số', en: 'Digital platform' },
      'information-system': { vi: 'Hệ thống thông tin', en: 'Information system' },
      application: { vi: 'Ứng dụng', en: 'Application' },
      database: { vi: 'Cơ sở dữ liệu', en: 'Database' },
      portal: { vi: 'Cổng thông tin', en: 'Portal' },
    },
  },
  ownerMinistry: {
    type: 'ministry-code',
    editable: false,
    required: true,
    nullable: false,
    default: null,
    label: { vi: 'Cơ quan chủ quản', en: 'Owning ministry' },
    csv: ['ownerMinistry', 'ownerMinistryName'],
    example: 'BTC',
  },
  coMinistries: {
    type: 'ministry-codes',
    editable: true,
    csv: ['coMinistries', 'coMinistryNames'],
    maxItems: 30,
    required: false,
    nullable: false,
    default: [],
    label: { vi: 'Cơ quan phối hợp', en: 'Co-operating ministries' },
    example: ['BQP'],
  },
  description: {
    type: 'text',
    editable: true,
    max: 5000,
    multiline: true,
    required: false,
    nullable: true,
    default: null,
    label: { vi: 'Mô tả', en: 'Description' },
  },
  operator: {
    type: 'text',
    editable: true,
    max: 500,
    required: false,
    nullable: true,
    default: null,
    label: { vi: 'Đơn vị vận hành', en: 'Operating unit' },
  },
  contact: {
    type: 'contact',
    editable: true,
    csv: ['contactName', 'contactEmail', 'contactPhone'],
    required: false,
    nullable: true,
    default: null,
    label: { vi: 'Đầu mối liên hệ', en: 'Focal-point contact' },
  },
  url: {
    type: 'url',
    editable: true,
    max: 2000,
    required: false,
    nullable: true,
    default: null,
    label: { vi: 'Địa chỉ truy cập', en: 'URL' },
    example: 'https://congkhaingansach.vn',
  },
  deploymentStatus: {
    type: 'enum',
    values: DEPLOYMENT_STATUSES,
    required: true,
    nullable: false,
    // A registration must say; a file row that leaves it empty means an entry in operation.
    default: 'operational',
    label: { vi: 'Tình trạng triển khai', en: 'Deployment status' },
    editable: true,
    aliases: { 'van hanh': 'operational' },
    labels: { pilot: { vi: 'Thí điểm', en: 'Pilot' }, operational: { vi: 'Vận hành chính thức', en: 'In operation' } },
  },
  ndxpStatus: {
    type: 'enum',
    values: NDXP_STATUSES,
    required: false,
    nullable: false,
    default: 'not-connected',
    label: { vi: 'Kết nối NDXP', en: 'NDXP connection' },
    editable: true,
    labels: {
      'not-connected': { vi: 'Chưa kết nối', en: 'Not connected' },
      connecting: { vi: 'Đang kết nối', en: 'Connecting' },
      connected: { vi: 'Đã kết nối', en: 'Connected' },
    },
  },
  level: {
    type: 'enum',
    values: SERVICE_LEVELS,
    required: false,
    nullable: true,
    default: null,
    editable: true,
    label: { vi: 'Cấp triển khai', en: 'Level served' },
    labels: {
      central: { vi: 'Trung ương', en: 'Central' },
      provincial: { vi: 'Cấp tỉnh', en: 'Provincial' },
      commune: { vi: 'Cấp xã', en: 'Commune' },
    },
    aliases: { 'trung uong': 'central', tinh: 'provincial', xa: 'commune' },
  },
} as const satisfies Record<string, FieldDef>;

type Defs = typeof PLATFORM_FIELDS;
type ValueOf<D> = D extends { type: 'enum'; values: readonly (infer V)[] }
  ? V
  : D extends { type: 'ministry-codes' }
    ? string[]
    : D extends { type: 'contact' }
      ? Contact
      : string;

/** Every field of an entry, as registered. */
export type EntryFields = { -readonly [K in keyof Defs]: ValueOf<Defs[K]> | (Defs[K]['nullable'] extends true ? null : never) };
export type EntryField = keyof EntryFields;
type EditableKey = { [K in keyof Defs]: Defs[K]['editable'] extends true ? K : never }[keyof Defs];
/** Fields a ministry may change by amendment or correction. Owner changes only by transfer. */
export type EditableFields = Pick<EntryFields, EditableKey>;
export type EditableField = keyof EditableFields;

export const ENTRY_FIELDS = Object.keys(PLATFORM_FIELDS) as ReadonlyArray<EntryField>;
export const EDITABLE_FIELDS = ENTRY_FIELDS.filter((f) => PLATFORM_FIELDS[f].editable) as ReadonlyArray<EditableField>;

export type PlatformKind = (typeof PLATFORM_KINDS)[number];
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];
export type NdxpStatus = (typeof NDXP_STATUSES)[number];

export function fieldDef(field: EntryField): FieldDef {
  return PLATFORM_FIELDS[field];
}

/**
 * The editable fields with every one present: what an event written before a field existed
 * stands for (the field's default), so that old events fold to complete states.
 */
export function completeFields(data: Partial<EditableFields>): EditableFields {
  const out: Record<string, unknown> = {};
  for (const f of EDITABLE_FIELDS) out[f] = data[f] === undefined ? structuredClone(PLATFORM_FIELDS[f].default) : data[f];
  return out as EditableFields;
}

/**
 * A value as the catalogue keeps it: single-line text trimmed, a contact with all three parts.
 * Validation has already happened at the edge.
 */
export function normaliseFieldValue(field: EntryField, value: unknown): unknown {
  const def: FieldDef = PLATFORM_FIELDS[field];
  if (value === null || value === undefined) return value;
  if (def.type === 'text' && !def.multiline && typeof value === 'string') return value.trim();
  if (def.type === 'contact' && typeof value === 'object') {
    const c = value as Partial<Contact>;
    return { name: c.name ?? null, email: c.email ?? null, phone: c.phone ?? null };
  }
  return value;
}
