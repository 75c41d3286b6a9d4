// Every number, sum of money and date the SPA shows goes through here, always in id-ID and Jakarta time:
// the browser's own locale never decides how a pagu reads.
const LOCALE = 'id-ID';
const TIME_ZONE = 'Asia/Jakarta';

const numberFormat = new Intl.NumberFormat(LOCALE);
const decimalFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 4 });
const moneyFormat = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 2 });

/** A decimal as the API sends it ("1234567.89"), or a number. Strings are formatted exactly, never via a float. */
export type Decimal = string | number;

function exact(value: Decimal): Intl.StringNumericLiteral | number {
  return typeof value === 'number' ? value : (value.trim() as Intl.StringNumericLiteral);
}

function isNumeric(value: Decimal | null | undefined): value is Decimal {
  if (value === null || value === undefined) return false;
  if (typeof value === 'number') return Number.isFinite(value);
  return /^-?\d+(\.\d+)?$/.test(value.trim());
}

/** 1234567 → "1.234.567" (Indonesian digit grouping). */
export function formatNumber(value: Decimal): string {
  return isNumeric(value) ? numberFormat.format(exact(value)) : String(value);
}

/** "12.5000" → "12,5"; null → "–". For indicator values (baseline, targets). */
export function formatDecimal(value: Decimal | null | undefined): string {
  return isNumeric(value) ? decimalFormat.format(exact(value)) : '–';
}

/** "1234567.89" → "Rp 1.234.567,89" (a no-break space after Rp, so the sum never wraps). */
export function formatRupiah(value: Decimal | null | undefined): string {
  if (!isNumeric(value)) return '–';
  const text = moneyFormat.format(exact(value));
  return text.startsWith('-') ? `-Rp\u00a0${text.slice(1)}` : `Rp\u00a0${text}`;
}

const hundredthsFormat = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A percentage as the API sends it ("12.50", already × 100) → "12,50%"; null (a zero denominator) → "–". */
export function formatPercentValue(value: Decimal | null | undefined): string {
  return isNumeric(value) ? `${hundredthsFormat.format(exact(value))}%` : '–';
}

/** A difference of percentages ("3.10") → "3,10 poin"; null → "–". */
export function formatPoints(value: Decimal | null | undefined): string {
  return isNumeric(value) ? `${hundredthsFormat.format(exact(value))} poin` : '–';
}

const compactFormat = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 2 });

/** A headline sum: "1446621264531.00" → "Rp 1,45 T" (rb, jt, M, T); show the exact amount beside it. */
export function formatRupiahCompact(value: Decimal | null | undefined): string {
  return isNumeric(value) ? `Rp\u00a0${compactFormat.format(exact(value))}` : '–';
}

/** A ratio: 0.125 → "12,5%". */
export function formatPercent(ratio: number): string {
  return percentFormat.format(ratio);
}

const dateFormat = new Intl.DateTimeFormat(LOCALE, { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });

/** "2026-12-01" or an ISO date-time → "1 Desember 2026". */
export function formatDate(iso: string): string {
  // A bare date is a calendar day, not midnight UTC (which is already 07:00 in Jakarta, but 23:00 the day before in
  // the Americas): read it at Jakarta noon so the day never shifts.
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00+07:00` : iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIME_ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

/** "2026-01-15T03:04:05Z" → "15 Jan 2026, 10.04.05 WIB": Jakarta time whatever the browser's zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

/**
 * What a person typed or pasted from an Indonesian Excel ("1.234,5", "12,5", "1234.5") → the API's decimal
 * ("1234.5"); "" → null; anything else → undefined (not a number).
 */
export function parseDecimalInput(text: string): string | null | undefined {
  const value = text.replace(/[\s\u00a0]/g, '').replace(/^Rp/i, '');
  if (value === '') return null;
  let normalised: string;
  if (value.includes(',')) {
    // id-ID: dots group thousands, the comma is the decimal separator.
    normalised = value.replace(/\./g, '').replace(',', '.');
  } else if (/^-?\d{1,3}(\.\d{3})+$/.test(value)) {
    normalised = value.replace(/\./g, ''); // "1.234.567": grouping only
  } else {
    normalised = value;
  }
  return /^-?\d+(\.\d+)?$/.test(normalised) ? normalised : undefined;
}
