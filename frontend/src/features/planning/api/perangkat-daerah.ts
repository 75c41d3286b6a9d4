import { $api } from '@/api/client';

/** Every OPD of the pemda by id, for naming the responsible OPD of a row. */
export function usePerangkatDaerahNames() {
  const list = $api.useQuery('get', '/api/perangkat-daerah/', { params: { query: { page_size: 1000 } } });
  const rows = list.data?.results ?? [];
  const names = new Map(rows.map((row) => [row.id, row.singkatan || row.nama]));
  return { rows, name: (id: number | null | undefined) => (id ? (names.get(id) ?? `OPD #${id}`) : '–') };
}
