import { $api, type Schemas } from '@/api/client';

export type CascadeNode = Schemas['CascadeNode'];
export type TraceNode = Schemas['TraceNode'];

export function useCascade(tahun: number, perangkatDaerah: number | null) {
  return $api.useQuery('get', '/api/cascade/', {
    params: { query: { tahun, ...(perangkatDaerah ? { perangkat_daerah: perangkatDaerah } : {}) } },
  });
}

export function useTrace(subKegiatan: number | null) {
  return $api.useQuery(
    'get',
    '/api/renja-sub-kegiatan/{id}/trace/',
    { params: { path: { id: subKegiatan ?? 0 } } },
    { enabled: subKegiatan !== null },
  );
}

export function usePlanningChecks(tahun: number, perangkatDaerah: number | null) {
  return $api.useQuery('get', '/api/planning-checks/', {
    params: { query: { tahun, ...(perangkatDaerah ? { perangkat_daerah: perangkatDaerah } : {}) } },
  });
}
