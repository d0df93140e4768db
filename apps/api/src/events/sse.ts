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
 * Sends a heartbeat comment when nothing else was written for a heartbeat interval, waits for
 * the socket to drain before writing more, and aborts `closed` when the client goes away.
 */
export class SseConnection {
  private readonly controller = new AbortController();
  private readonly heartbeat: NodeJS.Timeout;
  private wroteSinceBeat = false;

  private constructor(private readonly raw: ServerResponse, heartbeatMs: number) {
    raw.on('close', () => this.end());
    this.heartbeat = setInterval(() => {
      if (!this.wroteSinceBeat) void this.write(SSE_HEARTBEAT);
      this.wroteSinceBeat = false;
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  static open(reply: FastifyReply, heartbeatMs: number, retryMs = 1000): SseConnection {
    void reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const connection = new SseConnection(reply.raw, heartbeatMs);
    void connection.write(`retry: ${retryMs}\n\n`);
    return connection;
  }

  /** Aborted when the client disconnects or the server ends the stream. */
  get closed(): AbortSignal {
    return this.controller.signal;
  }

  /** Writes a chunk; resolves once the socket can take more, or the connection is gone. */
  async write(chunk: string): Promise<void> {
    if (this.closed.aborted) return;
    this.wroteSinceBeat = true;
    if (this.raw.write(chunk)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.raw.off('drain', done);
        this.closed.removeEventListener('abort', done);
        resolve();
      };
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
    clearInterval(this.heartbeat);
    this.controller.abort();
    this.raw.end();
  }
}
