export * from './event-store.errors';
export * from './log-position';
export * from './log-signal';
export * from './event-store.schema';
export * from './data-source';
export * from './postgres-event-store';
export * from './checkpoints';
export * from './command-handler';
