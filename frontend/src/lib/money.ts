import type { Decimal } from './format';

/**
 * Exact sums of API decimals for display (a row's twelve months beside its pagu): amounts are added as whole sen
 * in BigInt, never as floats. The server decides; this only shows the person what they typed adds up to.
 */
function toSen(value: Decimal): bigint | null {
  const text = String(value).trim();
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const sen = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign ? -sen : sen;
}

function fromSen(sen: bigint): string {
  const negative = sen < 0n;
  const abs = negative ? -sen : sen;
  const fraction = String(abs % 100n).padStart(2, '0');
  return `${negative ? '-' : ''}${abs / 100n}.${fraction}`;
}

/** "1000.50" + "2" → "1002.50"; null when any value is not an amount in sen. */
export function sumAmounts(values: readonly Decimal[]): string | null {
  let total = 0n;
  for (const value of values) {
    const sen = toSen(value);
    if (sen === null) return null;
    total += sen;
  }
  return fromSen(total);
}

/** a − b as an exact decimal, null when either is not an amount. */
export function differenceOf(a: Decimal, b: Decimal): string | null {
  const left = toSen(a);
  const right = toSen(b);
  return left === null || right === null ? null : fromSen(left - right);
}

/** The exact sum of the amounts given ("1500000.50"); what is not an amount (null, blank) counts as nothing. */
export function sumMoney(values: Iterable<Decimal | null | undefined>): string {
  let total = 0n;
  for (const value of values) total += (value === null || value === undefined ? null : toSen(value)) ?? 0n;
  return fromSen(total);
}

/** part / whole × 100 to two places, rounded half away from zero ("12.35"); null when whole is 0 or either is not an amount. */
export function percentOf(part: Decimal, whole: Decimal): string | null {
  const top = toSen(part);
  const bottom = toSen(whole);
  if (top === null || bottom === null || bottom === 0n) return null;
  const negative = top < 0n !== bottom < 0n;
  const a = top < 0n ? -top : top;
  const b = bottom < 0n ? -bottom : bottom;
  const hundredths = (a * 20000n + b) / (2n * b); // a / b × 10 000, rounded half up
  return fromSen(negative ? -hundredths : hundredths);
}
