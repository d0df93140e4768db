import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, run, say, tail } from './processes';

/** The newest installed PostgreSQL server binaries (Debian layout), or POSTGRES_BIN. */
function serverBin(): string {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'initdb')) && existsSync(join(root, version, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server in ${root}/<version>/bin (apt-get install postgresql-15), and POSTGRES_BIN is not set`);
  return join(root, versions[0] as string, 'bin');
}

/**
 * A PostgreSQL cluster of the suite's own: initdb into a temporary folder, trust auth, listening on
 * 127.0.0.1 on a free port (its socket in that folder), fsync on. initdb and postgres refuse to run
 * as root, so as root it runs as the `postgres` system user. Restarting it touches nothing else.
 */
export class OwnPostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly asUser: readonly string[],
  ) {}

  static async create(): Promise<OwnPostgres> {
    const bin = serverBin();
    const dir = mkdtempSync(join(tmpdir(), 'policy-ledger-faults-pg-'));
    let asUser: string[] = [];
    if (userInfo().uid === 0) {
      const uid = Number((await run('id', ['-u', 'postgres'])).trim());
      const gid = Number((await run('id', ['-g', 'postgres'])).trim());
      chownSync(dir, uid, gid);
      asUser = ['runuser', '-u', 'postgres', '--'];
    }
    const pg = new OwnPostgres(dir, await freePort(), bin, asUser);
    await pg.as(join(bin, 'initdb'), ['-D', pg.data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    return pg;
  }

  get data(): string {
    return join(this.dir, 'data');
  }

  get log(): string {
    return join(this.dir, 'postgres.log');
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private as(command: string, args: readonly string[]): Promise<string> {
    const [first, ...rest] = this.asUser.length > 0 ? [...this.asUser, command, ...args] : [command, ...args];
    return run(first as string, rest, { cwd: '/' });
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=on -c synchronous_commit=on -c max_connections=200`;
    try {
      await this.as(join(this.bin, 'pg_ctl'), ['-D', this.data, '-l', this.log, '-w', '-t', '60', '-o', options, 'start']);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- ${this.log}\n${tail(this.log)}`, { cause: error });
    }
  }

  /** pg_ctl stop: `fast` rolls back open transactions and closes every connection. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.as(join(this.bin, 'pg_ctl'), ['-D', this.data, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  async createDatabase(name: string): Promise<void> {
    const client = new Client({ connectionString: this.url('postgres') });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
  }

  /** Stops it if it runs and removes its folder. */
  async destroy(): Promise<void> {
    if (existsSync(join(this.data, 'postmaster.pid'))) {
      await this.stop('immediate').catch((error: unknown) => say(`postgres: stop failed: ${(error as Error).message}`));
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
