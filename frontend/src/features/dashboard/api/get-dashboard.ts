import { $api } from '@/api/client';

/** GET /api/dashboard/: the leader's figures for the year s.d. the month (the server's default month without one). */
export function useDashboard(query: { tahun: number; bulan?: number }) {
  return $api.useQuery('get', '/api/dashboard/', { params: { query } });
}
