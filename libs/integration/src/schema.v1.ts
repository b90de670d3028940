import Ajv, { ValidateFunction } from 'ajv';
import type { CatalogueEventV1 } from './integration-event.v1';

const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const text = (max: number) => ({ type: 'string', maxLength: max });
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

/**
 * JSON Schema (draft 2020-12 subset understood by Ajv) of every message on the v1 topics.
 * Documented with an example in docs/integration-events.md. Additive changes (new optional
 * fields, new types) stay v1; consumers must ignore what they do not know.
 */
export const CATALOGUE_EVENT_V1_SCHEMA = {
  $id: 'https://ndp-catalogue/schemas/catalogue-event.v1.json',
  type: 'object',
  required: ['eventId', 'type', 'schemaVersion', 'position', 'recordedAt', 'effectiveDate', 'legalBasis', 'reason', 'actor', 'correlationId', 'change'],
  properties: {
    eventId: { type: 'string', minLength: 1, maxLength: 100 },
    type: {
      enum: [
        'platform.registered',
        'platform.amended',
        'platform.corrected',
        'platform.withdrawn',
        'platform.reinstated',
        'platform.transferred',
        'ministry.registered',
        'ministry.renamed',
        'ministry.merged',
        'edition.published',
      ],
    },
    schemaVersion: { const: 1 },
    position: { type: 'integer', minimum: 1 },
    recordedAt: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' },
    effectiveDate: date,
    legalBasis: nullable({
      type: 'object',
      required: ['documentNumber', 'issuedOn'],
      properties: { documentNumber: text(100), issuedOn: date, issuer: text(300), signer: text(200), title: text(500) },
    }),
    reason: nullable(text(2000)),
    actor: {
      type: 'object',
      required: ['name', 'role', 'ministry'],
      properties: { name: text(200), role: { enum: ['mic-admin', 'ministry-editor', 'auditor'] }, ministry: nullable(text(20)) },
    },
    correlationId: text(100),
    platform: { type: 'object', required: ['id', 'name', 'ministry'], properties: { id: text(64), name: text(300), ministry: text(20) } },
    ministry: { type: 'object', required: ['code', 'name'], properties: { code: text(20), name: text(300) } },
    edition: {
      type: 'object',
      required: ['id', 'documentNumber', 'issuedOn', 'cutoffDate', 'signer'],
      properties: { id: text(100), documentNumber: text(100), issuedOn: date, cutoffDate: date, signer: text(200), title: nullable(text(500)) },
    },
    change: { type: 'object' },
  },
  allOf: [
    { if: { properties: { type: { pattern: '^platform\\.' } } }, then: { required: ['platform'] } },
    { if: { properties: { type: { pattern: '^ministry\\.' } } }, then: { required: ['ministry'] } },
    { if: { properties: { type: { const: 'edition.published' } } }, then: { required: ['edition'] } },
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
  return { ok: false, errors: (compiled.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`) };
}
