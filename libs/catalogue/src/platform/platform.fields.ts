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

export interface Contact {
  name: string | null;
  email: string | null;
  phone: string | null;
}

interface FieldBase {
  label: { vi: string; en: string };
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
  | (FieldBase & { type: 'enum'; values: readonly string[]; labels?: Record<string, { vi: string; en: string }> })
  | (FieldBase & { type: 'ministry-codes'; maxItems: number })
  | (FieldBase & { type: 'contact' });

/** Limits of the parts of a contact; the contact is one field of the entry. */
export const CONTACT_LIMITS = { name: 200, email: 200, phone: /^\+?[0-9 ().-]{6,30}$/ } as const;

export const PLATFORM_FIELDS = {
  name: {
    type: 'text',
    max: 300,
    required: true,
    nullable: false,
    default: null,
    label: { vi: 'Tên', en: 'Name' },
    example: 'Cổng công khai ngân sách nhà nước',
  },
  kind: {
    type: 'enum',
    values: PLATFORM_KINDS,
    required: true,
    nullable: false,
    default: null,
    label: { vi: 'Loại', en: 'Kind' },
    labels: {
      platform: { vi: 'Nền tảng số', en: 'Digital platform' },
      'information-system': { vi: 'Hệ thống thông tin', en: 'Information system' },
      application: { vi: 'Ứng dụng', en: 'Application' },
      database: { vi: 'Cơ sở dữ liệu', en: 'Database' },
      portal: { vi: 'Cổng thông tin', en: 'Portal' },
    },
  },
  coMinistries: {
    type: 'ministry-codes',
    maxItems: 30,
    required: false,
    nullable: false,
    default: [],
    label: { vi: 'Cơ quan phối hợp', en: 'Co-operating ministries' },
    example: ['BQP'],
  },
  description: {
    type: 'text',
    max: 5000,
    multiline: true,
    required: false,
    nullable: true,
    default: null,
    label: { vi: 'Mô tả', en: 'Description' },
  },
  operator: {
    type: 'text',
    max: 500,
    required: false,
    nullable: true,
    default: null,
    label: { vi: 'Đơn vị vận hành', en: 'Operating unit' },
  },
  contact: {
    type: 'contact',
    required: false,
    nullable: true,
    default: null,
    label: { vi: 'Đầu mối liên hệ', en: 'Focal-point contact' },
  },
  url: {
    type: 'url',
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
    default: null,
    label: { vi: 'Tình trạng triển khai', en: 'Deployment status' },
    labels: { pilot: { vi: 'Thí điểm', en: 'Pilot' }, operational: { vi: 'Vận hành chính thức', en: 'In operation' } },
  },
  ndxpStatus: {
    type: 'enum',
    values: NDXP_STATUSES,
    required: false,
    nullable: false,
    default: 'not-connected',
    label: { vi: 'Kết nối NDXP', en: 'NDXP connection' },
    labels: {
      'not-connected': { vi: 'Chưa kết nối', en: 'Not connected' },
      connecting: { vi: 'Đang kết nối', en: 'Connecting' },
      connected: { vi: 'Đã kết nối', en: 'Connected' },
    },
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

/** Fields a ministry may change by amendment or correction. Owner changes only by transfer. */
export type EditableFields = { -readonly [K in keyof Defs]: ValueOf<Defs[K]> | (Defs[K]['nullable'] extends true ? null : never) };
export type EditableField = keyof EditableFields;
export const EDITABLE_FIELDS = Object.keys(PLATFORM_FIELDS) as ReadonlyArray<EditableField>;

export type PlatformKind = (typeof PLATFORM_KINDS)[number];
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];
export type NdxpStatus = (typeof NDXP_STATUSES)[number];

export function fieldDef(field: EditableField): FieldDef {
  return PLATFORM_FIELDS[field];
}

/**
 * The entry fields with every one present: what an event written before a field existed
 * stands for (the field's default), so that old events fold to complete states.
 */
export function completeFields(data: Partial<EditableFields>): EditableFields {
  const out: Record<string, unknown> = {};
  for (const f of EDITABLE_FIELDS) out[f] = data[f] === undefined ? structuredClone(PLATFORM_FIELDS[f].default) : data[f];
  return out as EditableFields;
}
