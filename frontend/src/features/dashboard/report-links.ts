/** A link to a report page with its filters, so every tile drills into the figures behind it. */
export function reportPath(report: string, filters: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value !== null && value !== undefined && value !== '') query.set(name, String(value));
  }
  const text = query.toString();
  return `/laporan/${report}${text ? `?${text}` : ''}`;
}
