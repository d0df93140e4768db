/** What the projection commands share: which projections a name selects, and the ledger to work on. */
import { type Projection, projections } from '@policy-ledger/projections';
import { createLogger, Ledger, loadConfig } from '@policy-ledger/runtime';

/** Every projection, or the one named; exits 2 naming the projections for an unknown name. */
export function selectProjections(name: string | undefined): readonly Projection[] {
  const selected = name === undefined ? projections : projections.filter((projection) => projection.name === name);
  if (selected.length === 0) {
    console.error(`no projection "${name}"; the projections are: ${projections.map((p) => p.name).join(', ')}`);
    process.exit(2);
  }
  return selected;
}

/** The service's ledger, from the same environment (quieter logs: the command prints its own). */
export async function openToolLedger(tool: string): Promise<Ledger> {
  const config = loadConfig(process.env);
  return Ledger.open(config, createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, tool), tool);
}
