import { keepPreviousData } from '@tanstack/react-query';
import { $api, type Schemas } from '@/api/client';

export type PerangkatDaerah = Schemas['PerangkatDaerah'];

export const PERANGKAT_DAERAH_PAGE_SIZE = 50;

export function usePerangkatDaerahList({ q, page }: { q: string; page: number }) {
  return $api.useQuery(
    'get',
    '/api/perangkat-daerah/',
    { params: { query: { q: q || undefined, page, page_size: PERANGKAT_DAERAH_PAGE_SIZE } } },
    { placeholderData: keepPreviousData },
  );
}
