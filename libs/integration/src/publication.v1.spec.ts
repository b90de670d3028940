import { DEPLOYMENT_STATUSES, DomainEvent, EDITABLE_FIELDS, EVENT_REGISTRY, NDXP_STATUSES, PLATFORM_KINDS, ROLES } from '@ndp/catalogue';
import type { StoredEvent } from '@ndp/event-store';
import { PUBLISHED_EVENT_TYPES_V1 } from './integration-event.v1';
import { PUBLICATION_V1 } from './publication.v1';
import { CATALOGUE_EVENT_V1_SCHEMA, parseCatalogueEventV1 } from './schema.v1';
import type { InternalEventType, StoredEventData } from './stored-events';
import { translate } from './translate';

/**
 * The guard of the published contract: one sample of every internal event type, carrying every
 * data key the domain gives it, and every key must be declared published or withheld by
 * PUBLICATION_V1. A new internal field makes this fail until someone decides its fate.
 */

/** Every type the domain registers. */
const INTERNAL_TYPES = Object.keys(EVENT_REGISTRY);

/** Every field of an entry: identity, the domain's editable fields, and `level` (announced). */
const ENTRY_KEYS = [...new Set<string>(['platformId', 'code', 'ownerMinistry', ...EDITABLE_FIELDS, 'level'])];
const EDITABLE_KEYS = [...new Set<string>([...EDITABLE_FIELDS, 'level'])];

/** Realistic values, so that translated samples also pass the schema. An unknown field gets a string and fails the declaration check first. */
const ENTRY_VALUES: Record<string, unknown> = {
  platformId: '5b0e2f1a-9c3d-4e8f-a1b2-c3d4e5f60718',
  code: 'NDP-BTC-01',
  ownerMinistry: 'BTC',
  name: 'Cổng công khai ngân sách nhà nước',
  kind: 'portal',
  coMinistries: ['BQP'],
  description: 'Công khai ngân sách',
  operator: 'Cục Tin học và Thống kê tài chính',
  contact: { name: 'Phòng hỗ trợ', email: 'hotro@mof.gov.vn', phone: '+84 24 2220 2828' },
  url: 'https://congkhaingansach.vn',
  deploymentStatus: 'operational',
  ndxpStatus: 'connected',
  level: 'central',
};
const entry = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, k in ENTRY_VALUES ? ENTRY_VALUES[k] : `sample ${k}`]));

/** The domain's data type for a type it knows; anything for the announced ones. Samples must carry every required domain key. */
type DomainData<T extends string> = [Extract<DomainEvent, { type: T }>] extends [never] ? unknown : Extract<DomainEvent, { type: T }>['data'];
type Sample<T extends InternalEventType> = DomainData<T> & StoredEventData[T];

const PLATFORM = ENTRY_VALUES.platformId as string;
const SAMPLES: { [T in InternalEventType]: Array<Sample<T>> } = {
  'platform.registered': [entry(ENTRY_KEYS) as unknown as Sample<'platform.registered'>],
  'platform.amended': [{ platformId: PLATFORM, changes: entry(EDITABLE_KEYS) }],
  'platform.corrected': [{ platformId: PLATFORM, changes: entry(EDITABLE_KEYS) }],
  'platform.withdrawn': [{ platformId: PLATFORM }],
  'platform.reinstated': [{ platformId: PLATFORM }],
  // Schema version 2 (what translate() receives once upcast) and version 1 (as stored before v2).
  'platform.transferred': [
    {
      platformId: PLATFORM,
      fromMinistry: 'BKHDT',
      toMinistry: 'BTC',
      reorganisation: { kind: 'merger', ministry: 'BKHDT' },
    } as unknown as Sample<'platform.transferred'>,
    { platformId: PLATFORM, fromMinistry: 'BKHDT', toMinistry: 'BTC', mergerOf: 'BKHDT' } as unknown as Sample<'platform.transferred'>,
  ],
  'platform.co-ministries-reassigned': [
    { platformId: PLATFORM, coMinistries: ['BTC', 'BQP'], replaced: [{ from: 'BKHDT', to: 'BTC' }], reorganisation: { kind: 'merger', ministry: 'BKHDT' } },
  ],
  'ministry.registered': [{ code: 'BTC', name: 'Bộ Tài chính' }],
  'ministry.renamed': [{ code: 'BTC', name: 'Bộ Tài chính (mới)', previousName: 'Bộ Tài chính' }],
  'ministry.merged': [{ code: 'BKHDT', into: 'BTC' }],
  'ministry.dissolved': [{ code: 'BKHDT', defaultSuccessor: 'BTC', assignments: { [PLATFORM]: 'BXD' } }],
  'edition.published': [
    {
      editionId: '2765-BTTTT-CDSQG',
      documentNumber: '2765/BTTTT-CĐSQG',
      title: null,
      issuedOn: '2024-07-15',
      signer: 'Phạm Đức Long',
      cutoffDate: '2024-07-03',
      logPosition: 60,
      head: { position: 60, hash: 'a'.repeat(64) },
    },
  ],
  'code.reserved': [{ code: 'NDP-BTC-01', platformId: PLATFORM }],
};

/** Key paths of a value: `a`, `a.b`, `list[].c`; paths in `maps` are leaves (their keys are data). */
function keyPaths(value: unknown, maps: readonly string[], prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keyPaths(v, maps, `${prefix}[]`));
  if (value === null || typeof value !== 'object' || maps.includes(prefix)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return [path, ...keyPaths(v, maps, path)];
  });
}

const covers = (declared: string, path: string) => path === declared || path.startsWith(`${declared}.`) || path.startsWith(`${declared}[]`);

let position = 0;
function stored(type: string, data: unknown): StoredEvent {
  position++;
  const streamId =
    type === 'code.reserved'
      ? 'code-ndp-btc-01'
      : type.startsWith('platform.')
        ? `platform-${PLATFORM}`
        : type.startsWith('ministry.')
          ? `ministry-${(data as { code: string }).code}`
          : 'edition-2765-BTTTT-CDSQG';
  return {
    eventId: `e-${position}`,
    type,
    schemaVersion: type === 'platform.transferred' ? 2 : 1,
    data,
    streamId,
    revision: 1,
    position,
    recordedAt: '2025-02-20T03:00:00.000Z',
    metadata: {
      effectiveDate: '2025-03-01',
      actor: { sub: 'secret-subject-id', name: 'Nguyễn Văn Riêng Tư', role: 'mic-admin', ministry: null },
      legalBasis: { documentNumber: '176/2025/QH15', issuedOn: '2025-02-18', issuer: 'Quốc hội' },
      reason: 'Hợp nhất',
      idempotencyKey: 'secret-idempotency-key',
      correlationId: 'corr-1',
      causationId: 'secret-causation',
    },
  };
}

/** A label as the relay would hold it before the event (entries and ministries already registered). */
const LABEL = { name: 'Tên', nameFrom: '2024-01-01', ministry: 'BKHDT', ministryFrom: '2024-01-01' };

describe('published contract v1: every internal field is published or withheld on purpose', () => {
  it('declares every internal event type, and has a sample of each', () => {
    expect(Object.keys(PUBLICATION_V1).sort()).toEqual([...INTERNAL_TYPES].sort());
    for (const type of INTERNAL_TYPES) expect(SAMPLES[type as InternalEventType]?.length).toBeGreaterThan(0);
    // What is published is exactly what the schema names.
    const published = Object.entries(PUBLICATION_V1)
      .filter(([, m]) => m.topic !== null)
      .map(([t]) => t);
    expect(published.sort()).toEqual([...PUBLISHED_EVENT_TYPES_V1].sort());
    expect([...CATALOGUE_EVENT_V1_SCHEMA.properties.type.enum].sort()).toEqual([...PUBLISHED_EVENT_TYPES_V1].sort());
  });

  it('the platform.registered sample carries every entry field the domain defines', () => {
    const keys = Object.keys(SAMPLES['platform.registered'][0]);
    for (const field of ['platformId', 'code', 'ownerMinistry', ...EDITABLE_FIELDS]) expect(keys).toContain(field);
  });

  it.each(INTERNAL_TYPES)('%s: every data key is declared published or withheld, and every declaration is used', (type) => {
    const mapping = PUBLICATION_V1[type as InternalEventType];
    const maps = mapping.maps ?? [];
    const publishes: readonly string[] = mapping.publishes;
    const declared = [...publishes, ...Object.keys(mapping.withholds)];
    const seen = new Set<string>();
    for (const data of SAMPLES[type as InternalEventType]) {
      for (const path of keyPaths(data, maps)) {
        seen.add(path);
        const covered = publishes.includes(path) || Object.keys(mapping.withholds).some((w) => covers(w, path));
        if (!covered) throw new Error(`${type}: data key '${path}' is neither published nor withheld: add it to PUBLICATION_V1['${type}'] (publication.v1.ts)`);
      }
    }
    for (const d of declared) expect({ type, declared: d, inSomeSample: seen.has(d) }).toEqual({ type, declared: d, inSomeSample: true });
    expect(new Set(declared).size).toBe(declared.length);
  });

  it.each(INTERNAL_TYPES)('%s: translates to a message the schema accepts, without withheld values or internals', (type) => {
    const mapping = PUBLICATION_V1[type as InternalEventType];
    for (const data of SAMPLES[type as InternalEventType]) {
      const { message } = translate(stored(type, data), LABEL);
      if (mapping.topic === null) {
        expect(message).toBeNull();
        continue;
      }
      expect(message).not.toBeNull();
      expect(message!.topic).toBe(mapping.topic);
      const parsed = parseCatalogueEventV1(JSON.stringify(message!.value));
      expect(parsed).toEqual({ ok: true, event: message!.value });
      const text = JSON.stringify(message!.value);
      for (const secret of ['secret-subject-id', 'Nguyễn Văn Riêng Tư', 'secret-idempotency-key', 'secret-causation', 'streamId', 'revision'])
        expect(text).not.toContain(secret);
      for (const withheld of Object.keys(mapping.withholds)) {
        const value = JSON.stringify((data as unknown as Record<string, unknown>)[withheld]);
        if (value && value.length > 8) expect(text).not.toContain(value);
      }
    }
  });

  it('a change with a field the contract does not name is refused by the schema, per type', () => {
    for (const type of PUBLISHED_EVENT_TYPES_V1) {
      const { message } = translate(stored(type, SAMPLES[type][0]), LABEL);
      const raw = JSON.stringify({ ...message!.value, change: { ...message!.value.change, internalOnly: 1 } });
      const parsed = parseCatalogueEventV1(raw);
      expect({ type, ok: parsed.ok }).toEqual({ type, ok: false });
      if (!parsed.ok) expect(parsed.errors.join('; ')).toContain('internalOnly');
    }
  });

  it("accepts every value of the domain's enums (a new kind or status must reach the contract on purpose)", () => {
    const base = translate(stored('platform.registered', SAMPLES['platform.registered'][0]), LABEL).message!.value;
    const accepts = (patch: object) => parseCatalogueEventV1(JSON.stringify({ ...base, ...patch })).ok;
    for (const kind of PLATFORM_KINDS) expect({ kind, ok: accepts({ change: { ...base.change, kind } }) }).toEqual({ kind, ok: true });
    for (const s of DEPLOYMENT_STATUSES) expect({ s, ok: accepts({ change: { ...base.change, deploymentStatus: s } }) }).toEqual({ s, ok: true });
    for (const s of NDXP_STATUSES) expect({ s, ok: accepts({ change: { ...base.change, ndxpStatus: s } }) }).toEqual({ s, ok: true });
    for (const role of ROLES) expect({ role, ok: accepts({ actor: { role, ministry: null } }) }).toEqual({ role, ok: true });
  });
});
