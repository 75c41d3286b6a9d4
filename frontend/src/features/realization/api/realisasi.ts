import { useMutation, useQueryClient } from '@tanstack/react-query';
import { $api, fetchClient, unwrap, type Schemas } from '@/api/client';
import { importStarted, type ImportStarted } from '@/components/ui/import-panel';

export type Entry = Schemas['Realisasi'];
export type LineSummary = Schemas['RealisasiRingkasan'];
export type Periode = Schemas['RealisasiPeriode'];
export type ImportResult = Schemas['RealisasiImportResult'];

export const ENTRY_PAGE_SIZE = 50;

export function useStages(tahun: number) {
  return $api.useQuery('get', '/api/anggaran/', { params: { query: { tahun, page_size: 100 } } });
}

/** The OPDs of the pemda (for a TAPD user's OPD filter and the list's OPD column). */
export function useOpdList(enabled: boolean) {
  return $api.useQuery(
    'get',
    '/api/perangkat-daerah/',
    { params: { query: { page_size: 1000 } } },
    { enabled },
  );
}

/** Lines of the stage matching `q`, each with pagu, anggaran kas, realization s.d. `bulan` and sisa (server's). */
export function useLineSearch(anggaran: number, q: string, bulan: number, opd: number | undefined) {
  return $api.useQuery(
    'get',
    '/api/realisasi-ringkasan/',
    { params: { query: { anggaran, q: q || undefined, bulan, opd, page_size: 20 } } },
    { enabled: q.length >= 2, placeholderData: (previous) => previous },
  );
}

/** One line's figures s.d. `bulan`, as the server computes them. */
export function useLineSummary(id: number | null, bulan: number) {
  return $api.useQuery(
    'get',
    '/api/realisasi-ringkasan/{id}/',
    { params: { path: { id: id ?? 0 }, query: { bulan } } },
    { enabled: id !== null },
  );
}

export type EntryFilters = { anggaran: number; bulan?: number; opd?: number; jenis?: Schemas['RealisasiJenisEnum'] };

export function useEntries(filters: EntryFilters, page: number) {
  return $api.useQuery('get', '/api/realisasi/', {
    params: { query: { ...filters, page, page_size: ENTRY_PAGE_SIZE } },
  });
}

export function useEntryTotals(filters: EntryFilters) {
  return $api.useQuery('get', '/api/realisasi/totals/', { params: { query: filters } });
}

export function usePeriods(tahun: number) {
  return $api.useQuery('get', '/api/realisasi-periode/', { params: { query: { tahun, page_size: 100 } } });
}

/** What changes when realization is posted, voided or imported, or a month closes. */
function useInvalidateRealisasi() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      [
        '/api/realisasi/',
        '/api/realisasi/totals/',
        '/api/realisasi-ringkasan/',
        '/api/realisasi-ringkasan/{id}/',
        '/api/realisasi-periode/',
      ].map((path) => queryClient.invalidateQueries({ queryKey: ['get', path] })),
    );
}

export type EntryInput = Schemas['RealisasiRequest'];

export function usePostEntry() {
  const invalidate = useInvalidateRealisasi();
  return useMutation({
    mutationFn: async (body: EntryInput) => unwrap(await fetchClient.POST('/api/realisasi/', { body })),
    onSuccess: invalidate,
  });
}

export function useVoidEntry() {
  const invalidate = useInvalidateRealisasi();
  return useMutation({
    mutationFn: async ({ id, alasan }: { id: number; alasan: string }) =>
      unwrap(await fetchClient.POST('/api/realisasi/{id}/void/', { params: { path: { id } }, body: { alasan } })),
    onSuccess: invalidate,
  });
}

export function useClosePeriod() {
  const invalidate = useInvalidateRealisasi();
  return useMutation({
    mutationFn: async (body: { tahun: number; bulan: number; alasan: string }) =>
      unwrap(await fetchClient.POST('/api/realisasi-periode/', { body })),
    onSuccess: invalidate,
  });
}

export function useReopenPeriod() {
  const invalidate = useInvalidateRealisasi();
  return useMutation({
    mutationFn: async ({ periode, alasan }: { periode: Periode; alasan: string }) =>
      unwrap(
        await fetchClient.POST('/api/realisasi-periode/{id}/reopen/', {
          params: { path: { id: periode.id } },
          body: { alasan },
        }),
      ),
    onSuccess: invalidate,
  });
}

/** Send a realization export to the import: done at once, or a background job for the shared panel to poll. */
export async function importRealisasi(file: File, anggaran: number): Promise<ImportStarted<ImportResult>> {
  return importStarted<ImportResult>(
    await fetchClient.POST('/api/realisasi/import/', {
      body: { file: file as unknown as string, anggaran, background: false },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('file', file, file.name);
        form.append('anggaran', String(body.anggaran));
        return form;
      },
    }),
  );
}

/** Refresh what an import posted. */
export const useInvalidateAfterImport = useInvalidateRealisasi;
