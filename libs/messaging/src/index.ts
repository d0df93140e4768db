export * from './topics';
export * from './cloud-event';
export * from './kafka';
export * from './outbox-relay';
export * from './event-consumer';
