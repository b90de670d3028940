import type {
  ChangeV1,
  ContactV1,
  DeploymentStatusV1,
  EditableEntryFieldsV1,
  NdxpStatusV1,
  PlatformKindV1,
  PublishedEventType,
  ReorganisationV1,
} from './integration-event.v1';
import type { InternalEventType, StoredContact, StoredEntryFields, StoredEventData, StoredReorganisation } from './stored-events';

/**
 * What is published of each internal event, declared per type. Every key of an event's data
 * (as a path: `contact.email`, `changes.name`, `replaced[].from`) is either published or
 * withheld with a reason; `publication.v1.spec.ts` builds a sample of every internal event type
 * and fails on any key that is neither, so a new internal field never reaches consumers by
 * accident, and is never dropped without someone deciding so.
 */
export interface PublishedMapping<T extends InternalEventType & PublishedEventType> {
  topic: 'platform' | 'ministry' | 'edition';
  /** Data key paths that reach the message (as the key, the entity block or the change). */
  publishes: readonly string[];
  /** Data key paths deliberately kept inside, each with the reason. A path covers everything under it. */
  withholds: Readonly<Record<string, string>>;
  /** Paths whose keys are data (ids), not field names: not descended into. */
  maps?: readonly string[];
  change(data: StoredEventData[T]): ChangeV1[T];
}

export interface UnpublishedMapping {
  topic: null;
  publishes: readonly [];
  /** Why the whole event stays inside. */
  reason: string;
  withholds: Readonly<Record<string, string>>;
  maps?: readonly string[];
}

export type PublicationV1 = { [T in InternalEventType]: T extends PublishedEventType ? PublishedMapping<T> : UnpublishedMapping };

const contact = (c: StoredContact | null | undefined): ContactV1 | null =>
  c ? { name: c.name ?? null, email: c.email ?? null, phone: c.phone ?? null } : null;

/** Each editable entry field, stored value → published value. The enums are the v1 contract's (see the schema). */
const EDITABLE_FIELD: { [K in keyof EditableEntryFieldsV1]-?: (v: StoredEntryFields[K]) => EditableEntryFieldsV1[K] } = {
  name: (v) => v,
  kind: (v) => v as PlatformKindV1,
  coMinistries: (v) => [...v],
  description: (v) => v ?? null,
  operator: (v) => v ?? null,
  contact,
  url: (v) => v ?? null,
  deploymentStatus: (v) => v as DeploymentStatusV1,
  ndxpStatus: (v) => v as NdxpStatusV1,
  level: (v) => v ?? null,
};

export const EDITABLE_ENTRY_FIELDS_V1 = Object.keys(EDITABLE_FIELD) as Array<keyof EditableEntryFieldsV1>;

/** Published paths of an entry's editable fields, under a prefix ('' or 'changes.'). */
const editablePaths = (prefix: string): string[] =>
  EDITABLE_ENTRY_FIELDS_V1.flatMap((k) =>
    k === 'contact' ? [`${prefix}contact`, `${prefix}contact.name`, `${prefix}contact.email`, `${prefix}contact.phone`] : [`${prefix}${k}`],
  );

function publishedChanges(changes: Partial<StoredEntryFields>): Partial<EditableEntryFieldsV1> {
  const out: Record<string, unknown> = {};
  for (const key of EDITABLE_ENTRY_FIELDS_V1) {
    const value = changes[key];
    if (value !== undefined) out[key] = (EDITABLE_FIELD[key] as (v: unknown) => unknown)(value);
  }
  return out as Partial<EditableEntryFieldsV1>;
}

const reorganisation = (r: StoredReorganisation): ReorganisationV1 => ({ kind: r.kind, ministry: r.ministry });

export const PUBLICATION_V1: PublicationV1 = {
  'platform.registered': {
    topic: 'platform',
    publishes: ['platformId', 'code', 'ownerMinistry', ...editablePaths('')],
    withholds: {},
    change: (d) => ({
      code: d.code ?? null,
      ownerMinistry: d.ownerMinistry,
      ...(Object.fromEntries(
        EDITABLE_ENTRY_FIELDS_V1.map((k) => [k, (EDITABLE_FIELD[k] as (v: unknown) => unknown)(d[k])]),
      ) as unknown as EditableEntryFieldsV1),
    }),
  },
  'platform.amended': {
    topic: 'platform',
    publishes: ['platformId', 'changes', ...editablePaths('changes.')],
    withholds: {},
    change: (d) => ({ changes: publishedChanges(d.changes) }),
  },
  'platform.corrected': {
    topic: 'platform',
    publishes: ['platformId', 'changes', ...editablePaths('changes.')],
    withholds: {},
    change: (d) => ({ changes: publishedChanges(d.changes) }),
  },
  'platform.withdrawn': { topic: 'platform', publishes: ['platformId'], withholds: {}, change: () => ({}) },
  'platform.reinstated': { topic: 'platform', publishes: ['platformId'], withholds: {}, change: () => ({}) },
  'platform.transferred': {
    topic: 'platform',
    // `mergerOf` is the schema-version-1 spelling of a merger; read when an event was not upcast.
    publishes: ['platformId', 'fromMinistry', 'toMinistry', 'reorganisation', 'reorganisation.kind', 'reorganisation.ministry', 'mergerOf'],
    withholds: {},
    change: (d) => {
      const r: ReorganisationV1 | null = d.reorganisation ? reorganisation(d.reorganisation) : d.mergerOf ? { kind: 'merger', ministry: d.mergerOf } : null;
      return { fromMinistry: d.fromMinistry, toMinistry: d.toMinistry, mergerOf: r?.kind === 'merger' ? r.ministry : null, reorganisation: r };
    },
  },
  'platform.co-ministries-reassigned': {
    topic: 'platform',
    publishes: [
      'platformId',
      'coMinistries',
      'replaced',
      'replaced[].from',
      'replaced[].to',
      'reorganisation',
      'reorganisation.kind',
      'reorganisation.ministry',
    ],
    withholds: {},
    change: (d) => ({
      coMinistries: [...d.coMinistries],
      replaced: d.replaced.map((r) => ({ from: r.from, to: r.to ?? null })),
      reorganisation: reorganisation(d.reorganisation),
    }),
  },
  'ministry.registered': { topic: 'ministry', publishes: ['code', 'name'], withholds: {}, change: (d) => ({ code: d.code, name: d.name }) },
  'ministry.renamed': {
    topic: 'ministry',
    publishes: ['code', 'name', 'previousName'],
    withholds: {},
    change: (d) => ({ name: d.name, previousName: d.previousName }),
  },
  'ministry.merged': { topic: 'ministry', publishes: ['code', 'into'], withholds: {}, change: (d) => ({ into: d.into }) },
  'ministry.dissolved': {
    topic: 'ministry',
    publishes: ['code', 'defaultSuccessor', 'assignments'],
    maps: ['assignments'],
    withholds: {},
    change: (d) => ({ defaultSuccessor: d.defaultSuccessor, assignments: { ...d.assignments } }),
  },
  'edition.published': {
    topic: 'edition',
    publishes: ['editionId', 'documentNumber', 'title', 'issuedOn', 'signer', 'cutoffDate', 'logPosition'],
    withholds: {
      head: 'the hash-chain head is for verifying an exported log; it is served by GET /v1/editions/{id} and GET /v1/audit/head',
    },
    change: (d) => ({ logPosition: d.logPosition }),
  },
  'code.reserved': {
    topic: null,
    publishes: [],
    reason: 'internal bookkeeping that keeps entry codes unique; the code itself is published with the entry',
    withholds: { code: 'bookkeeping', platformId: 'bookkeeping' },
  },
};

export function isInternalEventType(type: string): type is InternalEventType {
  return Object.prototype.hasOwnProperty.call(PUBLICATION_V1, type);
}
