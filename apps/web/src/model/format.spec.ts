import { countryName, day, exactMoney, money, occurred, quantity } from './format';

describe('how figures and dates read', () => {
  it('names countries and money for a person, keeping every digit for provenance', () => {
    expect(countryName('KP')).toBe('North Korea');
    expect(money('24000000000', 'USD')).toBe('$24B');
    expect(money('14300000000', 'USD')).toBe('$14.3B');
    expect(exactMoney('14300000000', 'USD')).toBe('USD 14,300,000,000');
    expect(quantity({ value: 1000, unit: 'containers', qualifier: 'at_least' })).toBe('at least 1,000 containers');
  });

  it('gives a date at the precision it is known', () => {
    expect(day('2023-11-02')).toBe('2 Nov 2023');
    expect(occurred({ from: '2023-11-01', precision: 'month' })).toBe('Nov 2023');
    expect(occurred({ from: '2023-01-01', precision: 'year' })).toBe('2023');
    expect(occurred({ from: '2023-09-07', to: '2023-10-01', precision: 'range' })).toBe('7 Sep – 1 Oct 2023');
  });
});
