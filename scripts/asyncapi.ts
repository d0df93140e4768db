/**
 * npm run asyncapi [-- --check]
 * Writes docs/asyncapi.json, the AsyncAPI 3.0 document of the Kafka topics, from the event
 * catalogue and the code that writes the messages. With --check it writes nothing and exits 1
 * when the committed document differs from a fresh one (CI runs the same check in a unit spec).
 */
import { asyncApiDocument } from '@policy-ledger/messaging';
import { loadConfig } from '@policy-ledger/runtime';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ASYNCAPI_PATH = join(__dirname, '..', 'docs', 'asyncapi.json');

/** The document for the default settings (topic prefix, partitions), as committed. */
export async function generateAsyncApi(): Promise<string> {
  const defaults = loadConfig({});
  const { version } = JSON.parse(await readFile(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  const document = asyncApiDocument({
    prefix: defaults.KAFKA_TOPIC_PREFIX,
    partitions: defaults.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: defaults.KAFKA_REPLICATION_FACTOR,
    brokers: '127.0.0.1:9092',
    version,
  });
  return `${JSON.stringify(document, null, 2)}\n`;
}

async function main(): Promise<void> {
  const fresh = await generateAsyncApi();
  if (process.argv.includes('--check')) {
    const committed = await readFile(ASYNCAPI_PATH, 'utf8').catch(() => '');
    if (committed !== fresh) {
      console.error(`${ASYNCAPI_PATH} is out of date with the event catalogue: run npm run asyncapi and commit it`);
      process.exit(1);
    }
    console.log(`${ASYNCAPI_PATH} is up to date`);
    return;
  }
  await writeFile(ASYNCAPI_PATH, fresh);
  console.log(`wrote ${ASYNCAPI_PATH}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
