import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { say, sleep } from './processes';

type Entry = { pid: number; match: string } | { dir: string; pgData?: string };

/** The command line of a live process, or undefined. */
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

/**
 * What a run has started, written down as it goes (processes by pid and a part of their command
 * line, folders), so that a run killed too hard to clean up after itself (SIGKILL) is cleaned up by
 * the next one. Only what this file names is touched, and a pid only while its command line
 * still matches.
 */
export class Leftovers {
  private entries: Entry[] = [];

  constructor(private readonly file: string) {}

  add(entry: Entry): void {
    this.entries.push(entry);
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify(this.entries, null, 1));
  }

  /** Stops and removes what an earlier run left behind. */
  async clean(): Promise<void> {
    if (!existsSync(this.file)) return;
    const entries = JSON.parse(readFileSync(this.file, 'utf8')) as Entry[];
    for (const entry of entries) {
      if ('pid' in entry) {
        if (commandLine(entry.pid)?.includes(entry.match)) {
          say(`an earlier run left pid ${entry.pid} running; killing it`);
          process.kill(entry.pid, 'SIGKILL');
        }
        continue;
      }
      if (entry.pgData && existsSync(join(entry.pgData, 'postmaster.pid'))) {
        const pid = Number(readFileSync(join(entry.pgData, 'postmaster.pid'), 'utf8').split('\n')[0]);
        if (pid > 0 && commandLine(pid)?.includes(entry.pgData)) {
          say(`an earlier run left PostgreSQL (pid ${pid}) running; stopping it`);
          process.kill(pid, 'SIGQUIT');
          for (let i = 0; i < 50 && commandLine(pid) !== undefined; i++) await sleep(100);
        }
      }
      rmSync(entry.dir, { recursive: true, force: true });
    }
    rmSync(this.file, { force: true });
  }

  /** The run is over and cleaned up. */
  done(): void {
    this.entries = [];
    rmSync(this.file, { force: true });
  }
}
