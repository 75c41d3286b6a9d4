import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import { $api, ApiError, fetchClient, unwrap, type Schemas } from '@/api/client';
import type { paths } from '@/api/schema';

export type Usulan = Schemas['Usulan'];
export type Tahap = Schemas['TahapUsulanEnum'];
export type UsulanQuery = NonNullable<paths['/api/usulan/']['get']['parameters']['query']>;
export type BulkRowError = Schemas['UsulanBulkRowError'];

export const PAGE_SIZE = 25;

export const TAHAP_LABEL: Record<Tahap, string> = {
  kecamatan: 'Musrenbang Kecamatan',
  opd: 'Forum Perangkat Daerah',
  kabupaten: 'Musrenbang Kabupaten',
};

export const KEPUTUSAN_LABEL: Record<Usulan['keputusan'], string> = {
  diajukan: 'Diajukan',
  diterima: 'Diterima',
  ditolak: 'Ditolak',
  digabung: 'Digabung',
};

export const PENGUSUL_LABEL: Record<Usulan['pengusul_jenis'], string> = {
  desa: 'Desa/Kelurahan',
  kecamatan: 'Forum Kecamatan',
  dprd: 'Anggota DPRD',
};

/** One page of proposals matching the filters. */
export function useUsulanList(query: UsulanQuery) {
  return $api.useQuery(
    'get',
    '/api/usulan/',
    { params: { query: { page_size: PAGE_SIZE, ...query } } },
    { placeholderData: keepPreviousData },
  );
}

/** The proposers (desa, forum kecamatan, DPRD members) with their counts, for the proposer filter. */
export function usePengusul(query: Pick<UsulanQuery, 'tahun' | 'jenis' | 'pengusul_jenis'>) {
  return $api.useQuery('get', '/api/usulan/pengusul/', { params: { query } });
}

/** The OPDs' Renja sub kegiatan, for naming the one an accepted proposal became. */
export function useRenjaSubKegiatan(query: { tahun: number; perangkat_daerah?: number | null }, enabled: boolean) {
  return $api.useQuery(
    'get',
    '/api/renja-sub-kegiatan/',
    { params: { query: { page_size: 1000, tahun: query.tahun, perangkat_daerah: query.perangkat_daerah ?? undefined } } },
    { enabled: enabled && Boolean(query.perangkat_daerah) },
  );
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['get', '/api/usulan/'] }),
      queryClient.invalidateQueries({ queryKey: ['get', '/api/usulan/pengusul/'] }),
    ]);
}

export type ReviewInput = Schemas['UsulanReviewInputRequest'] & { id: number };

/** Accept, reject (with reason) or merge one proposal at one level. */
export function useReviewUsulan() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ id, ...body }: ReviewInput) =>
      unwrap(await fetchClient.POST('/api/usulan/{id}/review/', { params: { path: { id } }, body })),
    onSuccess: invalidate,
  });
}

export type BulkInput = Schemas['UsulanBulkReviewInputRequest'];

/** One decision on many proposals, all or none. */
export function useReviewBulk() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: BulkInput) => unwrap(await fetchClient.POST('/api/usulan/review-bulk/', { body })),
    onSuccess: invalidate,
  });
}

/** The per-proposal refusals of a rejected bulk review, or [] for any other error. */
export function bulkRowErrors(error: unknown): BulkRowError[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  const body = error.body as { errors?: unknown } | null;
  return Array.isArray(body?.errors) ? (body.errors as BulkRowError[]) : [];
}
