export * from './event-store.port';
export * from './subscription';
export * from './sqlite/sqlite.event-store';
export * from './in-memory/in-memory.event-store';
export * from './eventstoredb/esdb.event-store';
export * from './eventstoredb/esdb-mapping';
