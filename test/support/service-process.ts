import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

const ROOT = join(__dirname, '..', '..');

export interface Service {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly logs: Record<string, unknown>[];
  readonly exited: Promise<{ code: number | null; at: number }>;
  /** Resolves with the first log line that `match` accepts. */
  waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/**
 * Runs an app as production does, in a process of its own, JSON logs on stdout: from its
 * TypeScript entry point, compiled as it loads by ts-node with SWC, so no stale build is tested;
 * or, for a benchmark that weighs its memory, from the build in dist/ (`npm run start:api`).
 */
export function runService(app: 'api' | 'projector', env: Record<string, string>, from: 'source' | 'dist' = 'source'): Service {
  const entry = from === 'dist' ? [join('dist', 'apps', app, 'main.js')] : ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', join('apps', app, 'src', 'main.ts')];
  const child = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', TS_NODE_SWC: 'true', TS_NODE_TRANSPILE_ONLY: 'true', LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: line });
      }
      for (const wake of [...waiters]) wake();
    }
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
  return {
    child,
    logs,
    exited,
    waitForLog: (match, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = logs.find(match);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${app}: no such log line in ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}; last logs: ${JSON.stringify(logs.slice(-5))}`));
        }, timeoutMs);
        waiters.add(check);
        void exited.then(() => setTimeout(check, 10));
        check();
      }),
  };
}

