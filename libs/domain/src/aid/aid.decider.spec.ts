import { given, givenStreams, ukraineAidRequest } from '@policy-ledger/testing';
import { type AidRequestCommand, type AidRequestContext, aidRequestCommands, aidRequestDecider, AidTotalMismatchError } from './aid.decider';

const none: AidRequestContext = { activePackageIds: new Set() };
const fact = { occurredAt: { from: '2023-10-13', precision: 'day' as const }, sources: ukraineAidRequest.sources, confidence: 'confirmed' as const };
const requested = { type: 'AidRequested', data: ukraineAidRequest } as const;
const onOpen = given(aidRequestDecider, [requested], none);
const position: AidRequestCommand = { type: 'RecordPosition', data: { actor: { name: 'conservative House Republicans', country: 'US' }, stance: 'opposes', ...fact } };
const withdraw: AidRequestCommand = { type: 'WithdrawAidRequest', data: { reason: 'folded into the October request', ...fact } };
const supersede: AidRequestCommand = { type: 'SupersedeAidRequest', data: { supersededBy: 'us-supplemental-2023-10-20', ...fact } };
const bundle = (packageId: string): AidRequestCommand => ({ type: 'MarkAidRequestBundled', data: { packageId, ...fact } });

describe('aid request decider', () => {
  it('records a request whose total equals its lines', () => {
    given(aidRequestDecider, [], none).when({ type: 'RequestAid', data: ukraineAidRequest }).then([requested]);
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
    expect(given(aidRequestDecider, [], none).when({ type: 'RequestAid', data }).decided()).toHaveLength(1);
  });

  it('refuses a total that differs from the sum of its lines, naming both', () => {
    const when = given(aidRequestDecider, [], none).when({ type: 'RequestAid', data: { ...ukraineAidRequest, total: { amount: '25000000000', currency: 'USD' } } });
    when.thenThrows(AidTotalMismatchError);
    when.thenThrows(/25000000000 USD.*24000000000 USD/);
  });

  it('does not compare totals across currencies', () => {
    const data = { ...ukraineAidRequest, total: { amount: '22000000000', currency: 'EUR' } };
    expect(given(aidRequestDecider, [], none).when({ type: 'RequestAid', data }).decided()).toHaveLength(1);
  });

  it('takes approximate figures ("about $33 billion") without demanding that they add up', () => {
    const data = {
      ...ukraineAidRequest,
      lines: [
        { recipient: { region: 'Ukraine and countries impacted by the situation in Ukraine', countries: ['UA'] }, purpose: 'military' as const, amount: { amount: '20400000000', currency: 'USD', qualifier: 'approx' as const } },
        { recipient: 'US', purpose: 'other' as const, amount: { amount: '500000000', currency: 'USD' } },
      ],
      total: { amount: '33000000000', currency: 'USD', qualifier: 'approx' as const },
    };
    expect(given(aidRequestDecider, [], none).when({ type: 'RequestAid', data }).decided()).toHaveLength(1);
  });

  it('amends its lines: the new set replaces the old (a line left out is dropped), and must add up like a new request', () => {
    const lines = [{ recipient: 'UA', purpose: 'military' as const, amount: { amount: '20000000000', currency: 'USD' } }];
    const amend: AidRequestCommand = { type: 'AmendAidRequest', data: { lines, total: { amount: '20000000000', currency: 'USD' }, reason: 'border money dropped', ...fact } };
    onOpen.when(amend).then([{ type: 'AidRequestAmended', data: amend.data }]);
    onOpen.when({ ...amend, data: { ...amend.data, total: { amount: '1', currency: 'USD' } } } as AidRequestCommand).thenThrows(expect.objectContaining({ code: 'aid-request.total-mismatch' }));
    given(aidRequestDecider, [requested, { type: 'AidRequestWithdrawn', data: withdraw.data }], none).when(amend).thenThrows(expect.objectContaining({ code: 'aid-request.closed' }));
  });

  it('refuses to request the same aid twice', () => {
    onOpen.when({ type: 'RequestAid', data: ukraineAidRequest }).thenThrows(expect.objectContaining({ code: 'aid-request.already-exists', kind: 'conflict' }));
  });

  it('records positions, withdrawal and supersession on an open request', () => {
    onOpen.when(position).then([{ type: 'PositionRecorded', data: position.data }]);
    onOpen.when(withdraw).then([{ type: 'AidRequestWithdrawn', data: withdraw.data }]);
    onOpen.when(supersede).then([{ type: 'AidRequestSuperseded', data: supersede.data }]);
  });

  it.each([position, withdraw, supersede, bundle('p')])('refuses $type on an unknown request', (command) => {
    given(aidRequestDecider, [], none).when(command).thenThrows(expect.objectContaining({ code: 'aid-request.not-found', kind: 'not-found' }));
  });

  it.each([
    ['withdrawn', { type: 'AidRequestWithdrawn', data: withdraw.data }],
    ['superseded', { type: 'AidRequestSuperseded', data: supersede.data }],
  ] as const)('a %s request takes no position, withdrawal, supersession or package', (status, closing) => {
    for (const command of [position, withdraw, supersede, bundle('p')]) {
      given(aidRequestDecider, [requested, closing], none).when(command).thenThrows(expect.objectContaining({ code: 'aid-request.closed', details: { requestStatus: status } }));
    }
  });

  it('sits in at most one active package', () => {
    const inPackage = { type: 'AidRequestBundled', data: { packageId: 'first', ...fact } } as const;
    given(aidRequestDecider, [requested, inPackage], { activePackageIds: new Set(['first']) })
      .when(bundle('second'))
      .thenThrows(expect.objectContaining({ code: 'aid-request.in-another-package', details: { packageId: 'first' } }));
    // once the first package failed, another may take it
    expect(given(aidRequestDecider, [requested, inPackage], none).when(bundle('second')).decided()).toHaveLength(1);
    onOpen.when(bundle('first')).then([{ type: 'AidRequestBundled', data: bundle('first').data }]);
  });

  describe('a request that supersedes another (two streams, one transaction)', () => {
    const successor = { ...ukraineAidRequest, supersedes: 'ua-24b', total: { amount: '24000000000', currency: 'USD' } };

    it('records the new request and closes the old one, naming its successor', async () => {
      await givenStreams({ 'aid-request-ua-24b': [requested] })
        .when(aidRequestCommands, 'ua-61b', { type: 'RequestAid', data: successor })
        .then([
          { streamId: 'aid-request-ua-61b', version: 0, events: [{ type: 'AidRequested', data: successor }] },
          { streamId: 'aid-request-ua-24b', version: 1, events: [{ type: 'AidRequestSuperseded', data: { supersededBy: 'ua-61b', occurredAt: successor.occurredAt, reportedAt: successor.reportedAt, sources: successor.sources, confidence: successor.confidence } }] },
        ]);
    });

    it('refuses to supersede a request the ledger does not hold, or one already closed', async () => {
      await givenStreams({}).when(aidRequestCommands, 'ua-61b', { type: 'RequestAid', data: successor }).thenThrows(expect.objectContaining({ code: 'aid-request.supersedes-unknown', details: { supersedes: 'ua-24b' } }));
      await givenStreams({ 'aid-request-ua-24b': [requested, { type: 'AidRequestWithdrawn', data: withdraw.data }] })
        .when(aidRequestCommands, 'ua-61b', { type: 'RequestAid', data: successor })
        .thenThrows(expect.objectContaining({ code: 'aid-request.closed' }));
    });
  });
});
