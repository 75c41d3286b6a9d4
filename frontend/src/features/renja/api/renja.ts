import { useMutation, useQueryClient } from '@tanstack/react-query';
import { $api, ApiError, fetchClient, readCookie, unwrap, type Schemas } from '@/api/client';

export type Renja = Schemas['Renja'];
export type RenjaProgram = Schemas['RenjaProgram'];
export type RenjaKegiatan = Schemas['RenjaKegiatan'];
export type RenjaSubKegiatan = Schemas['RenjaSubKegiatan'];
export type SubKegiatanBody = Schemas['PatchedRenjaSubKegiatanRequest'];
export type Indikator = Schemas['Indikator'];
export type IndikatorBody = Schemas['IndikatorRequest'];
export type Nomenklatur = Schemas['Nomenklatur'];
export type ImportResult = Schemas['RenjaImportResult'];
export type Transition = 'submit' | 'verify' | 'return' | 'approve';
/** The three levels of a Renja, as the tree and the code picker name them. */
export type Level = 'program' | 'kegiatan' | 'sub_kegiatan';

const ALL = 1000; // the API's max page size

/** The OPDs (not sub units) Bappeda picks from. */
export function useOpdList(enabled: boolean) {
  return $api.useQuery(
    'get',
    '/api/perangkat-daerah/',
    { params: { query: { is_sub_unit: false, is_active: true, page_size: ALL } } },
    { enabled },
  );
}

/** Every revision of one OPD's Renja for the year. */
export function useRenjaRevisions(tahun: number, perangkatDaerah: number | null) {
  return $api.useQuery(
    'get',
    '/api/renja/',
    { params: { query: { tahun, perangkat_daerah: perangkatDaerah ?? undefined, page_size: 100 } } },
    { enabled: perangkatDaerah !== null },
  );
}

/** Programs, kegiatan and sub kegiatan of one Renja revision (three requests in parallel). */
export function useRenjaContent(renja: number) {
  const query = { renja, page_size: ALL };
  const program = $api.useQuery('get', '/api/renja-program/', { params: { query } });
  const kegiatan = $api.useQuery('get', '/api/renja-kegiatan/', { params: { query } });
  const sub = $api.useQuery('get', '/api/renja-sub-kegiatan/', { params: { query } });
  const all = [program, kegiatan, sub];
  return {
    isPending: all.some((q) => q.isPending),
    error: all.find((q) => q.isError)?.error ?? null,
    refetch: () => all.forEach((q) => void q.refetch()),
    program: program.data?.results ?? [],
    kegiatan: kegiatan.data?.results ?? [],
    subKegiatan: sub.data?.results ?? [],
  };
}

export type RenjaContent = ReturnType<typeof useRenjaContent>;

/** The sumber dana classification in force for the year, every level (a sub kegiatan may name any). */
export function useSumberDana(tahun: number) {
  return $api.useQuery('get', '/api/sumber-dana/', { params: { query: { tahun, page_size: ALL } } });
}

const NOMENKLATUR_LEVEL = { program: 3, kegiatan: 4, sub_kegiatan: 5 } as const;

/**
 * Nomenclature rows of one level in force for the year and pemda level, under `parent` when given, matching `q` (a
 * code prefix or words of the name); nothing is asked until there is something to look for.
 */
export function useNomenklaturSearch({
  level,
  parent,
  q,
  tahun,
  pemdaLevel,
}: {
  level: Level;
  parent?: number;
  q: string;
  tahun: number;
  pemdaLevel?: string;
}) {
  const enabled = q.trim().length >= 2 || parent !== undefined;
  return $api.useQuery(
    'get',
    '/api/nomenklatur/',
    {
      params: {
        query: {
          level: NOMENKLATUR_LEVEL[level],
          parent,
          q: q.trim() || undefined,
          tahun,
          pemda_level: pemdaLevel || undefined,
          page_size: 30,
        },
      },
    },
    { enabled },
  );
}

export function useSubKegiatanIndikator(subKegiatan: number) {
  return $api.useQuery('get', '/api/indikator/', {
    params: { query: { renja_sub_kegiatan: subKegiatan, page_size: ALL } },
  });
}

const CONTENT_PATHS = [
  '/api/renja/',
  '/api/renja-program/',
  '/api/renja-kegiatan/',
  '/api/renja-sub-kegiatan/',
  '/api/indikator/',
];

export function useInvalidateRenja() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(CONTENT_PATHS.map((path) => queryClient.invalidateQueries({ queryKey: ['get', path] })));
}

export function useRenjaCreate() {
  const invalidate = useInvalidateRenja();
  return useMutation({
    mutationFn: async (body: { tahun: number; perangkat_daerah: number }) =>
      unwrap(await fetchClient.POST('/api/renja/', { body })),
    onSuccess: invalidate,
  });
}

export function useRenjaTransition() {
  const invalidate = useInvalidateRenja();
  return useMutation({
    mutationFn: async ({ id, action, catatan = '' }: { id: number; action: Transition; catatan?: string }) => {
      const init = { params: { path: { id } }, body: { catatan } };
      switch (action) {
        case 'submit':
          return unwrap(await fetchClient.POST('/api/renja/{id}/submit/', init));
        case 'verify':
          return unwrap(await fetchClient.POST('/api/renja/{id}/verify/', init));
        case 'return':
          return unwrap(await fetchClient.POST('/api/renja/{id}/return/', init));
        case 'approve':
          return unwrap(await fetchClient.POST('/api/renja/{id}/approve/', init));
      }
    },
    onSuccess: invalidate,
  });
}

export function useRenjaRevise() {
  const invalidate = useInvalidateRenja();
  return useMutation({
    mutationFn: async (id: number) =>
      unwrap(await fetchClient.POST('/api/renja/{id}/revise/', { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}

/** Add a program to the Renja, a kegiatan to a program or a sub kegiatan to a kegiatan, by its nomenclature row. */
export function useItemCreate() {
  const invalidate = useInvalidateRenja();
  return useMutation({
    mutationFn: async ({
      level,
      parent,
      nomenklatur,
    }: {
      level: Level;
      parent: number;
      nomenklatur: number;
    }): Promise<{ id: number }> => {
      switch (level) {
        case 'program':
          return unwrap(await fetchClient.POST('/api/renja-program/', { body: { renja: parent, nomenklatur } }));
        case 'kegiatan':
          return unwrap(await fetchClient.POST('/api/renja-kegiatan/', { body: { program: parent, nomenklatur } }));
        case 'sub_kegiatan':
          return unwrap(
            await fetchClient.POST('/api/renja-sub-kegiatan/', { body: { kegiatan: parent, nomenklatur } }),
          );
      }
    },
    onSuccess: invalidate,
  });
}

export function useItemDelete() {
  const invalidate = useInvalidateRenja();
  return useMutation({
    mutationFn: async ({ level, id }: { level: Level; id: number }) => {
      const init = { params: { path: { id } } };
      const result =
        level === 'program'
          ? await fetchClient.DELETE('/api/renja-program/{id}/', init)
          : level === 'kegiatan'
            ? await fetchClient.DELETE('/api/renja-kegiatan/{id}/', init)
            : await fetchClient.DELETE('/api/renja-sub-kegiatan/{id}/', init);
      if (!result.response.ok) unwrap(result);
    },
    onSuccess: invalidate,
  });
}

export function useSubKegiatanUpdate() {
  const invalidate = useInvalidateRenja();
  return useMutation({
    mutationFn: async ({ id, body }: { id: number; body: SubKegiatanBody }) =>
      unwrap(await fetchClient.PATCH('/api/renja-sub-kegiatan/{id}/', { params: { path: { id } }, body })),
    onSuccess: invalidate,
  });
}

/** Save one indicator row: create it (no id) or update it (with its version). */
export function useIndikatorSave() {
  return useMutation({
    mutationFn: async ({ id, body }: { id?: number; body: IndikatorBody }) =>
      id === undefined
        ? unwrap(await fetchClient.POST('/api/indikator/', { body }))
        : unwrap(await fetchClient.PATCH('/api/indikator/{id}/', { params: { path: { id } }, body })),
  });
}

export function useIndikatorDelete() {
  return useMutation({
    mutationFn: async (id: number) => {
      const result = await fetchClient.DELETE('/api/indikator/{id}/', { params: { path: { id } } });
      if (!result.response.ok) unwrap(result);
    },
  });
}

/**
 * Upload a workbook of sub kegiatan rows. The API answers 201 with the result, or 400 with every bad row (row,
 * column, reason); nothing is imported then.
 */
export function useRenjaImport() {
  const invalidate = useInvalidateRenja();
  return useMutation({
    mutationFn: async ({ id, file, replace }: { id: number; file: File; replace: boolean }) => {
      const form = new FormData();
      form.append('file', file);
      form.append('replace', replace ? 'true' : 'false');
      // multipart: the browser sets the boundary, so no typed JSON body here
      const headers: Record<string, string> = {};
      const token = readCookie('csrftoken');
      if (token) headers['X-CSRFToken'] = token;
      const response = await globalThis.fetch(
        new Request(`${globalThis.location?.origin ?? ''}/api/renja/${id}/import/`, {
          method: 'POST',
          body: form,
          headers,
          credentials: 'same-origin',
        }),
      );
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) throw new ApiError(response.status, body);
      return body as ImportResult;
    },
    onSuccess: invalidate,
  });
}

/** Where the workbook of a Renja's rows is downloaded (the session cookie authenticates the GET). */
export function exportUrl(renja: number): string {
  return `/api/renja/${renja}/export/`;
}

/** The pemda's RKPD of the year (its latest revision), which the Renja of every OPD feeds. */
export function useCurrentRkpd(tahun: number) {
  return $api.useQuery('get', '/api/rkpd/', { params: { query: { tahun, is_current: true, page_size: 1 } } });
}
