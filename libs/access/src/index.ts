export * from './api-keys';
export { apiKeysMigration } from './migrations/0008-api-keys';
