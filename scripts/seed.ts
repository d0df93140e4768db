/**
 * npm run seed -- <fixture.json> [--url http://127.0.0.1:3000] [--one-by-one]
 * Imports a fixture's commands through the public API (POST /imports), one line of progress per
 * command; with --one-by-one, posts each to its own endpoint, one after another (each fact then
 * has a recording time of its own, for asOf).
 */
import { loadFixture, seedFixture } from './seed-fixture';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const urlFlag = args.indexOf('--url');
  const url = urlFlag >= 0 ? args[urlFlag + 1] : (process.env.POLICY_LEDGER_URL ?? 'http://127.0.0.1:3000');
  const file = args.find((arg, i) => !arg.startsWith('--') && (urlFlag < 0 || i !== urlFlag + 1));
  if (!file || !url) {
    console.error('usage: npm run seed -- <fixture.json> [--url http://127.0.0.1:3000] [--one-by-one]');
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
    { oneByOne: args.includes('--one-by-one') },
  );
  if (result.failure) console.log(`the import stopped: ${JSON.stringify(result.failure)}`);
  console.log(result.ok ? `done in ${Date.now() - started} ms; last position ${result.lastPosition}` : 'some commands were refused (see above)');
  process.exit(result.ok ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
