import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { $api, fetchClient, unwrap, type Schemas } from '@/api/client';
import { importStarted, type ImportStarted } from '@/components/ui/import-panel';

export type Stage = Schemas['Anggaran'];
export type BudgetLine = Schemas['BudgetLine'];
export type BudgetLineBody = Schemas['BudgetLineRequest'];
export type Plafon = Schemas['Plafon'];
export type StandarHarga = Schemas['StandarHarga'];
export type AnggaranKas = Schemas['AnggaranKas'];
export type AnomalyRow = Schemas['AnomalyRow'];
export type RincianImportResult = Schemas['RincianImportResult'];
export type RincianImportMode = Schemas['RincianImportModeEnum'];
export type KasProfile = NonNullable<Schemas['AnggaranKasSpreadRequest']['profil']>;

/** A report endpoint answers JSON, xlsx or CSV by `format`; these hooks ask for JSON and give its typed body. */
function jsonOf<T>() {
  return {
    select: (data: T | string): T => {
      if (typeof data === 'string') throw new Error('Laporan tidak dikirim sebagai JSON.');
      return data;
    },
  };
}

const ALL = 1000; // the API's largest page: a sub kegiatan has tens of lines, an OPD a few hundred ceilings at most

/** Stages whose lines are executed: their amounts change only through a pergeseran, and they carry anggaran kas. */
export const EXECUTION_TAHAP: ReadonlySet<string> = new Set(['dpa', 'pergeseran', 'apbd_p']);

export function useStages(tahun: number) {
  return $api.useQuery('get', '/api/anggaran/', { params: { query: { tahun, page_size: 100 } } });
}

export function useOpdList(enabled: boolean) {
  return $api.useQuery('get', '/api/perangkat-daerah/', { params: { query: { page_size: ALL } } }, { enabled });
}

/** The sub kegiatan of an OPD's Renja for the year, one per code (a Renja may have several revisions). */
export function useSubKegiatanOptions(tahun: number, opd: number | undefined) {
  const list = $api.useQuery(
    'get',
    '/api/renja-sub-kegiatan/',
    { params: { query: { tahun, perangkat_daerah: opd, page_size: ALL } } },
    { enabled: opd !== undefined },
  );
  const seen = new Map<string, { kode: string; nama: string; nomenklatur: number; sumber_dana: number | null }>();
  for (const row of list.data?.results ?? []) {
    if (!seen.has(row.kode)) {
      seen.set(row.kode, { kode: row.kode, nama: row.nama, nomenklatur: row.nomenklatur, sumber_dana: row.sumber_dana ?? null });
    }
  }
  return { ...list, options: [...seen.values()].sort((a, b) => a.kode.localeCompare(b.kode)) };
}

export type LineScope = { anggaran: number; opd: number; subKegiatan: string };

export function useBudgetLines(scope: LineScope | null) {
  return $api.useQuery(
    'get',
    '/api/budget-lines/',
    {
      params: {
        query: scope
          ? { anggaran: scope.anggaran, opd: scope.opd, sub_kegiatan_kode: scope.subKegiatan, page_size: ALL }
          : {},
      },
    },
    { enabled: scope !== null },
  );
}

export function usePlafon(anggaran: number | undefined, opd: number | undefined) {
  return $api.useQuery(
    'get',
    '/api/plafon/',
    { params: { query: { anggaran, perangkat_daerah: opd, page_size: ALL } } },
    { enabled: anggaran !== undefined && opd !== undefined },
  );
}

/** The anomaly flags of the stage's lines of an OPD, by line id. */
export function useAnomalies(tahap: number | undefined, opd: number | undefined) {
  const report = $api.useQuery(
    'get',
    '/api/reports/anomali/',
    { params: { query: { tahap, perangkat_daerah: opd, limit: 100000 } } },
    { enabled: tahap !== undefined && opd !== undefined, ...jsonOf<Schemas['AnomalyReport']>() },
  );
  const byLine = new Map<number, AnomalyRow>((report.data?.rows ?? []).map((row) => [row.budget_line, row]));
  return { ...report, byLine };
}

export function useSumberDana(tahun: number) {
  return $api.useQuery('get', '/api/sumber-dana/', { params: { query: { tahun, page_size: ALL } } });
}

export function useStandarHargaSearch(tahun: number, q: string) {
  return $api.useQuery(
    'get',
    '/api/standar-harga/',
    { params: { query: { tahun, q, page_size: 20 } } },
    { enabled: q.trim().length >= 2 },
  );
}

/** Code and name of each akun id (the allowed akun of a price item, the akun of the lines). */
export function useAkunNames(ids: readonly number[]) {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: ['get', '/api/akun/{id}/', { params: { path: { id } } }],
      queryFn: async () => unwrap(await fetchClient.GET('/api/akun/{id}/', { params: { path: { id } } })),
      staleTime: 10 * 60_000,
    })),
  });
  const names = new Map<number, { kode: string; nama: string }>();
  results.forEach((result) => {
    if (result.data) names.set(result.data.id, { kode: result.data.kode, nama: result.data.nama });
  });
  return names;
}

function useInvalidate(paths: readonly string[]) {
  const queryClient = useQueryClient();
  return () => Promise.all(paths.map((path) => queryClient.invalidateQueries({ queryKey: ['get', path] })));
}

const LINE_PATHS = ['/api/budget-lines/', '/api/plafon/', '/api/reports/anomali/'];

export function useInvalidateLines() {
  return useInvalidate(LINE_PATHS);
}

/** The ceilings and anomaly flags only: the grid keeps its unsaved rows. */
export function useInvalidateLineFigures() {
  return useInvalidate(['/api/plafon/', '/api/reports/anomali/']);
}

/** Send a rincian sheet for one sub kegiatan of a stage: done at once, or a background job to poll. */
export async function importRincian(
  file: File,
  scope: { anggaran: number; opd: number; subKegiatan: number; mode: RincianImportMode },
): Promise<ImportStarted<RincianImportResult>> {
  return importStarted<RincianImportResult>(
    await fetchClient.POST('/api/budget-lines/import/', {
      body: {
        file: file as unknown as string,
        anggaran: scope.anggaran,
        perangkat_daerah: scope.opd,
        sub_kegiatan: scope.subKegiatan,
        mode: scope.mode,
        background: false,
      },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('file', file, file.name);
        form.append('anggaran', String(body.anggaran));
        form.append('perangkat_daerah', String(body.perangkat_daerah));
        form.append('sub_kegiatan', String(body.sub_kegiatan));
        form.append('mode', body.mode);
        return form;
      },
    }),
  );
}

export function useLineSave() {
  return useMutation({
    mutationFn: async ({ id, body }: { id?: number; body: BudgetLineBody }) =>
      id === undefined
        ? unwrap(await fetchClient.POST('/api/budget-lines/', { body }))
        : unwrap(await fetchClient.PATCH('/api/budget-lines/{id}/', { params: { path: { id } }, body })),
  });
}

export function useLineDelete() {
  const invalidate = useInvalidateLines();
  return useMutation({
    mutationFn: async (id: number) => {
      const result = await fetchClient.DELETE('/api/budget-lines/{id}/', { params: { path: { id } } });
      if (!result.response.ok) unwrap(result);
    },
    onSuccess: invalidate,
  });
}

// ---------------------------------------------------------------- anggaran kas

export function useAnggaranKas(scope: LineScope | null) {
  return $api.useQuery(
    'get',
    '/api/anggaran-kas/',
    {
      params: {
        query: scope
          ? { anggaran: scope.anggaran, opd: scope.opd, sub_kegiatan_kode: scope.subKegiatan, page_size: ALL }
          : {},
      },
    },
    { enabled: scope !== null },
  );
}

/** The stage's anggaran kas report for one OPD: its rows carry the OPD's monthly totals. */
export function useKasReport(tahap: number | undefined, opd: number | undefined) {
  return $api.useQuery(
    'get',
    '/api/reports/anggaran-kas/',
    { params: { query: { tahap, perangkat_daerah: opd } } },
    { enabled: tahap !== undefined && opd !== undefined, ...jsonOf<Schemas['AnggaranKasReport']>() },
  );
}

const KAS_PATHS = ['/api/anggaran-kas/', '/api/reports/anggaran-kas/'];

export function useInvalidateKas() {
  return useInvalidate(KAS_PATHS);
}

export function useKasSave() {
  return useMutation({
    mutationFn: async ({ id, budgetLine, bulan, version }: { id?: number; budgetLine: number; bulan: string[]; version?: number }) =>
      id === undefined
        ? unwrap(await fetchClient.POST('/api/anggaran-kas/', { body: { budget_line: budgetLine, bulan } }))
        : unwrap(await fetchClient.PUT('/api/anggaran-kas/{id}/', { params: { path: { id } }, body: { budget_line: budgetLine, bulan, version } })),
  });
}

export function useKasSpread() {
  const invalidate = useInvalidateKas();
  return useMutation({
    mutationFn: async (body: Schemas['AnggaranKasSpreadRequest']) =>
      unwrap(await fetchClient.POST('/api/anggaran-kas/spread/', { body })),
    onSuccess: invalidate,
  });
}
