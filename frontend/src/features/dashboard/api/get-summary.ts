import { $api } from '@/api/client';

/** Only `count` is read, so one row per page is enough. */
export function usePerangkatDaerahCount() {
  return $api.useQuery('get', '/api/perangkat-daerah/', { params: { query: { page_size: 1 } } });
}

export function useReferenceVersionList() {
  return $api.useQuery('get', '/api/reference-versions/', { params: { query: { page_size: 100 } } });
}
