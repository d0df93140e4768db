import type { Database, Session } from './database.port';
import { EVENTS_APPENDED_CHANNEL } from './postgres-event-store';

/**
 * One LISTEN on the appends channel for a whole process, shared by every reader that follows the
 * ledger (one connection, however many subscribers). A notification only wakes readers up; they
 * read by position, so a notification lost while the connection is down costs latency, not
 * events: every waiter also wakes up after its own fallback timeout.
 */
export class AppendSignal {
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  private session: Session | undefined;
  private listening: Promise<void> | undefined;
  private closed = false;
  private notifications = 0;

  constructor(private readonly db: Database) {}

  /** Starts listening if it is not yet; resolves once notifications arrive (or listening failed). */
  async ready(): Promise<void> {
    if (this.closed) return;
    this.listening ??= this.listen();
    await this.listening;
  }

  /** Calls `listener` on every notification, as long as the signal is open. */
  onNotify(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** How many notifications have arrived: take it before reading, pass it to wait() after. */
  get count(): number {
    return this.notifications;
  }

  /**
   * Resolves once a notification beyond `seen` has arrived (at once if one already has), after
   * `timeoutMs`, or when `abort` fires, whichever comes first. With `seen` taken before a read, an
   * append that commits between the read and the wait still wakes the reader.
   */
  wait(seen: number, timeoutMs: number, abort?: AbortSignal): Promise<void> {
    if (this.notifications > seen || this.closed || abort?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        abort?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      abort?.addEventListener('abort', done);
      this.waiters.add(done);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    for (const wake of [...this.waiters]) wake();
    await this.listening?.catch(() => undefined);
    const session = this.session;
    this.session = undefined;
    await session?.release().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    let session: Session | undefined;
    try {
      session = await this.db.session();
      await session.listen(EVENTS_APPENDED_CHANNEL, () => {
        this.notifications += 1;
        for (const wake of [...this.waiters]) wake();
        for (const listener of this.listeners) listener();
      });
      this.session = session;
    } catch {
      // Readers fall back to their timeouts; the next ready() tries again.
      this.listening = undefined;
      await session?.release().catch(() => undefined);
    }
  }
}
