import { ukraineAidRequest } from '../../../../test/support/article';
import { given } from '../shared/given-when-then';
import { type AidRequestCommand, noAidRequestContext } from './aid.commands';
import { aidRequestDecider } from './aid.decider';
import { AidRequestAlreadyExistsError, AidRequestNotFoundError, AidTotalMismatchError } from './aid.errors';
import type { AidRequestEvent } from './aid.events';

const fact = { occurredAt: { from: '2023-10-13', precision: 'day' as const }, sources: ukraineAidRequest.sources, confidence: 'confirmed' as const };
const requested: AidRequestEvent = { type: 'AidRequested', data: ukraineAidRequest };
const onOpen = given(aidRequestDecider, [requested], noAidRequestContext);
const position: AidRequestCommand = { type: 'RecordPosition', data: { actor: { name: 'conservative House Republicans', country: 'US' }, stance: 'opposes', ...fact } };
const withdraw: AidRequestCommand = { type: 'WithdrawAidRequest', data: { reason: 'folded into the October request', ...fact } };
const supersede: AidRequestCommand = { type: 'SupersedeAidRequest', data: { supersededBy: 'us-supplemental-2023-10-20', ...fact } };
const bundle = (packageId: string): AidRequestCommand => ({ type: 'MarkAidRequestBundled', data: { packageId, ...fact } });

describe('aid request decider', () => {
  it('records a request whose total equals its lines', () => {
    expect(given(aidRequestDecider, [], noAidRequestContext).when({ type: 'RequestAid', data: ukraineAidRequest })()).toEqual([requested]);
  });

  it('adds decimal amounts exactly', () => {
    const data = {
      ...ukraineAidRequest,
      lines: [
        { recipient: 'UA', purpose: 'military' as const, amount: { amount: '0.1', currency: 'USD' } },
        { recipient: 'UA', purpose: 'financial' as const, amount: { amount: '0.2', currency: 'USD' } },
      ],
      total: { amount: '0.3', currency: 'USD' },
    };
    expect(given(aidRequestDecider, [], noAidRequestContext).when({ type: 'RequestAid', data })()).toHaveLength(1);
  });

  it('refuses a total that differs from the sum of its lines, naming both', () => {
    const then = given(aidRequestDecider, [], noAidRequestContext).when({ type: 'RequestAid', data: { ...ukraineAidRequest, total: { amount: '25000000000', currency: 'USD' } } });
    expect(then).toThrow(AidTotalMismatchError);
    expect(then).toThrow(/25000000000 USD.*24000000000 USD/);
  });

  it('does not compare totals across currencies', () => {
    const data = { ...ukraineAidRequest, total: { amount: '22000000000', currency: 'EUR' } };
    expect(given(aidRequestDecider, [], noAidRequestContext).when({ type: 'RequestAid', data })()).toHaveLength(1);
  });

  it('refuses to request the same aid twice', () => {
    expect(onOpen.when({ type: 'RequestAid', data: ukraineAidRequest })).toThrow(AidRequestAlreadyExistsError);
  });

  it('records positions, withdrawal and supersession on an open request', () => {
    expect(onOpen.when(position)()).toEqual([{ type: 'PositionRecorded', data: position.data }]);
    expect(onOpen.when(withdraw)()).toEqual([{ type: 'AidRequestWithdrawn', data: withdraw.data }]);
    expect(onOpen.when(supersede)()).toEqual([{ type: 'AidRequestSuperseded', data: supersede.data }]);
  });

  it.each([position, withdraw, supersede, bundle('p')])('refuses $type on an unknown request', (command) => {
    expect(given(aidRequestDecider, [], noAidRequestContext).when(command)).toThrow(AidRequestNotFoundError);
  });

  it.each([
    ['withdrawn', { type: 'AidRequestWithdrawn', data: withdraw.data }],
    ['superseded', { type: 'AidRequestSuperseded', data: supersede.data }],
  ] as const)('a %s request takes no position, withdrawal, supersession or package', (status, closing) => {
    for (const command of [position, withdraw, supersede, bundle('p')]) {
      expect(given(aidRequestDecider, [requested, closing], noAidRequestContext).when(command)).toThrow(expect.objectContaining({ code: 'aid-request.closed', details: { requestStatus: status } }));
    }
  });

  it('sits in at most one active package', () => {
    const inPackage: AidRequestEvent = { type: 'AidRequestBundled', data: { packageId: 'first', ...fact } };
    expect(given(aidRequestDecider, [requested, inPackage], { activePackageIds: new Set(['first']) }).when(bundle('second'))).toThrow(
      expect.objectContaining({ code: 'aid-request.in-another-package', details: { packageId: 'first' } }),
    );
    // once the first package failed, another may take it
    expect(given(aidRequestDecider, [requested, inPackage], { activePackageIds: new Set<string>() }).when(bundle('second'))()).toHaveLength(1);
    expect(onOpen.when(bundle('first'))()).toEqual([{ type: 'AidRequestBundled', data: bundle('first').data }]);
  });
});
