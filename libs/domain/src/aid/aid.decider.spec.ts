import { ukraineAidRequest } from '../../../../test/support/article';
import { given } from '../shared/given-when-then';
import { aidRequestDecider } from './aid.decider';
import { AidRequestAlreadyExistsError, AidTotalMismatchError } from './aid.errors';

describe('aid request decider', () => {
  it('records a request whose total equals its lines', () => {
    const then = given(aidRequestDecider, [], undefined).when({ type: 'RequestAid', data: ukraineAidRequest });
    expect(then()).toEqual([{ type: 'AidRequested', data: ukraineAidRequest }]);
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
    expect(given(aidRequestDecider, [], undefined).when({ type: 'RequestAid', data })()).toHaveLength(1);
  });

  it('refuses a total that differs from the sum of its lines, naming both', () => {
    const then = given(aidRequestDecider, [], undefined).when({
      type: 'RequestAid',
      data: { ...ukraineAidRequest, total: { amount: '25000000000', currency: 'USD' } },
    });
    expect(then).toThrow(AidTotalMismatchError);
    expect(then).toThrow(/25000000000 USD.*24000000000 USD/);
  });

  it('does not compare totals across currencies', () => {
    const data = { ...ukraineAidRequest, total: { amount: '22000000000', currency: 'EUR' } };
    expect(given(aidRequestDecider, [], undefined).when({ type: 'RequestAid', data })()).toHaveLength(1);
  });

  it('refuses to request the same aid twice', () => {
    const then = given(aidRequestDecider, [{ type: 'AidRequested', data: ukraineAidRequest }], undefined).when({
      type: 'RequestAid',
      data: ukraineAidRequest,
    });
    expect(then).toThrow(AidRequestAlreadyExistsError);
  });
});
