/**
 * npm run seed -- <fixture.json> [--url http://127.0.0.1:3000] [--key <api key>] [--one-by-one]
 * Imports a fixture's commands through the public API (POST /imports), one line of progress per
 * command; with --one-by-one, posts each to its own endpoint, one after another (each fact then
 * has a recording time of its own, for asOf).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadFixture, seedFixture } from './seed-fixture';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const urlFlag = args.indexOf('--url');
  const url = urlFlag >= 0 ? args[urlFlag + 1] : (process.env.POLICY_LEDGER_URL ?? 'http://127.0.0.1:3000');
  const keyFlag = args.indexOf('--key');
  const file = args.find((arg, i) => !arg.startsWith('--') && (urlFlag < 0 || i !== urlFlag + 1) && (keyFlag < 0 || i !== keyFlag + 1));
  if (!file || !url) {
    console.error('usage: npm run seed -- <fixture.json> [--url http://127.0.0.1:3000] [--key <api key>] [--one-by-one]');
    process.exit(2);
  }
  const fixture = await loadFixture(file);
  console.log(`seeding "${fixture.title}" (${fixture.commands.length} commands) into ${url}`);
  const started = Date.now();
  const result = await seedFixture(
    url,
    fixture,
    (step) => {
    const outcome = step.status < 300 ? `${step.status} position ${step.position}` : step.status === 409 ? `${step.status} exists, skipped` : `${step.status} FAILED`;
    console.log(`[${String(step.index).padStart(String(step.total).length)}/${step.total}] ${step.path} - ${step.note}: ${outcome}`);
    if (step.problem && step.status !== 409) console.log(JSON.stringify(step.problem, null, 2));
    },
    { key: await apiKey(args), oneByOne: args.includes('--one-by-one') },
  );
  if (result.failure) console.log(`the import stopped: ${JSON.stringify(result.failure)}`);
  console.log(result.ok ? `done in ${Date.now() - started} ms; last position ${result.lastPosition}` : 'some commands were refused (see above)');
  process.exit(result.ok ? 0 : 1);
}

/** The key to post with: --key, POLICY_LEDGER_KEY, or the admin key a first embedded start wrote to ./data/admin-key. */
async function apiKey(args: readonly string[]): Promise<string> {
  const flag = args.indexOf('--key');
  const given = flag >= 0 ? args[flag + 1] : process.env.POLICY_LEDGER_KEY;
  if (given) return given;
  const file = resolve(process.env.DATA_DIR ?? './data', 'admin-key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    throw new Error(`no API key: pass --key <key>, set POLICY_LEDGER_KEY, or run the embedded service once (it writes ${file})`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
