/**
 * Many SSE clients in a process of their own, as they would be in life (their parsing then does
 * not slow the server under test). Forked by `startSwarm`; told what to open over IPC, it answers
 * with each stream's status and the ids it has received.
 */
import { fork } from 'node:child_process';
import { Agent, get } from 'node:http';
import { SseParser } from './sse-client';

type Request = { open: { url: string; count: number; headers?: Record<string, string> } } | { report: true } | { close: true };
interface Report {
  statuses: number[];
  ids: number[][];
}

export interface Swarm {
  /** Opens `count` streams; resolves with their statuses once each has answered. */
  open(url: string, count: number, headers?: Record<string, string>): Promise<number[]>;
  /** The ids each stream has received so far, in the order of opening. */
  report(): Promise<number[][]>;
  close(): Promise<void>;
}

export function startSwarm(): Swarm {
  const child = fork(__filename, [], { execArgv: ['-r', 'ts-node/register/transpile-only'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = <T>(request: Request) =>
    new Promise<T>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the SSE swarm exited with ${code}`));
      child.once('exit', exited);
      child.once('message', (answer) => {
        child.off('exit', exited);
        resolve(answer as T);
      });
      child.send(request);
    });
  return {
    open: async (url, count, headers) => (await ask<Report>({ open: { url, count, headers } })).statuses,
    report: async () => (await ask<Report>({ report: true })).ids,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ close: true });
      }),
  };
}

/** One SSE client over node:http (lighter than fetch): its status and the ids it has received. */
export interface Stream {
  readonly status: number;
  readonly ids: number[];
  close(): void;
}

const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

export function openStream(url: string, headers: Record<string, string> = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent, headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      const parser = new SseParser();
      const ids: number[] = [];
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        for (const message of parser.push(chunk)) ids.push(Number(message.id));
      });
      response.on('error', () => undefined);
      resolve({ status: response.statusCode ?? 0, ids, close: () => request.destroy() });
    });
    request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
  });
}

function serve(): void {
  const streams: Stream[] = [];
  process.on('message', (request: Request) => {
    if ('open' in request) {
      const { url, count, headers } = request.open;
      void Promise.all(Array.from({ length: count }, () => openStream(url, headers))).then((opened) => {
        streams.push(...opened);
        process.send?.({ statuses: opened.map((stream) => stream.status), ids: [] } satisfies Report);
      });
    } else if ('report' in request) {
      process.send?.({ statuses: streams.map((stream) => stream.status), ids: streams.map((stream) => stream.ids) } satisfies Report);
    } else {
      for (const stream of streams) stream.close();
      process.exit(0);
    }
  });
}

if (require.main === module) serve();
