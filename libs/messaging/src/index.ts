export * from './topics';
export * from './cloud-event';
export * from './kafka';
export * from './transport.port';
export * from './kafka-transport';
export * from './in-process-transport';
export * from './outbox-relay';
export * from './event-consumer';
