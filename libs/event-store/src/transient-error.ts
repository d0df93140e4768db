/** SQLSTATE classes of failures that go away by themselves: connection, rollback (serialization, deadlock), resources, operator, system. */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '40', '53', '57', '58']);

/** Node's codes for a network that failed under a connection. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * Whether an error is the database or the network failing for a while, as opposed to the data or
 * the code: worth retrying until it passes, never a reason to give up on an event.
 */
export function isTransientError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2));
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  return typeof message === 'string' && /connection (terminated|ended)|Connection terminated|timeout exceeded when trying to connect|is not queryable|PGlite is closed/i.test(message);
}
