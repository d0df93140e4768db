export * from './common.v1';
export * from './events/shipments.v1';
export * from './events/aid-requests.v1';
export * from './events/packages.v1';
export * from './events/developments.v1';
export * from './events/catalogue';
export * from './http/commands.v1';
export * from './json-schema';
