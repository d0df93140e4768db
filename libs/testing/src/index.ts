export * from './article';
export * from './stored-events';
export * from './given-when-then';
