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
 * Posts every command of a fixture in order and reports each step. Stops at the first failure,
 * except a 409 for an id that exists (a fixture seeded twice): that step counts as done.
 * Returns the steps and the last global position written.
 */
export async function seedFixture(baseUrl: string, fixture: Fixture, onStep: (step: SeedStep) => void = () => undefined) {
  const steps: SeedStep[] = [];
  let lastPosition = 0;
  for (const [i, command] of fixture.commands.entries()) {
    const response = await fetch(`${baseUrl}${command.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-recorded-by': 'seed' },
      body: JSON.stringify(command.body),
    });
    const answer = (await response.json().catch(() => null)) as { position?: number; code?: string } | null;
    const step: SeedStep = {
      index: i + 1,
      total: fixture.commands.length,
      note: command.note,
      path: command.path,
      status: response.status,
      position: answer?.position ?? null,
      problem: response.ok ? null : answer,
    };
    steps.push(step);
    onStep(step);
    if (response.ok) lastPosition = Math.max(lastPosition, step.position ?? 0);
    else if (!(response.status === 409 && /already/.test(answer?.code ?? ''))) break;
  }
  return { steps, lastPosition, ok: steps.length === fixture.commands.length && steps.every((s) => s.status < 300 || s.status === 409) };
}
