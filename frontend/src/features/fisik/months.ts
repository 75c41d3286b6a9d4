/** The month to start on: the current one (Jakarta) in the current year, December for a past year, else January. */
export function defaultMonth(tahun: number, now = new Date()): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Jakarta', year: 'numeric', month: 'numeric' })
    .formatToParts(now)
    .reduce<Record<string, number>>((acc, part) => ({ ...acc, [part.type]: Number(part.value) }), {});
  if (tahun === parts.year) return parts.month ?? 1;
  return tahun < (parts.year ?? tahun) ? 12 : 1;
}
