/** Published topics. The `.v1` is the schema's major version: a breaking change gets a new topic. */
export const TOPICS = {
  platform: 'ndp.catalogue.platform-events.v1',
  ministry: 'ndp.catalogue.ministry-events.v1',
  edition: 'ndp.catalogue.edition-events.v1',
} as const;

export type TopicKind = keyof typeof TOPICS;

/** A prefix lets several environments (or test runs) share one cluster without mixing messages. */
export function topicName(kind: TopicKind, prefix = ''): string {
  return `${prefix}${TOPICS[kind]}`;
}

/** Header names on every message. Values are UTF-8 strings. */
export const HEADERS = {
  eventId: 'ndp-event-id',
  type: 'ndp-event-type',
  schemaVersion: 'ndp-schema-version',
  correlationId: 'ndp-correlation-id',
  position: 'ndp-position',
} as const;
