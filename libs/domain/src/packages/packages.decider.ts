import type { Decider } from '../shared/decider';
import type { PackageCommand, PackageContext } from './packages.commands';
import {
  AidRequestAlreadyBundledError,
  PackageAlreadyProposedError,
  PackageNotFoundError,
  UnknownAidRequestError,
} from './packages.errors';
import type { PackageEvent } from './packages.events';

export type PackageState =
  | { status: 'unknown' }
  | { status: 'proposed' | 'bundled'; aidRequestIds: readonly string[] };

export const packageDecider: Decider<PackageCommand, PackageEvent, PackageState, PackageContext> = {
  initialState: { status: 'unknown' },

  decide(command, state, context) {
    switch (command.type) {
      case 'ProposePackage': {
        if (state.status !== 'unknown') throw new PackageAlreadyProposedError();
        return [{ type: 'PackageProposed', data: command.data }];
      }
      case 'BundlePackage': {
        if (state.status === 'unknown') throw new PackageNotFoundError();
        const named = [...new Set(command.data.aidRequestIds)];
        const unknown = named.filter((id) => !context.knownAidRequestIds.has(id));
        if (unknown.length > 0) throw new UnknownAidRequestError(unknown);
        const repeated = named.filter((id) => state.aidRequestIds.includes(id));
        if (repeated.length > 0) throw new AidRequestAlreadyBundledError(repeated);
        return [{ type: 'PackageBundled', data: { ...command.data, aidRequestIds: named } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PackageProposed':
        return { status: 'proposed', aidRequestIds: [] };
      case 'PackageBundled':
        return {
          status: 'bundled',
          aidRequestIds: [...(state.status === 'unknown' ? [] : state.aidRequestIds), ...event.data.aidRequestIds],
        };
    }
  },
};
