import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** A story as a sequence of commands, posted through the public API in order. */
export const Fixture = z.object({
  title: z.string(),
  source: z.string(),
  commands: z.array(z.object({ note: z.string(), path: z.string().startsWith('/'), body: z.record(z.string(), z.unknown()) })).min(1),
});
export type Fixture = z.infer<typeof Fixture>;

export interface SeedStep {
  readonly index: number;
  readonly total: number;
  readonly note: string;
  readonly path: string;
  readonly status: number;
  readonly position: number | null;
  /** The problem the API answered, for a failed step. */
  readonly problem: unknown;
}

export async function loadFixture(file: string): Promise<Fixture> {
  return Fixture.parse(JSON.parse(await readFile(file, 'utf8')));
}

/**
 * Imports every command of a fixture in one request (`POST /imports`, NDJSON: decided in order,
 * stored in large transactions, answered line by line) and reports each step as its answer
 * arrives. A 409 for an id that exists (a fixture seeded twice) counts as done.
 * Returns the steps and the last global position written.
 */
export async function seedFixture(baseUrl: string, fixture: Fixture, onStep: (step: SeedStep) => void = () => undefined, options: { key: string; oneByOne?: boolean }) {
  if (options.oneByOne) return seedOneByOne(baseUrl, fixture, onStep, options.key);
  const response = await fetch(`${baseUrl}/imports`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', 'x-recorded-by': 'seed', authorization: `Bearer ${options.key}` },
    body: fixture.commands.map(({ path, body }) => JSON.stringify({ path, body })).join('\n'),
  });
  if (!response.ok || !response.body) throw new Error(`POST /imports answered ${response.status}: ${await response.text()}`);
  const steps: SeedStep[] = [];
  let lastPosition = 0;
  let failure: unknown = null;
  let buffer = '';
  const decoder = new TextDecoder();
  const take = (line: string) => {
    const answer = JSON.parse(line) as { line?: number; status?: number; position?: number; code?: string; error?: unknown };
    if (answer.error) failure = answer.error;
    if (answer.line === undefined || answer.status === undefined) return;
    const command = fixture.commands[answer.line - 1];
    const ok = answer.status < 300;
    const step: SeedStep = {
      index: answer.line,
      total: fixture.commands.length,
      note: command?.note ?? '',
      path: command?.path ?? '',
      status: answer.status,
      position: answer.position ?? null,
      problem: ok ? null : answer,
    };
    steps.push(step);
    onStep(step);
    if (ok) lastPosition = Math.max(lastPosition, step.position ?? 0);
  };
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      if (line.trim() !== '') take(line);
    }
  }
  if (buffer.trim() !== '') take(buffer);
  const done = (step: SeedStep) => step.status < 300 || (step.status === 409 && /already/.test((step.problem as { code?: string } | null)?.code ?? ''));
  return { steps, lastPosition, failure, ok: failure === null && steps.length === fixture.commands.length && steps.every(done) };
}

/**
 * Posts each command to its own endpoint, one request after another, as an analyst recording the
 * story over time would: each fact gets a recording time of its own (a bulk import records a
 * chunk at one instant), so that `asOf` can tell every step apart. Stops at the first failure but
 * a 409 for an id that exists.
 */
async function seedOneByOne(baseUrl: string, fixture: Fixture, onStep: (step: SeedStep) => void, key: string) {
  const steps: SeedStep[] = [];
  let lastPosition = 0;
  for (const [i, command] of fixture.commands.entries()) {
    const response = await fetch(`${baseUrl}${command.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-recorded-by': 'seed', authorization: `Bearer ${key}` },
      body: JSON.stringify(command.body),
    });
    const answer = (await response.json().catch(() => null)) as { position?: number; code?: string } | null;
    const step: SeedStep = { index: i + 1, total: fixture.commands.length, note: command.note, path: command.path, status: response.status, position: answer?.position ?? null, problem: response.ok ? null : answer };
    steps.push(step);
    onStep(step);
    if (response.ok) lastPosition = Math.max(lastPosition, step.position ?? 0);
    else if (!(response.status === 409 && /already/.test(answer?.code ?? ''))) break;
  }
  const ok = steps.length === fixture.commands.length && steps.every((step) => step.status < 300 || step.status === 409);
  return { steps, lastPosition, failure: null, ok };
}
