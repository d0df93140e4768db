/**
 * The little of PostgreSQL the ledger needs, so that the same SQL runs on a server (pg) or
 * embedded (PGlite). Positions and versions come back as numbers; numeric stays a string.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
}

/** One connection held for a while: for session advisory locks and LISTEN. */
export interface Session extends Queryable {
  listen(channel: string, onNotify: () => void): Promise<void>;
  release(): Promise<void>;
}

export interface Database extends Queryable {
  /**
   * Whether a query runs beside an open transaction, on a connection of its own (a pool), so that
   * work can overlap; on one connection (PGlite) it must wait until the transaction ends.
   */
  readonly overlaps: boolean;
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  session(): Promise<Session>;
  close(): Promise<void>;
}
