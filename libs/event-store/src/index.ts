export * from './database.port';
export * from './pg-database';
export * from './migrator';
export * from './event-store.port';
export * from './event-store.errors';
export * from './postgres-event-store';
export * from './handle-command';
export { eventStoreMigration } from './migrations/0001-event-store';
export * from './pglite-database';
