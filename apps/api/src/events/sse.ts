import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';

/** One Server-Sent Event: `id:` and `event:` lines, then the data as one line of JSON. */
export function sseEvent(event: string, data: unknown, id?: number | string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: clients ignore it, proxies and load balancers see a live connection. */
export const SSE_HEARTBEAT = ': keep-alive\n\n';

/**
 * An open text/event-stream response, written to the raw socket (Fastify is told to keep out).
 * Waits for the socket to drain before writing more, and ends a client that does not read for
 * `slowReaderMs` (it reconnects with Last-Event-ID and goes on from where it was). Heartbeats are
 * the feed's: one timer for every connection.
 */
export class SseConnection {
  private readonly controller = new AbortController();
  /** When it last wrote: the feed's heartbeat writes to connections idle for a while. */
  lastWrite = Date.now();

  private constructor(
    private readonly raw: ServerResponse,
    private readonly slowReaderMs: number,
  ) {
    raw.on('close', () => this.end());
  }

  static open(reply: FastifyReply, slowReaderMs: number, retryMs = 1000): SseConnection {
    void reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const connection = new SseConnection(reply.raw, slowReaderMs);
    void connection.write(`retry: ${retryMs}\n\n`);
    return connection;
  }

  /** Aborted when the client disconnects or the server ends the stream. */
  get closed(): AbortSignal {
    return this.controller.signal;
  }

  /** Writes a chunk; resolves once the socket can take more, or the connection is gone (ended if it stays full too long). */
  async write(chunk: string): Promise<void> {
    if (this.closed.aborted) return;
    this.lastWrite = Date.now();
    if (this.raw.write(chunk)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.raw.off('drain', done);
        this.closed.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(() => this.end(), this.slowReaderMs);
      timer.unref();
      this.raw.once('drain', done);
      this.closed.addEventListener('abort', done);
    });
  }

  /**
   * The server closes the stream (it shuts down): tells the client when to reconnect, ends the
   * response and the connection under it once the last bytes are out.
   */
  close(retryMs: number): void {
    if (this.closed.aborted) return;
    this.raw.write(`: the server is shutting down; reconnect with Last-Event-ID\nretry: ${retryMs}\n\n`);
    this.raw.once('finish', () => this.raw.socket?.end());
    this.end();
  }

  end(): void {
    if (this.closed.aborted) return;
    this.controller.abort();
    this.raw.end();
  }
}
