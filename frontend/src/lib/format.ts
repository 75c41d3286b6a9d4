const numberFormat = new Intl.NumberFormat('id-ID');

/** 1234567 → "1.234.567" (Indonesian digit grouping). */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}
