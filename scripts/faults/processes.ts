import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import { createServer, Socket } from 'node:net';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const started = Date.now();

/** A progress line, with the seconds since the suite started. */
export function say(message: string): void {
  console.log(`[faults ${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${message}`);
}

/** A TCP port nothing listens on now (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when host:port accepts a TCP connection. */
export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/** Polls `check` until it holds; throws naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | false | undefined | null>, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== false && value !== undefined && value !== null) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const why = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`${what}: not within ${Math.round(timeoutMs / 1000)} s${why}`);
    }
    await sleep(intervalMs);
  }
}

/** Runs a command to its end; rejects with its output when it fails. */
export function run(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { env: options.env ?? process.env, cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed (${error.message.split('\n')[0]}):\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

/** The last lines of a log file, for a failure report. */
export function tail(file: string, lines = 30): string {
  if (!existsSync(file)) return `(no ${file})`;
  const text = readFileSync(file, 'utf8');
  return text.split('\n').slice(-lines - 1).join('\n');
}

/** What a log file holds after `from` bytes. */
export function readFrom(file: string, from: number): string {
  if (!existsSync(file)) return '';
  return readFileSync(file).subarray(from).toString('utf8');
}

export function sizeOf(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

let spawned: (pid: number, match: string) => void = () => undefined;

/** Hears of every child process started, with a part of its command line (for Leftovers). */
export function onSpawn(hook: (pid: number, match: string) => void): void {
  spawned = hook;
}

/**
 * A long-running child process of the suite (the API, the projector, the Kafka broker), its output
 * appended to a log file across restarts. An exit the suite did not ask for is recorded in `deaths`.
 */
export class Child {
  private process: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private expectExit = false;
  readonly deaths: string[] = [];

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: readonly string[],
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
    private readonly cwd?: string,
  ) {}

  get pid(): number | undefined {
    return this.process?.pid;
  }

  get running(): boolean {
    return this.process !== undefined && this.process.exitCode === null && this.process.signalCode === null;
  }

  start(): number {
    if (this.running) throw new Error(`${this.name} is running already (pid ${this.pid})`);
    const log = openSync(this.logFile, 'a');
    const child = spawn(this.command, [...this.args], { env: this.env, cwd: this.cwd, stdio: ['ignore', log, log] });
    closeSync(log);
    this.expectExit = false;
    this.process = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        if (!this.expectExit) {
          const line = `${this.name} (pid ${child.pid}) exited by itself: ${signal ? `signal ${signal}` : `code ${code}`}`;
          this.deaths.push(line);
          say(`UNEXPECTED: ${line}`);
        }
        resolve();
      });
      child.once('error', (error) => {
        this.deaths.push(`${this.name} could not start: ${error.message}`);
        resolve();
      });
    });
    if (child.pid === undefined) throw new Error(`${this.name}: spawn ${this.command} failed`);
    spawned(child.pid, this.args.at(-1) ?? this.command);
    return child.pid;
  }

  /** kill -9, and wait until it is gone. */
  async kill9(): Promise<void> {
    if (!this.running) return;
    this.expectExit = true;
    this.process?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM; SIGKILL after `timeoutMs`. Answers whether it stopped on its own within the time. */
  async stop(timeoutMs = 20_000): Promise<boolean> {
    if (!this.running) return true;
    this.expectExit = true;
    this.process?.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([this.exited.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))]);
    clearTimeout(timer);
    if (!inTime) {
      this.process?.kill('SIGKILL');
      await this.exited;
    }
    return inTime;
  }

  /** Resolves when it exits (whoever asked). */
  waitExit(): Promise<void> {
    return this.exited;
  }
}

/** Steps that undo what the suite started, run in reverse order once, on success, failure or a signal. */
export class Cleanup {
  private readonly steps: { name: string; run: () => Promise<unknown> }[] = [];
  private ran: Promise<void> | undefined;

  add(name: string, step: () => Promise<unknown>): void {
    this.steps.push({ name, run: step });
  }

  run(): Promise<void> {
    this.ran ??= (async () => {
      for (const step of [...this.steps].reverse()) {
        try {
          await step.run();
        } catch (error) {
          console.error(`cleanup: ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return this.ran;
  }
}
