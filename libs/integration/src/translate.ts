import type { StoredEvent } from '@ndp/event-store';
import {
  CatalogueEventEnvelopeV1,
  CatalogueEventV1,
  EntityLabel,
  INTEGRATION_SCHEMA_VERSION,
  LegalBasisV1,
  OutgoingMessage,
  PublishedEventType,
} from './integration-event.v1';
import { isInternalEventType, PUBLICATION_V1, PublishedMapping } from './publication.v1';
import type { StoredEventData } from './stored-events';
import { HEADERS } from './topics';

/** The stored data of an event of a known type (the log's JSON; see stored-events.ts). */
function dataOf<T extends keyof StoredEventData>(e: StoredEvent, _type: T): StoredEventData[T] {
  return e.data as StoredEventData[T];
}

function nextLabel(e: StoredEvent, label: EntityLabel | undefined): EntityLabel | undefined {
  const at = e.metadata.effectiveDate;
  switch (e.type) {
    case 'platform.registered': {
      const d = dataOf(e, 'platform.registered');
      return { name: d.name, nameFrom: at, ministry: d.ownerMinistry, ministryFrom: at };
    }
    case 'ministry.registered': {
      const d = dataOf(e, 'ministry.registered');
      return { name: d.name, nameFrom: at, ministry: d.code, ministryFrom: at };
    }
    case 'platform.amended':
    case 'platform.corrected': {
      const name = dataOf(e, 'platform.amended').changes?.name;
      return label && typeof name === 'string' && at >= label.nameFrom ? { ...label, name, nameFrom: at } : label;
    }
    case 'ministry.renamed':
      return label && at >= label.nameFrom ? { ...label, name: dataOf(e, 'ministry.renamed').name, nameFrom: at } : label;
    case 'platform.transferred':
      return label && at >= label.ministryFrom ? { ...label, ministry: dataOf(e, 'platform.transferred').toMinistry, ministryFrom: at } : label;
    default:
      return label;
  }
}

/** Only the documented fields of the legal basis, never whatever else the metadata might hold. */
function legalBasis(b: StoredEvent['metadata']['legalBasis']): LegalBasisV1 | null {
  if (!b) return null;
  const out: LegalBasisV1 = { documentNumber: b.documentNumber, issuedOn: b.issuedOn };
  if (b.issuer !== undefined) out.issuer = b.issuer;
  if (b.signer !== undefined) out.signer = b.signer;
  if (b.title !== undefined) out.title = b.title;
  return out;
}

/**
 * Internal event → published message (or null for what is not published). Pure: the label of
 * the entity before the event comes in, the label after goes out for the relay to keep. What is
 * published of each type is declared in PUBLICATION_V1.
 */
export function translate(e: StoredEvent, before: EntityLabel | undefined): { message: OutgoingMessage | null; label: EntityLabel | undefined } {
  const label = nextLabel(e, before);
  if (!isInternalEventType(e.type)) return { message: null, label };
  const mapping = PUBLICATION_V1[e.type];
  if (mapping.topic === null) return { message: null, label };
  const type = e.type as PublishedEventType;
  const kind = mapping.topic;
  if (kind !== 'edition' && !label) return { message: null, label };
  const envelope: CatalogueEventEnvelopeV1 = {
    eventId: e.eventId,
    schemaVersion: INTEGRATION_SCHEMA_VERSION,
    position: e.position,
    recordedAt: e.recordedAt,
    effectiveDate: e.metadata.effectiveDate,
    legalBasis: legalBasis(e.metadata.legalBasis),
    reason: e.metadata.reason,
    // Role and ministry only: the actor's name and subject id are personal data and stay in the audit log.
    actor: { role: e.metadata.actor.role, ministry: e.metadata.actor.ministry },
    correlationId: e.metadata.correlationId,
  };
  let key: string;
  if (kind === 'platform') {
    const id = (e.data as { platformId: string }).platformId;
    key = id;
    envelope.platform = { id, name: label!.name, ministry: label!.ministry };
  } else if (kind === 'ministry') {
    const code = (e.data as { code: string }).code;
    key = code;
    envelope.ministry = { code, name: label!.name };
  } else {
    const d = dataOf(e, 'edition.published');
    key = d.editionId;
    envelope.edition = {
      id: d.editionId,
      documentNumber: d.documentNumber,
      issuedOn: d.issuedOn,
      cutoffDate: d.cutoffDate,
      signer: d.signer,
      title: d.title ?? null,
    };
  }
  const change = (mapping as PublishedMapping<typeof type>).change(e.data as never);
  const value = { ...envelope, type, change } as CatalogueEventV1;
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
