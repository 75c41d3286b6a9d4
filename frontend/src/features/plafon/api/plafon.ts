import { useMutation, useQueryClient } from '@tanstack/react-query';
import { $api, fetchClient, unwrap, type Schemas } from '@/api/client';

export type Stage = Schemas['Anggaran'];
export type CeilingRow = Schemas['PlafonTerpakaiRow'];
export type PlafonMode = Schemas['PlafonModeEnum'];

const ALL = 1000; // the API's largest page

/** The year's stages, to pick the one whose ceilings are shown. */
export function useStages(tahun: number) {
  return $api.useQuery('get', '/api/anggaran/', { params: { query: { tahun, page_size: 100 } } });
}

/** The pemda's OPD (not sub units: a ceiling is set per OPD), for a new ceiling. */
export function useOpdOptions(enabled: boolean) {
  return $api.useQuery('get', '/api/perangkat-daerah/', { params: { query: { page_size: ALL } } }, { enabled });
}

/** Each ceiling of the stage with its live use, as the server sums it. */
export function useCeilings(anggaran: number | undefined) {
  return $api.useQuery(
    'get',
    '/api/plafon/terpakai/',
    { params: { query: { anggaran: anggaran ?? 0 } } },
    { enabled: anggaran !== undefined },
  );
}

function useInvalidateCeilings() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      ['/api/plafon/terpakai/', '/api/plafon/'].map((path) => queryClient.invalidateQueries({ queryKey: ['get', path] })),
    );
}

/** The ETag of the row as read: a change made meanwhile by someone else gets 412 and changes nothing. */
function ifMatch(version: number) {
  return { 'If-Match': `"${version}"` };
}

export type CeilingBody = {
  anggaran: number;
  perangkat_daerah: number;
  program_kode: string;
  sub_kegiatan_kode: string;
  jumlah: string;
  mode: PlafonMode;
};

/** Add a ceiling (`body`) or change the amount and mode of one (`row`, as read: its version goes as If-Match). */
export function useCeilingSave() {
  const invalidate = useInvalidateCeilings();
  return useMutation({
    mutationFn: async (input: { row: CeilingRow; jumlah: string; mode: PlafonMode } | { body: CeilingBody }) =>
      'body' in input
        ? unwrap(await fetchClient.POST('/api/plafon/', { body: input.body }))
        : unwrap(
            await fetchClient.PATCH('/api/plafon/{id}/', {
              params: { path: { id: input.row.id }, header: ifMatch(input.row.version) },
              // the scope stays as it is; the schema asks for both codes on every write
              body: {
                program_kode: input.row.lingkup === 'perangkat_daerah' ? '' : input.row.program_kode,
                sub_kegiatan_kode: input.row.sub_kegiatan_kode,
                jumlah: input.jumlah,
                mode: input.mode,
              },
            }),
          ),
    onSuccess: invalidate,
  });
}

export function useCeilingDelete() {
  const invalidate = useInvalidateCeilings();
  return useMutation({
    mutationFn: async ({ id, version }: { id: number; version: number }) => {
      const result = await fetchClient.DELETE('/api/plafon/{id}/', {
        params: { path: { id }, header: ifMatch(version) },
      });
      if (!result.response.ok) unwrap(result);
    },
    onSuccess: invalidate,
  });
}
