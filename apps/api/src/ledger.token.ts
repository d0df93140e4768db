/** Injection token of the Ledger (database, event store, Kafka) the app was started with. */
export const LEDGER = Symbol('Ledger');
