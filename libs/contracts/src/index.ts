export * from './common';
export * from './shipments';
export * from './aid-requests';
export * from './packages';
export * from './developments';
export * from './catalogue';
export * from './decode';
export * from './json-schema';
