import { differenceOf, sumAmounts, sumMoney } from './money';

describe('sumAmounts', () => {
  it('adds amounts exactly, in sen', () => {
    expect(sumAmounts(['0.10', '0.20'])).toBe('0.30');
    expect(sumAmounts(['1000000000000000.01', '2'])).toBe('1000000000000002.01');
    expect(sumAmounts(['5', '-7.5'])).toBe('-2.50');
  });

  it('refuses what is not an amount', () => {
    expect(sumAmounts(['1', 'abc'])).toBeNull();
    expect(sumAmounts(['1.234'])).toBeNull();
  });

  it('subtracts exactly', () => {
    expect(differenceOf('100.00', '99.99')).toBe('0.01');
    expect(differenceOf('1', 'x')).toBeNull();
  });
});

test('money sums are exact to the sen, beyond what a float holds', () => {
  expect(sumMoney(['9007199254740993.10', '0.20', null, '-1.05'])).toBe('9007199254740992.25');
  expect(sumMoney([])).toBe('0.00');
  expect(sumMoney(['12', '0.5'])).toBe('12.50');
});
