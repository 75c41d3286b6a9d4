const numberFormat = new Intl.NumberFormat('id-ID');

/** 1234567 → "1.234.567" (Indonesian digit grouping). */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

const dateTimeFormat = new Intl.DateTimeFormat('id-ID', {
  timeZone: 'Asia/Jakarta',
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
