import { factOf, fieldsOf, isMoney, isParty, isQuantity } from './event-data';

describe("an event's data as the API sends it", () => {
  const occurredAt = { from: '2024-02-26', precision: 'day' };
  const sources = [{ publisher: 'Yonhap', sourceClass: 'media' }];

  it('reads the date, sources and confidence of a fact', () => {
    expect(factOf({ occurredAt, sources, confidence: 'assessed', reason: 'x' })).toEqual({ occurredAt, sources, confidence: 'assessed' });
  });

  it('leaves out each field that is missing or not of its shape', () => {
    expect(factOf({ occurredAt: { from: '2024-02-26', precision: 'week' }, sources: [{ publisher: 'Yonhap' }], confidence: 'sure' })).toEqual({});
    expect(factOf({ occurredAt })).toEqual({ occurredAt });
    expect([factOf(null), factOf('text'), factOf([occurredAt])]).toEqual([{}, {}, {}]);
  });

  it('checks money, quantities and parties field by field', () => {
    expect([isMoney({ amount: '24000000000', currency: 'USD' }), isMoney({ amount: 24e9, currency: 'USD' }), isMoney({ amount: '1', currency: 'USD', qualifier: 'roughly' })]).toEqual([true, false, false]);
    expect([isQuantity({ value: 1000, unit: 'containers', qualifier: 'at_least', countingSince: '2023-09' }), isQuantity({ value: '1000', unit: 'containers', qualifier: 'exact' })]).toEqual([true, false]);
    expect([isParty({ country: 'KP' }), isParty({ role: 'spokesman' }), isParty({ name: 7 })]).toEqual([true, false, false]);
  });

  it('has no fields when it is not an object', () => {
    expect([fieldsOf(undefined).size, fieldsOf(3).size, fieldsOf({ a: 1 }).get('a')]).toEqual([0, 0, 1]);
  });
});
