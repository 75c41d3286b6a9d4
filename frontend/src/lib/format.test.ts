import {
  formatDate,
  formatDecimal,
  formatNumber,
  formatPercent,
  formatRupiah,
  formatRupiahCompact,
  parseDecimalInput,
} from './format';

test('money reads as Rupiah in id-ID, exactly, whatever its size', () => {
  // given decimals as the API sends them
  // when / then
  expect(formatRupiah('1234567.89')).toBe('Rp\u00a01.234.567,89');
  expect(formatRupiah('121395000000.00')).toBe('Rp\u00a0121.395.000.000,00');
  // beyond 2^53 a float would lose the sen; the string is formatted as it is
  expect(formatRupiah('98765432109876543.21')).toBe('Rp\u00a098.765.432.109.876.543,21');
  expect(formatRupiah('-500')).toBe('-Rp\u00a0500,00');
  expect(formatRupiah(null)).toBe('–');
});

test('numbers, indicator values and percents use Indonesian separators', () => {
  expect(formatNumber(1234567)).toBe('1.234.567');
  expect(formatDecimal('12.5000')).toBe('12,5');
  expect(formatDecimal('1000.25')).toBe('1.000,25');
  expect(formatDecimal(null)).toBe('–');
  expect(formatPercent(0.125)).toBe('12,5%');
});

test('dates read in Indonesian and never shift a day with the browser zone', () => {
  expect(formatDate('2026-12-01')).toBe('1 Desember 2026');
  // 20:00 UTC on 31 December is already 1 January in Jakarta
  expect(formatDate('2026-12-31T20:00:00Z')).toBe('1 Januari 2027');
});

test.each([
  ['1.234,5', '1234.5'],
  ['12,5', '12.5'],
  ['1.234.567', '1234567'],
  ['1234.5', '1234.5'],
  ['Rp 2.500.000,00', '2500000.00'],
  [' 75 ', '75'],
  ['', null],
  ['dua', undefined],
  ['1,2,3', undefined],
])('typed or pasted %j becomes %j', (text, expected) => {
  expect(parseDecimalInput(text)).toBe(expected);
});

test('a headline sum is abbreviated the Indonesian way, from the exact decimal string', () => {
  expect(formatRupiahCompact('1446621264531.00')).toBe('Rp\u00a01,45\u00a0T');
  expect(formatRupiahCompact('402647696201.00')).toBe('Rp\u00a0402,65\u00a0M');
  expect(formatRupiahCompact('12500000')).toBe('Rp\u00a012,5\u00a0jt');
  expect(formatRupiahCompact(null)).toBe('–');
});

