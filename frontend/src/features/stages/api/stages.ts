import { useMutation, useQueryClient } from '@tanstack/react-query';
import { $api, fetchClient, unwrap, type Schemas } from '@/api/client';

export type Stage = Schemas['Anggaran'];
export type Tahap = Schemas['TahapAnggaranEnum'];

/** The year's stages with their totals per side (the API's, over the caller's lines), oldest first. */
export function useStageList(tahun: number) {
  return $api.useQuery('get', '/api/anggaran/', { params: { query: { tahun, page_size: 100 } } });
}

export function useOpdList(enabled: boolean) {
  return $api.useQuery('get', '/api/perangkat-daerah/', { params: { query: { page_size: 1000 } } }, { enabled });
}

function useInvalidateStages() {
  const queryClient = useQueryClient();
  // a stage's state changes what every budgeting screen and report may do with it
  return () => queryClient.invalidateQueries();
}

export type StageAction = 'close' | 'open';

export function useStageAction() {
  const invalidate = useInvalidateStages();
  return useMutation({
    mutationFn: async ({ id, action }: { id: number; action: StageAction }) => {
      const init = { params: { path: { id } } };
      return action === 'close'
        ? unwrap(await fetchClient.POST('/api/anggaran/{id}/close/', init))
        : unwrap(await fetchClient.POST('/api/anggaran/{id}/open/', init));
    },
    onSuccess: invalidate,
  });
}

export function useCopyToNext() {
  const invalidate = useInvalidateStages();
  return useMutation({
    mutationFn: async ({ id, tahap, keterangan }: { id: number; tahap?: Tahap; keterangan: string }) =>
      unwrap(
        await fetchClient.POST('/api/anggaran/{id}/copy-to-next/', {
          params: { path: { id } },
          body: { tahap, keterangan },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useOpdLock() {
  const invalidate = useInvalidateStages();
  return useMutation({
    mutationFn: async ({ id, perangkat_daerah, is_closed }: { id: number; perangkat_daerah: number; is_closed: boolean }) =>
      unwrap(
        await fetchClient.POST('/api/anggaran/{id}/opd-lock/', {
          params: { path: { id } },
          body: { perangkat_daerah, is_closed },
        }),
      ),
    onSuccess: invalidate,
  });
}
