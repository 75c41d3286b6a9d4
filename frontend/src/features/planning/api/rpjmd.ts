import { useMutation, useQueryClient } from '@tanstack/react-query';
import { $api, fetchClient, unwrap, type Schemas } from '@/api/client';

export type Rpjmd = Schemas['Rpjmd'];
export type Misi = Schemas['Misi'];
export type Tujuan = Schemas['Tujuan'];
export type Sasaran = Schemas['Sasaran'];
export type Strategi = Schemas['Strategi'];
export type ArahKebijakan = Schemas['ArahKebijakan'];
export type ProgramRpjmd = Schemas['ProgramRpjmd'];
export type Indikator = Schemas['Indikator'];

/** The levels of the RPJMD tree below the visi, each with the field that points at its parent. */
export type ItemKind = 'misi' | 'tujuan' | 'sasaran' | 'strategi' | 'arah' | 'program';

const ALL = 1000; // the API's max page size; an RPJMD has at most a few hundred rows per level

export function useRpjmdList() {
  return $api.useQuery('get', '/api/rpjmd/', { params: { query: { page_size: 100 } } });
}

/** Every row of one RPJMD revision, level by level (six requests in parallel). */
export function useRpjmdContent(rpjmd: number | undefined) {
  const query = { rpjmd, page_size: ALL };
  const enabled = rpjmd !== undefined;
  const misi = $api.useQuery('get', '/api/misi/', { params: { query } }, { enabled });
  const tujuan = $api.useQuery('get', '/api/tujuan/', { params: { query } }, { enabled });
  const sasaran = $api.useQuery('get', '/api/sasaran/', { params: { query } }, { enabled });
  const strategi = $api.useQuery('get', '/api/strategi/', { params: { query } }, { enabled });
  const arah = $api.useQuery('get', '/api/arah-kebijakan/', { params: { query } }, { enabled });
  const program = $api.useQuery('get', '/api/program-rpjmd/', { params: { query } }, { enabled });
  const all = [misi, tujuan, sasaran, strategi, arah, program];
  return {
    isPending: all.some((q) => q.isPending),
    error: all.find((q) => q.isError)?.error ?? null,
    refetch: () => all.forEach((q) => void q.refetch()),
    misi: misi.data?.results ?? [],
    tujuan: tujuan.data?.results ?? [],
    sasaran: sasaran.data?.results ?? [],
    strategi: strategi.data?.results ?? [],
    arah: arah.data?.results ?? [],
    program: program.data?.results ?? [],
  };
}

export type IndikatorOwner = { field: 'tujuan' | 'sasaran' | 'program_rpjmd'; id: number };

export function useIndikatorList(owner: IndikatorOwner | null) {
  return $api.useQuery(
    'get',
    '/api/indikator/',
    { params: { query: owner ? { [owner.field]: owner.id, page_size: ALL } : {} } },
    { enabled: owner !== null },
  );
}

const CONTENT_PATHS = [
  '/api/rpjmd/',
  '/api/misi/',
  '/api/tujuan/',
  '/api/sasaran/',
  '/api/strategi/',
  '/api/arah-kebijakan/',
  '/api/program-rpjmd/',
  '/api/indikator/',
  '/api/cascade/',
];

function useInvalidateRpjmd() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(CONTENT_PATHS.map((path) => queryClient.invalidateQueries({ queryKey: ['get', path] })));
}

export type Transition = 'submit' | 'verify' | 'return' | 'approve';

export function useRpjmdTransition() {
  const invalidate = useInvalidateRpjmd();
  return useMutation({
    mutationFn: async ({ id, action, catatan = '' }: { id: number; action: Transition; catatan?: string }) => {
      const init = { params: { path: { id } }, body: { catatan } };
      switch (action) {
        case 'submit':
          return unwrap(await fetchClient.POST('/api/rpjmd/{id}/submit/', init));
        case 'verify':
          return unwrap(await fetchClient.POST('/api/rpjmd/{id}/verify/', init));
        case 'return':
          return unwrap(await fetchClient.POST('/api/rpjmd/{id}/return/', init));
        case 'approve':
          return unwrap(await fetchClient.POST('/api/rpjmd/{id}/approve/', init));
      }
    },
    onSuccess: invalidate,
  });
}

export function useRpjmdRevise() {
  const invalidate = useInvalidateRpjmd();
  return useMutation({
    mutationFn: async (id: number) =>
      unwrap(await fetchClient.POST('/api/rpjmd/{id}/revise/', { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}

export function useRpjmdUpdate() {
  const invalidate = useInvalidateRpjmd();
  return useMutation({
    mutationFn: async ({ id, visi, version }: { id: number; visi: string; version?: number }) =>
      unwrap(await fetchClient.PATCH('/api/rpjmd/{id}/', { params: { path: { id } }, body: { visi, version } })),
    onSuccess: invalidate,
  });
}

type ItemText = { uraian: string; nomor?: number; version?: number };

/** Change the text of a row in place. */
export function useItemUpdate() {
  const invalidate = useInvalidateRpjmd();
  return useMutation({
    mutationFn: async ({ kind, id, body }: { kind: Exclude<ItemKind, 'program'>; id: number; body: ItemText }) => {
      const init = { params: { path: { id } }, body };
      switch (kind) {
        case 'misi':
          return unwrap(await fetchClient.PATCH('/api/misi/{id}/', init));
        case 'tujuan':
          return unwrap(await fetchClient.PATCH('/api/tujuan/{id}/', init));
        case 'sasaran':
          return unwrap(await fetchClient.PATCH('/api/sasaran/{id}/', init));
        case 'strategi':
          return unwrap(await fetchClient.PATCH('/api/strategi/{id}/', init));
        case 'arah':
          return unwrap(await fetchClient.PATCH('/api/arah-kebijakan/{id}/', init));
      }
    },
    onSuccess: invalidate,
  });
}

/** Add a row under its parent: a misi under the RPJMD, a tujuan under a misi, … */
export function useItemCreate() {
  const invalidate = useInvalidateRpjmd();
  return useMutation({
    mutationFn: async ({
      kind,
      parent,
      body,
    }: {
      kind: Exclude<ItemKind, 'program'>;
      parent: number;
      body: { uraian: string; nomor?: number };
    }): Promise<{ id: number }> => {
      switch (kind) {
        case 'misi':
          return unwrap(await fetchClient.POST('/api/misi/', { body: { ...body, rpjmd: parent } }));
        case 'tujuan':
          return unwrap(await fetchClient.POST('/api/tujuan/', { body: { ...body, misi: parent } }));
        case 'sasaran':
          return unwrap(await fetchClient.POST('/api/sasaran/', { body: { ...body, tujuan: parent } }));
        case 'strategi':
          return unwrap(await fetchClient.POST('/api/strategi/', { body: { ...body, sasaran: parent } }));
        case 'arah':
          return unwrap(await fetchClient.POST('/api/arah-kebijakan/', { body: { ...body, strategi: parent } }));
      }
    },
    onSuccess: invalidate,
  });
}

export type IndikatorBody = Schemas['IndikatorRequest'];

/** Save one indicator row of the grid: create it (no id) or update it (with its version). */
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

export function useProgramPaguUpdate() {
  const invalidate = useInvalidateRpjmd();
  return useMutation({
    mutationFn: async ({
      id,
      pagu_tahunan,
      version,
    }: {
      id: number;
      pagu_tahunan: { tahun: number; pagu: string }[];
      version?: number;
    }) =>
      unwrap(
        await fetchClient.PATCH('/api/program-rpjmd/{id}/', {
          params: { path: { id } },
          body: { pagu_tahunan, version },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useInvalidateIndikator() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      ['/api/indikator/', '/api/cascade/'].map((path) => queryClient.invalidateQueries({ queryKey: ['get', path] })),
    );
}
