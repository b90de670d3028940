export * from './event-hash';
export * from './signed-head';
export * from './verify-store';
export * from './log-file';
