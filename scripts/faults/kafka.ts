import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Child, freePort, portOpen, readFrom, run, say, sizeOf, tail, waitFor } from './processes';

const KAFKA_VERSION = process.env.KAFKA_VERSION ?? '3.9.1';
/** 16 bytes, base64url, as scripts/services.sh uses. */
const CLUSTER_ID = '5L6g3nShT-eMCtK--X86sw';
const READY = 'Kafka Server started';

/**
 * A Kafka broker of the suite's own (KRaft, one node) on free ports, with its own config, data and
 * log under `dir`, run from the jars scripts/services.sh caches (`services.sh jars` fetches them
 * when missing). Stopping it touches no other broker.
 */
export class OwnKafka {
  private readonly broker: Child;

  private constructor(
    readonly root: string,
    readonly dir: string,
    readonly port: number,
    readonly controllerPort: number,
  ) {
    this.broker = new Child('kafka', 'java', this.javaArgs('kafka.Kafka', this.config), process.env, join(dir, 'kafka.log'), dir);
  }

  static async create(root: string, dir: string): Promise<OwnKafka> {
    await run('bash', [join(root, 'scripts/services.sh'), 'jars'], { cwd: root, timeoutMs: 600_000 });
    mkdirSync(dir, { recursive: true });
    const kafka = new OwnKafka(root, dir, await freePort(), await freePort());
    const template = readFileSync(join(root, 'scripts/kafka/server.properties'), 'utf8');
    writeFileSync(
      kafka.config,
      template
        .replaceAll('@KAFKA_PORT@', String(kafka.port))
        .replaceAll('@KAFKA_CONTROLLER_PORT@', String(kafka.controllerPort))
        .replaceAll('@KAFKA_DATA_DIR@', join(dir, 'data')),
    );
    await run('java', kafka.javaArgs('kafka.tools.StorageTool', 'format', '-t', CLUSTER_ID, '-c', kafka.config, '--ignore-formatted'), { cwd: dir });
    return kafka;
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  get config(): string {
    return join(this.dir, 'server.properties');
  }

  get pid(): number | undefined {
    return this.broker.pid;
  }

  get deaths(): readonly string[] {
    return this.broker.deaths;
  }

  private javaArgs(main: string, ...args: string[]): string[] {
    const libs = join(this.root, '.cache/kafka', KAFKA_VERSION, 'libs');
    if (!existsSync(join(libs, `kafka_2.13-${KAFKA_VERSION}.jar`))) throw new Error(`no Kafka jars in ${libs}: run bash scripts/services.sh jars`);
    return [
      '-Xms256m',
      '-Xmx768m',
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      `-Dlog4j.configuration=file:${join(this.root, 'scripts/kafka/log4j.properties')}`,
      '-cp',
      `${libs}/*`,
      main,
      ...args,
    ];
  }

  /** Starts the broker and waits until it says it started and its port answers. */
  async start(): Promise<void> {
    const from = sizeOf(this.broker.logFile);
    const t0 = Date.now();
    this.broker.start();
    try {
      await waitFor(
        `kafka on ${this.brokers}`,
        async () => {
          if (!this.broker.running) throw new Error('the broker exited');
          return readFrom(this.broker.logFile, from).includes(READY) && (await portOpen(this.port));
        },
        120_000,
        300,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- ${this.broker.logFile}\n${tail(this.broker.logFile, 40)}`, { cause: error });
    }
    say(`kafka: ready on ${this.brokers} in ${((Date.now() - t0) / 1000).toFixed(1)} s (pid ${this.pid})`);
  }

  /** A clean stop (SIGTERM), as `services.sh down` does; SIGKILL after 30 s. */
  async stop(): Promise<void> {
    const inTime = await this.broker.stop(30_000);
    if (!inTime) say('kafka: did not stop within 30 s; killed');
  }
}
