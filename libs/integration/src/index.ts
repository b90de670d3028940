export * from './topics';
export * from './integration-event.v1';
export * from './translate';
export * from './schema.v1';
export * from './kafka-config';
export * from './relay/relay-state';
export * from './relay/kafka-relay';
export * from './watch/catalogue-watcher';
