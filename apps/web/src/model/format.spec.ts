import { countryName, day, exactMoney, exactMoneyOf, money, moneyOf, occurred, quantity, recipientName, since } from './format';

describe('how figures and dates read', () => {
  it('names countries and money for a person, keeping every digit for provenance', () => {
    expect(countryName('KP')).toBe('North Korea');
    expect(money('24000000000', 'USD')).toBe('$24B');
    expect(money('14300000000', 'USD')).toBe('$14.3B');
    expect(exactMoney('14300000000', 'USD')).toBe('USD 14,300,000,000');
    expect(quantity({ value: 1000, unit: 'containers', qualifier: 'at_least' })).toBe('at least 1,000 containers');
    expect(quantity({ value: 1000, unit: 'containers', qualifier: 'range', upTo: 2000 })).toBe('1,000–2,000 containers');
  });

  it('says how exact money is: about, at least, at most, a range', () => {
    expect(moneyOf({ amount: '106000000000', currency: 'USD', qualifier: 'approx' })).toBe('about $106B');
    expect(moneyOf({ amount: '5000000000', currency: 'USD', qualifier: 'at_least' })).toBe('at least $5B');
    expect(moneyOf({ amount: '1000000000', currency: 'USD', qualifier: 'range', upTo: '2000000000' })).toBe('$1B–$2B');
    expect(moneyOf({ amount: '24000000000', currency: 'USD' })).toBe('$24B');
    expect(exactMoneyOf({ amount: '33000000000', currency: 'USD', qualifier: 'approx' })).toBe('about USD 33,000,000,000');
  });

  it('names a recipient: a country, or a region with the countries it names', () => {
    expect(recipientName('UA')).toBe('Ukraine');
    expect(recipientName({ region: 'Indo-Pacific', countries: ['TW', 'PH'] })).toBe('Indo-Pacific (TW, PH)');
    expect(recipientName({ region: 'U.S. European Command area (Europe)' })).toBe('U.S. European Command area (Europe)');
    expect(recipientName({ countries: ['TW', 'PH'] })).toBe('Taiwan, Philippines');
  });

  it('gives a date at the precision it is known', () => {
    expect(day('2023-11-02')).toBe('2 Nov 2023');
    expect(occurred({ from: '2023-11-01', precision: 'month' })).toBe('Nov 2023');
    expect(occurred({ from: '2023-01-01', precision: 'year' })).toBe('2023');
    expect(occurred({ from: '2023-09-07', to: '2023-10-01', precision: 'range' })).toBe('7 Sep – 1 Oct 2023');
    expect([since('2023-09-07'), since('2023-09'), since('2022'), since(null)]).toEqual(['since 7 Sep 2023', 'since Sep 2023', 'since 2022', 'from an unsaid start']);
  });
});
