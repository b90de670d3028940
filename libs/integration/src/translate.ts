import type { StoredEvent } from '@ndp/event-store';
import { CatalogueEventV1, EntityLabel, INTEGRATION_SCHEMA_VERSION, OutgoingMessage } from './integration-event.v1';
import { HEADERS } from './topics';

type Data = Record<string, any>;

function nextLabel(e: StoredEvent, label: EntityLabel | undefined): EntityLabel | undefined {
  const d = e.data as Data;
  const at = e.metadata.effectiveDate;
  switch (e.type) {
    case 'platform.registered':
      return { name: d.name, nameFrom: at, ministry: d.ownerMinistry, ministryFrom: at };
    case 'ministry.registered':
      return { name: d.name, nameFrom: at, ministry: d.code, ministryFrom: at };
    case 'platform.amended':
    case 'platform.corrected':
      return label && typeof d.changes?.name === 'string' && at >= label.nameFrom ? { ...label, name: d.changes.name, nameFrom: at } : label;
    case 'ministry.renamed':
      return label && at >= label.nameFrom ? { ...label, name: d.name, nameFrom: at } : label;
    case 'platform.transferred':
      return label && at >= label.ministryFrom ? { ...label, ministry: d.toMinistry, ministryFrom: at } : label;
    default:
      return label;
  }
}

function change(e: StoredEvent): Record<string, unknown> {
  const d = e.data as Data;
  switch (e.type) {
    case 'platform.registered': {
      const { platformId, ...fields } = d;
      void platformId;
      return fields;
    }
    case 'platform.amended':
    case 'platform.corrected':
      return { changes: d.changes };
    case 'platform.transferred':
      return { fromMinistry: d.fromMinistry, toMinistry: d.toMinistry, mergerOf: d.mergerOf ?? null };
    case 'ministry.registered':
      return { code: d.code, name: d.name };
    case 'ministry.renamed':
      return { name: d.name, previousName: d.previousName };
    case 'ministry.merged':
      return { into: d.into };
    case 'edition.published':
      return { logPosition: d.logPosition };
    default:
      return {};
  }
}

/**
 * Internal event → published message (or null for what is not published). Pure: the label of
 * the entity before the event comes in, the label after goes out for the relay to keep.
 */
export function translate(e: StoredEvent, before: EntityLabel | undefined): { message: OutgoingMessage | null; label: EntityLabel | undefined } {
  const label = nextLabel(e, before);
  const kind = e.type.startsWith('platform.') ? 'platform' : e.type.startsWith('ministry.') ? 'ministry' : e.type === 'edition.published' ? 'edition' : null;
  if (!kind || (kind !== 'edition' && !label)) return { message: null, label };
  const d = e.data as Data;
  const value: CatalogueEventV1 = {
    eventId: e.eventId,
    type: e.type,
    schemaVersion: INTEGRATION_SCHEMA_VERSION,
    position: e.position,
    recordedAt: e.recordedAt,
    effectiveDate: e.metadata.effectiveDate,
    legalBasis: e.metadata.legalBasis,
    reason: e.metadata.reason,
    actor: { name: e.metadata.actor.name, role: e.metadata.actor.role, ministry: e.metadata.actor.ministry },
    correlationId: e.metadata.correlationId,
    change: change(e),
  };
  let key: string;
  if (kind === 'platform') {
    key = d.platformId;
    value.platform = { id: d.platformId, name: label!.name, ministry: label!.ministry };
  } else if (kind === 'ministry') {
    key = d.code;
    value.ministry = { code: d.code, name: label!.name };
  } else {
    key = d.editionId;
    value.edition = { id: d.editionId, documentNumber: d.documentNumber, issuedOn: d.issuedOn, cutoffDate: d.cutoffDate, signer: d.signer, title: d.title ?? null };
  }
  return {
    label,
    message: {
      topic: kind,
      key,
      value,
      headers: {
        [HEADERS.eventId]: e.eventId,
        [HEADERS.type]: e.type,
        [HEADERS.schemaVersion]: String(INTEGRATION_SCHEMA_VERSION),
        [HEADERS.correlationId]: e.metadata.correlationId,
        [HEADERS.position]: String(e.position),
      },
    },
  };
}
