import type { LedgerMetrics } from '@policy-ledger/observability';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { LedgerHealth } from './health';

export interface OperationsServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The projector's small HTTP server (plain node:http, no framework): GET /metrics (Prometheus
 * text), /health/live, /health/ready (503 unless ready) and /health (live, for compatibility).
 */
export async function serveOperations(options: { host: string; port: number; metrics: LedgerMetrics; health: LedgerHealth; logger: Logger }): Promise<OperationsServer> {
  const { metrics, health, logger } = options;
  const json = (status: number, body: unknown) => ({ status, type: 'application/json; charset=utf-8', body: JSON.stringify(body) });
  const answer = async (path: string) => {
    switch (path) {
      case '/metrics':
        return { status: 200, type: metrics.contentType, body: await metrics.scrape() };
      case '/health':
      case '/health/live':
        return json(200, health.live());
      case '/health/ready': {
        const readiness = await health.ready();
        return json(readiness.status === 'ready' ? 200 : 503, readiness);
      }
      default:
        return json(404, { status: 404, title: 'Not found', detail: 'this server answers GET /metrics, /health/live and /health/ready' });
    }
  };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const reply = request.method === 'GET' || request.method === 'HEAD' ? answer(path) : Promise.resolve(json(405, { status: 405, title: 'Method not allowed' }));
    reply
      .catch((error: unknown) => {
        logger.error({ err: error, path }, 'operations server: answering failed');
        return json(500, { status: 500, title: 'Internal error' });
      })
      .then(({ status, type, body }) => {
        response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        response.end(request.method === 'HEAD' ? undefined : body);
      });
  });
  // Scrapes and probes come and go: no connection keeps the server from closing.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
