import { ukraineIsraelPackage } from '../../../../test/support/article';
import { given } from '../shared/given-when-then';
import { packageDecider } from './packages.decider';
import {
  AidRequestAlreadyBundledError,
  PackageAlreadyProposedError,
  PackageNotFoundError,
  UnknownAidRequestError,
} from './packages.errors';
import type { PackageEvent } from './packages.events';

const known = { knownAidRequestIds: new Set(['ukraine-24b', 'israel-14b']) };
const proposed: PackageEvent = { type: 'PackageProposed', data: ukraineIsraelPackage };
const bundle = (aidRequestIds: string[]) => ({
  type: 'BundlePackage' as const,
  data: { aidRequestIds, occurredAt: ukraineIsraelPackage.occurredAt, sources: ukraineIsraelPackage.sources, confidence: 'assessed' as const },
});

describe('package decider', () => {
  it('proposes a package', () => {
    const then = given(packageDecider, [], known).when({ type: 'ProposePackage', data: ukraineIsraelPackage });
    expect(then()).toEqual([proposed]);
  });

  it('refuses to propose the same package twice', () => {
    const then = given(packageDecider, [proposed], known).when({ type: 'ProposePackage', data: ukraineIsraelPackage });
    expect(then).toThrow(PackageAlreadyProposedError);
  });

  it('bundles known aid requests, each once', () => {
    const then = given(packageDecider, [proposed], known).when(bundle(['ukraine-24b', 'israel-14b', 'ukraine-24b']));
    expect(then()).toEqual([{ type: 'PackageBundled', data: expect.objectContaining({ aidRequestIds: ['ukraine-24b', 'israel-14b'] }) }]);
  });

  it('refuses to bundle into a package nobody proposed', () => {
    expect(given(packageDecider, [], known).when(bundle(['ukraine-24b']))).toThrow(PackageNotFoundError);
  });

  it('refuses to bundle an unknown aid request, naming it', () => {
    const then = given(packageDecider, [proposed], known).when(bundle(['ukraine-24b', 'taiwan-2b']));
    expect(then).toThrow(UnknownAidRequestError);
    expect(then).toThrow(expect.objectContaining({ code: 'package.unknown-aid-request', aidRequestIds: ['taiwan-2b'] }));
  });

  it('refuses to bundle an aid request the package already holds', () => {
    const bundled: PackageEvent = { type: 'PackageBundled', data: bundle(['ukraine-24b']).data };
    const then = given(packageDecider, [proposed, bundled], known).when(bundle(['israel-14b', 'ukraine-24b']));
    expect(then).toThrow(AidRequestAlreadyBundledError);
    expect(then).toThrow(/ukraine-24b/);
  });
});
