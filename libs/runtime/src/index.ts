export * from './config';
export * from './logger';
export * from './ledger';
export * from './health';
export * from './operations-server';
export * from './shutdown';
