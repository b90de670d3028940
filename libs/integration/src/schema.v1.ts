import Ajv, { ValidateFunction } from 'ajv';
import type { CatalogueEventV1, PublishedEventType } from './integration-event.v1';

const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const text = (max: number) => ({ type: 'string', maxLength: max });
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
/** An object with exactly these properties allowed; `required` defaults to all of them. */
const closed = (properties: Record<string, object>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  required,
  properties,
  additionalProperties: false,
});
const ministryCode = text(20);
const ministryCodes = { type: 'array', maxItems: 50, items: ministryCode };
const reorganisation = closed({ kind: { enum: ['merger', 'dissolution'] }, ministry: ministryCode });

/** The entry fields an amendment or correction may change, and a registration carries. */
const EDITABLE_ENTRY_FIELDS = {
  name: text(300),
  kind: { enum: ['platform', 'information-system', 'application', 'database', 'portal'] },
  coMinistries: ministryCodes,
  description: nullable(text(5000)),
  operator: nullable(text(500)),
  contact: nullable(closed({ name: nullable(text(200)), email: nullable(text(200)), phone: nullable(text(30)) })),
  url: nullable(text(2000)),
  deploymentStatus: { enum: ['pilot', 'operational'] },
  ndxpStatus: { enum: ['not-connected', 'connecting', 'connected'] },
  level: nullable({ enum: ['central', 'provincial', 'commune'] }),
};

/**
 * `change` per event type: closed objects, so the schema refuses what the contract does not
 * name. Fields added to the contract later are optional here (messages already on the topics
 * lack them); the producer always sends them.
 */
export const CHANGE_SCHEMAS_V1: Record<PublishedEventType, object> = {
  'platform.registered': closed({ code: nullable(text(64)), ownerMinistry: ministryCode, ...EDITABLE_ENTRY_FIELDS }, [
    'code',
    'ownerMinistry',
    ...Object.keys(EDITABLE_ENTRY_FIELDS).filter((k) => k !== 'level'),
  ]),
  'platform.amended': closed({ changes: { ...closed(EDITABLE_ENTRY_FIELDS, []), minProperties: 1 } }),
  'platform.corrected': closed({ changes: { ...closed(EDITABLE_ENTRY_FIELDS, []), minProperties: 1 } }),
  'platform.withdrawn': closed({}),
  'platform.reinstated': closed({}),
  'platform.transferred': closed(
    { fromMinistry: ministryCode, toMinistry: ministryCode, mergerOf: nullable(ministryCode), reorganisation: nullable(reorganisation) },
    ['fromMinistry', 'toMinistry', 'mergerOf'],
  ),
  'platform.co-ministries-reassigned': closed({
    coMinistries: ministryCodes,
    replaced: { type: 'array', maxItems: 50, items: closed({ from: ministryCode, to: nullable(ministryCode) }) },
    reorganisation,
  }),
  'ministry.registered': closed({ code: ministryCode, name: text(300) }),
  'ministry.renamed': closed({ name: text(300), previousName: text(300) }),
  'ministry.merged': closed({ into: ministryCode }),
  'ministry.dissolved': closed({
    defaultSuccessor: ministryCode,
    assignments: { type: 'object', propertyNames: { maxLength: 64 }, additionalProperties: ministryCode },
  }),
  'edition.published': closed({ logPosition: { type: 'integer', minimum: 0 } }),
};

const PUBLISHED_TYPES = Object.keys(CHANGE_SCHEMAS_V1);

/**
 * JSON Schema (draft 2020-12 subset understood by Ajv) of every message on the v1 topics.
 * Documented with examples in docs/integration-events.md. Every object is closed
 * (`additionalProperties: false`): a message carries exactly what the contract names. The
 * contract grows only additively within v1 (new optional fields, new types), and each such
 * change is listed in the document's changelog.
 */
export const CATALOGUE_EVENT_V1_SCHEMA = {
  $id: 'https://ndp-catalogue/schemas/catalogue-event.v1.json',
  type: 'object',
  required: ['eventId', 'type', 'schemaVersion', 'position', 'recordedAt', 'effectiveDate', 'legalBasis', 'reason', 'actor', 'correlationId', 'change'],
  additionalProperties: false,
  properties: {
    eventId: { type: 'string', minLength: 1, maxLength: 100 },
    type: { enum: PUBLISHED_TYPES },
    schemaVersion: { const: 1 },
    position: { type: 'integer', minimum: 1 },
    recordedAt: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' },
    effectiveDate: date,
    legalBasis: nullable(
      closed({ documentNumber: text(100), issuedOn: date, issuer: text(300), signer: text(200), title: text(500) }, ['documentNumber', 'issuedOn']),
    ),
    reason: nullable(text(2000)),
    // `name` only in messages published before the actor's name was withheld; never sent now.
    actor: closed({ role: { enum: ['mic-admin', 'ministry-editor', 'auditor'] }, ministry: nullable(ministryCode), name: text(200) }, ['role', 'ministry']),
    correlationId: text(100),
    platform: closed({ id: text(64), name: text(300), ministry: ministryCode }),
    ministry: closed({ code: ministryCode, name: text(300) }),
    edition: closed({ id: text(100), documentNumber: text(100), issuedOn: date, cutoffDate: date, signer: text(200), title: nullable(text(500)) }, [
      'id',
      'documentNumber',
      'issuedOn',
      'cutoffDate',
      'signer',
    ]),
    change: { type: 'object' },
  },
  allOf: [
    { if: { properties: { type: { pattern: '^platform\\.' } } }, then: { required: ['platform'] } },
    { if: { properties: { type: { pattern: '^ministry\\.' } } }, then: { required: ['ministry'] } },
    { if: { properties: { type: { const: 'edition.published' } } }, then: { required: ['edition'] } },
    ...Object.entries(CHANGE_SCHEMAS_V1).map(([type, schema]) => ({
      if: { properties: { type: { const: type } }, required: ['type'] },
      then: { properties: { change: schema } },
    })),
  ],
} as const;

let compiled: ValidateFunction | null = null;

/** Parses and validates one message value; returns the event or the reasons it was refused. */
export function parseCatalogueEventV1(raw: Buffer | string | null): { ok: true; event: CatalogueEventV1 } | { ok: false; errors: string[] } {
  if (raw === null) return { ok: false, errors: ['empty message'] };
  let value: unknown;
  try {
    value = JSON.parse(raw.toString());
  } catch (e) {
    return { ok: false, errors: [`not JSON: ${(e as Error).message}`] };
  }
  compiled ??= new Ajv({ allErrors: true, strict: false }).compile(CATALOGUE_EVENT_V1_SCHEMA);
  if (compiled(value)) return { ok: true, event: value as CatalogueEventV1 };
  return {
    ok: false,
    errors: (compiled.errors ?? []).map(
      (e) =>
        `${e.instancePath || '/'} ${e.message}${e.keyword === 'additionalProperties' ? `: ${(e.params as { additionalProperty: string }).additionalProperty}` : ''}`,
    ),
  };
}
