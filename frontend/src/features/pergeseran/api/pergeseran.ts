import { keepPreviousData, useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { $api, fetchClient, unwrap, type Schemas } from '@/api/client';

export type Pergeseran = Schemas['Pergeseran'];
export type Item = Schemas['PergeseranItem'];
export type Stage = Schemas['Anggaran'];
export type Line = Schemas['BudgetLine'];

export function useStages(tahun: number) {
  return $api.useQuery('get', '/api/anggaran/', { params: { query: { tahun, page_size: 100 } } });
}

/** The shifts drafted on the year's stages, newest first. */
export function usePergeseranList() {
  return $api.useQuery('get', '/api/pergeseran/', { params: { query: { page_size: 100 } } });
}

/** Lines of a stage to shift from or to: by komponen words, within the OPD when one is given. */
export function useLineSearch(anggaran: number, q: string, opd?: number) {
  return $api.useQuery(
    'get',
    '/api/budget-lines/',
    { params: { query: { anggaran, q: q || undefined, opd, jenis: 'belanja', page_size: 20 } } },
    { enabled: q.trim().length >= 2, placeholderData: keepPreviousData },
  );
}

/** The sub kegiatan an OPD budgets in the stage (a new line goes under one of them). */
export function useOpdLines(anggaran: number, opd: number | undefined) {
  return $api.useQuery(
    'get',
    '/api/budget-lines/',
    { params: { query: { anggaran, opd, jenis: 'belanja', page_size: 1000 } } },
    { enabled: opd !== undefined, staleTime: 60_000 },
  );
}

export function useAkunSearch(q: string, tahun: number) {
  return $api.useQuery(
    'get',
    '/api/akun/',
    { params: { query: { q: q || undefined, kode_prefix: '5', level: 6, tahun, page_size: 20 } } },
    { enabled: q.trim().length >= 2, placeholderData: keepPreviousData },
  );
}

export function useSumberDana() {
  return $api.useQuery('get', '/api/sumber-dana/', { params: { query: { page_size: 1000 } } }, { staleTime: 5 * 60_000 });
}

export function useOpdList(enabled: boolean) {
  return $api.useQuery('get', '/api/perangkat-daerah/', { params: { query: { page_size: 1000 } } }, { enabled });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries();
}

export function useCreatePergeseran() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: {
      anggaran: number;
      jenis: Schemas['PergeseranJenisEnum'];
      uraian: string;
      items: Schemas['PergeseranItemRequest'][];
    }) => unwrap(await fetchClient.POST('/api/pergeseran/', { body })),
    onSuccess: invalidate,
  });
}

/** Replace the draft's items (the server computes sebelum, sesudah and selisih of each). */
export function useSaveItems() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ id, items, version }: { id: number; items: Schemas['PergeseranItemRequest'][]; version?: number }) =>
      unwrap(await fetchClient.PATCH('/api/pergeseran/{id}/', { params: { path: { id } }, body: { items, version } })),
    onSuccess: invalidate,
  });
}

export type Step = 'approve' | 'apply';

export function usePergeseranStep() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ id, step }: { id: number; step: Step }) => {
      const init = { params: { path: { id } } };
      return step === 'approve'
        ? unwrap(await fetchClient.POST('/api/pergeseran/{id}/approve/', init))
        : unwrap(await fetchClient.POST('/api/pergeseran/{id}/apply/', init));
    },
    onSuccess: invalidate,
  });
}

/** The lines a saved shift changes, by id, to name its items (a shift changes a handful of lines). */
export function useLines(ids: readonly number[]): Map<number, Line> {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['get', '/api/budget-lines/{id}/', id],
      queryFn: async () => unwrap(await fetchClient.GET('/api/budget-lines/{id}/', { params: { path: { id } } })),
      staleTime: 60_000,
    })),
  });
  return new Map(results.flatMap((result) => (result.data ? [[result.data.id, result.data] as const] : [])));
}
